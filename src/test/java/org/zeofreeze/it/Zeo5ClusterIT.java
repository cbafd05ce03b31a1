package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testbed.MovedStorage;
import org.zeofreeze.testbed.SiteLoad;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testbed.TestHaproxy;

/**
 * Plone 5.2's generation: ZEO 5.2.3 / ZODB 5.8.1 under Zope 5 (build-cluster.sh --generation zeo5), two
 * clients behind a real HAProxy and a second ZEO 5 server from its own buildout as the move's target,
 * all through the packaged command line. The full stop freezes and thaws back to every file as built;
 * the rolling freeze and the move fail no request under load; the move's catalog serves writable at the
 * new server while the old catalog.fs keeps its bytes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Zeo5ClusterIT {
    @TempDir
    static Path work;

    static TestCluster cluster;
    static TestCluster target;
    static TestHaproxy haproxy;

    @BeforeAll
    static void build() throws Exception {
        // ports of their own: the other ITs use 181xx-189xx and 194xx
        cluster = TestCluster.build(work.resolve("zeocluster"), 19500, 2, "--generation", "zeo5");
        target = TestCluster.build(work.resolve("newserver"), 19550, 0, "--server-only", "--generation", "zeo5");
        cluster.start();
        haproxy = TestHaproxy.start(work.resolve("haproxy"), cluster, 19590);
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @AfterEach
    void everyClientServes() throws Exception {
        for (String client : cluster.clientNames()) {
            assertThat(cluster.http(client, Duration.ofSeconds(60)))
                    .as(client + " answers HTTP")
                    .isEqualTo(200);
        }
    }

    static Map<String, String> configs() throws IOException {
        Map<String, String> out = new TreeMap<>();
        out.put("zeo.conf", Files.readString(cluster.zeoConf()));
        out.put("new zeo.conf", Files.readString(target.zeoConf()));
        for (String c : cluster.clientNames()) {
            out.put(c, Files.readString(cluster.zopeConf(c)));
        }
        return out;
    }

    static Path profile() throws IOException {
        Path profile = work.resolve("zeo5.json");
        Maintenance balancer =
                new Maintenance(null, List.of(), List.of(), haproxy.command("drain"), haproxy.command("ready"), 1);
        ProfileStore.write(
                new ClusterProfile(
                        "zeo5-it",
                        List.of(HostEntry.local(cluster.dir().toString())),
                        null,
                        new MigrationTarget("new", "", null, null, target.dir().toString(), List.of()),
                        balancer.withSiteUrl(haproxy.url()),
                        false),
                profile);
        return profile;
    }

    static ZeoFreezeLauncher.Result zeofreeze(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(
                "run",
                "--profile",
                profile().toString(),
                "--yes",
                "--journal-dir",
                work.resolve("journals").toString()));
        argv.addAll(List.of(args));
        return ZeoFreezeLauncher.run("", argv.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void discoveryReadsZeo5AndTheFullStopFreezesAndThawsBackToEveryFileAsBuilt() throws Exception {
        Map<String, String> asBuilt = configs();
        ZeoFreezeLauncher.Result plan =
                ZeoFreezeLauncher.run("", "plan", "--profile", profile().toString(), "-f", "plone");
        ZeoFreezeLauncher.Result freeze = zeofreeze("-f", "plone", "--strategy", "full-stop", "--no-presync");
        assertThat(freeze.exit()).as(freeze.out() + freeze.err()).isZero();
        assertThat(plan.out()).as(plan.out() + plan.err()).contains("ZEO 5.2.3", "ZODB 5.8.1");
        assertThat(cluster.probe(cluster.zopeConf("client1"), "plone", 15)).isEqualTo("readonly");
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 15)).isEqualTo("committed");

        ZeoFreezeLauncher.Result thaw = zeofreeze("--thaw", "-f", "plone", "--strategy", "full-stop");
        assertThat(thaw.exit()).as(thaw.out() + thaw.err()).isZero();
        assertThat(configs()).as("byte for byte as built").isEqualTo(asBuilt);
        assertThat(cluster.probe(cluster.zopeConf("client2"), "plone", 15)).isEqualTo("committed");
    }

    @Test
    @Order(2)
    void theRollingFreezeOfTheCatalogFailsNoRequestCopiesItToTheNewServerAndEveryEventIsAsTheSchemaSays()
            throws Exception {
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        ZeoFreezeLauncher.Result r;
        try {
            r = zeofreeze("-f", "catalog", "--events", "json");
        } finally {
            load.close();
        }
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        // --events json of a real run: every line one event the published schema accepts.
        JsonSchema schema;
        try (var in = Files.newInputStream(Path.of("docs/run-events.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.out().lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode node = json.readTree(line);
            assertThat(schema.validate(node)).as(line).isEmpty();
            events.add(node);
        }
        assertThat(events)
                .extracting(e -> e.get("event").asText())
                .contains(
                        "step",
                        "serving",
                        "starting",
                        "verified",
                        "progress",
                        "outage",
                        "site-seen",
                        "frozen-window",
                        "finished");
        assertThat(r.err())
                .as("the plan and the strategy go to stderr beside the events")
                .contains("Strategy: rolling");
        assertThat(events)
                .filteredOn(e -> e.get("event").asText().equals("site-seen"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.get("failed").asInt())
                            .as("requests the run itself saw fail")
                            .isZero();
                    assertThat(e.get("requests").asInt()).isGreaterThan(20);
                });
        assertThat(events.get(events.size() - 1).get("outcome").asText()).isEqualTo("done");
        assertThat(load.requests()).as("requests made").hasSizeGreaterThan(20);
        assertThat(load.failed()).as("failed requests").isEmpty();
        assertThat(cluster.probe(cluster.zopeConf("client2"), "catalog", 15)).isEqualTo("readonly");
        String frozen = Hashes.sha256(Files.readAllBytes(cluster.fs("catalog")));
        try (var files = Files.walk(target.dir())) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("catalog.fs"))
                            .toList())
                    .as("the frozen catalog copied to the new server")
                    .singleElement()
                    .satisfies(f ->
                            assertThat(Hashes.sha256(Files.readAllBytes(f))).isEqualTo(frozen));
        }
    }

    @Test
    @Order(3)
    void theMovePutsTheFrozenCatalogIntoServiceAtTheNewServerWithNoFailedRequest() throws Exception {
        String oldCatalog = Hashes.sha256(Files.readAllBytes(cluster.fs("catalog")));
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        ZeoFreezeLauncher.Result r;
        try {
            r = zeofreeze("--move", "-f", "catalog");
        } finally {
            load.close();
        }
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("verified: catalog at the target accepts write access");
        assertThat(load.requests()).as("requests made").hasSizeGreaterThan(20);
        assertThat(load.failed()).as("failed requests").isEmpty();
        for (String c : cluster.clientNames()) {
            assertThat(Files.readString(cluster.zopeConf(c)))
                    .as(c)
                    .contains("server 127.0.0.1:19550")
                    .doesNotContain("read-only true");
        }
        new MovedStorage(cluster, target, "catalog").commitLandsAtTheNewServer("client1", oldCatalog);
    }
}
