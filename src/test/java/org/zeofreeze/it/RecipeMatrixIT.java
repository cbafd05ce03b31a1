package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.DatabaseKind;
import org.zeofreeze.cluster.Finding;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Venv;

/**
 * The real plone.recipe.zeoserver and plone.recipe.zope2instance, run offline by zc.buildout over
 * the options that change the shape of the files they write (storage-wrapper, before-storage,
 * demo-storage, read-only fallback, shared blobs, a persistent client cache, wrappers through
 * zeo-conf-additional and zope-conf-additional with their %import lines). Each generated buildout
 * is read by ZeoFreeze and by the real libraries (ZEO's schema, every server storage opened;
 * Zope's own loader, every {@code <zeoclient>} found in each database's storage factory): both
 * must see the same databases, storages and root; then the default freeze and a freeze of the
 * catalog are planned, and their result read by the real libraries again: every storage the plan
 * freezes is read-only as ZEO opens it, every {@code <zeoclient>} that opens it is read-only as
 * Zope reads it, and the root stays writable on both sides.
 */
class RecipeMatrixIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ORACLE =
            Path.of("src/test/resources/oracle/cluster_oracle.py").toAbsolutePath();

    @TempDir
    static Path work;

    record Case(String name, String serverAdditional, String clientOptions, String catalogStorage) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String PLAIN_SERVER = """
                <filestorage plone>
                  path ${buildout:directory}/var/filestorage/plone.fs
                </filestorage>
                <filestorage catalog>
                  path ${buildout:directory}/var/filestorage/catalog.fs
                </filestorage>
            """;
    private static final String PLAIN_CATALOG = """
                  <zeoclient>
                    server ${zeoserver:zeo-address}
                    storage catalog
                    name catalog
                  </zeoclient>
            """;

    static Stream<Case> cases() {
        String zlibServer = """
                    %import zc.zlibstorage
                    <filestorage plone>
                      path ${buildout:directory}/var/filestorage/plone.fs
                    </filestorage>
                    <zlibstorage catalog>
                      <filestorage catalog>
                        path ${buildout:directory}/var/filestorage/catalog.fs
                      </filestorage>
                    </zlibstorage>
                """;
        String zlibCatalog = """
                      %import zc.zlibstorage
                      <zlibstorage>
                """ + PLAIN_CATALOG.indent(2) + """
                      </zlibstorage>
                """;
        return Stream.of(
                new Case("plain", PLAIN_SERVER, "", PLAIN_CATALOG),
                new Case("storage-wrapper zlibstorage, zlibstorage on the server", zlibServer, """
                        storage-wrapper =
                            %%import zc.zlibstorage
                            <zlibstorage>
                            %s
                            </zlibstorage>
                        """, zlibCatalog),
                new Case("serverzlibstorage and blobstorage on the server", """
                            %import zc.zlibstorage
                            <blobstorage plone>
                              blob-dir ${buildout:directory}/var/blobstorage-plone
                              <filestorage>
                                path ${buildout:directory}/var/filestorage/plone.fs
                              </filestorage>
                            </blobstorage>
                            <serverzlibstorage catalog>
                              <filestorage catalog>
                                path ${buildout:directory}/var/filestorage/catalog.fs
                              </filestorage>
                            </serverzlibstorage>
                        """, "", zlibCatalog),
                new Case("before-storage", PLAIN_SERVER, "before-storage = now\n", """
                              %import zc.beforestorage
                              <before>
                                before now
                        """ + PLAIN_CATALOG.indent(2) + """
                              </before>
                        """),
                new Case(
                        "demo-storage with a demo file storage",
                        PLAIN_SERVER,
                        """
                        demo-storage = on
                        demo-file-storage = demo/Data.fs
                        """,
                        """
                              <demostorage>
                        """
                                + PLAIN_CATALOG
                                        .replace("<zeoclient>", "<zeoclient base>")
                                        .indent(2) + """
                                <filestorage changes>
                                  path ${buildout:directory}/var/demo-catalog.fs
                                </filestorage>
                              </demostorage>
                        """),
                new Case("read-only fallback, shared blobs, persistent cache", PLAIN_SERVER, """
                        zeo-client-read-only-fallback = true
                        shared-blob = on
                        blob-storage = ${buildout:directory}/var/blobstorage
                        zeo-client-client = cache-${:_buildout_section_name_}
                        zeo-var = ${buildout:directory}/var/zeo-cache
                        """, PLAIN_CATALOG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whatThePlanFreezesIsReadOnlyAsTheRealLibrariesReadItAndTheRootIsNot(Case c) throws Exception {
        Path dir = work.resolve(c.name().replaceAll("[^a-z]+", "-"));
        buildout(dir, c);
        Discovery discovery = Engines.discover(dir);
        Cluster cluster = discovery.cluster();
        assertThat(cluster.findings()).as("findings").noneMatch(f -> f.severity() == Finding.Severity.DANGER);

        // Read alike: the storages ZEO serves, and per client database the storage Zope's <zeoclient> asks for.
        JsonNode server = oracle("server", dir.resolve("parts/zeoserver/etc/zeo.conf"));
        assertThat(names(server))
                .containsExactlyElementsOf(
                        cluster.storages().stream().map(s -> s.name()).toList());
        String rootName = null;
        for (ZopeClient client : cluster.clients()) {
            JsonNode zope = oracle("client", Path.of(client.confFile()));
            for (JsonNode db : zope.get("databases")) {
                List<String> theirs = new ArrayList<>();
                db.get("zeoclients")
                        .forEach(z -> theirs.add(z.get("storage").asText() + " ro="
                                + z.get("read_only").asBoolean()));
                List<String> ours = client.databases().stream()
                        .filter(d -> d.name().equals(db.get("name").asText()))
                        .filter(d -> d.kind() == DatabaseKind.ZEO)
                        .map(d -> d.storage() + " ro=" + d.readOnly())
                        .toList();
                assertThat(ours)
                        .as(client.name() + " database " + db.get("name") + " (ours: " + client.databases()
                                + ", findings: " + cluster.findings() + ")")
                        .isEqualTo(theirs);
                if (mountsRoot(db) && theirs.size() == 1) {
                    rootName = db.get("zeoclients").get(0).get("storage").asText();
                }
            }
        }
        assertThat(rootName).as("Zope mounts a ZEO storage at /").isNotNull();
        assertThat(cluster.root()).map(StorageId::name).contains(rootName);

        Plan byDefault = new Planner().plan(discovery, Selection.freeze());
        assertThat(byDefault.selected()).extracting(StorageId::name).containsExactlyInAnyOrder("plone", "catalog");
        checkApplied(dir, cluster, byDefault, rootName, "default");
        Plan catalog = new Planner().plan(discovery, Selection.freeze("catalog"));
        checkApplied(dir, cluster, catalog, rootName, "catalog");
    }

    /** The plan's files written beside the originals, then read by the real libraries. */
    private static void checkApplied(Path dir, Cluster cluster, Plan plan, String rootName, String label)
            throws Exception {
        Set<String> frozen = plan.selected().stream().map(StorageId::name).collect(Collectors.toSet());
        Map<String, Path> after = new LinkedHashMap<>();
        for (FileChange change : plan.changes()) {
            Path original = Path.of(change.path());
            Path edited = original.resolveSibling(original.getFileName() + "." + label);
            Files.write(edited, change.after());
            after.put(change.path(), edited);
        }
        Path zeoConf = dir.resolve("parts/zeoserver/etc/zeo.conf");
        JsonNode server = oracle("server", after.getOrDefault(zeoConf.toString(), zeoConf));
        for (JsonNode s : server.get("storages")) {
            String name = s.get(0).asText();
            assertThat(s.get(1).asBoolean())
                    .as(label + ": ZEO opens storage " + name + " read-only")
                    .isEqualTo(frozen.contains(name));
        }
        assertThat(frozen).as(label).doesNotContain(rootName);
        for (ZopeClient client : cluster.clients()) {
            JsonNode zope = oracle("client", after.getOrDefault(client.confFile(), Path.of(client.confFile())));
            for (JsonNode db : zope.get("databases")) {
                for (JsonNode z : db.get("zeoclients")) {
                    String storage = z.get("storage").asText();
                    assertThat(z.get("read_only").asBoolean())
                            .as(label + ": " + client.name() + " database " + db.get("name") + " <zeoclient> of "
                                    + storage)
                            .isEqualTo(frozen.contains(storage));
                }
            }
        }
    }

    private static boolean mountsRoot(JsonNode db) {
        for (JsonNode m : db.get("mounts")) {
            if (m.asText().equals("/") || m.asText().startsWith("/:")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(JsonNode server) {
        List<String> out = new ArrayList<>();
        server.get("storages").forEach(s -> out.add(s.get(0).asText()));
        return out;
    }

    private static JsonNode oracle(String kind, Path file) throws Exception {
        TestCluster.Result r = TestCluster.exec(
                Duration.ofMinutes(1), "", List.of(Venv.python().toString(), ORACLE.toString(), kind, file.toString()));
        JsonNode out =
                JSON.readTree(r.stdout().strip().lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(out.path("ok").asBoolean())
                .as(kind + " " + file + ": " + r.output())
                .isTrue();
        return out;
    }

    private static void buildout(Path dir, Case c) throws Exception {
        Files.createDirectories(dir);
        String cfg = """
                [buildout]
                parts = zeoserver client1 client2
                offline = true
                newest = false
                allow-picked-versions = true
                eggs-directory = ${buildout:directory}/eggs
                develop-eggs-directory = ${buildout:directory}/develop-eggs

                [zeoserver]
                recipe = plone.recipe.zeoserver
                zeo-address = 127.0.0.1:18390
                file-storage = filestorage/Data.fs
                zeo-conf-additional =
                """ + c.serverAdditional() + """

                [client-base]
                recipe = plone.recipe.zope2instance
                eggs = Zope
                user = admin:admin
                zeo-client = on
                zeo-address = ${zeoserver:zeo-address}
                zodb-temporary-storage = off
                """ + c.clientOptions() + """
                zope-conf-additional =
                    <zodb_db plone>
                      <zeoclient>
                        server ${zeoserver:zeo-address}
                        storage plone
                        name plone
                      </zeoclient>
                      mount-point /plone
                    </zodb_db>
                    <zodb_db catalog>
                """ + c.catalogStorage() + """
                      mount-point /plone/portal_catalog:/catalog
                    </zodb_db>

                [client1]
                <= client-base
                http-address = 127.0.0.1:18391

                [client2]
                <= client-base
                http-address = 127.0.0.1:18392
                """;
        Files.writeString(dir.resolve("buildout.cfg"), cfg);
        Path buildout = Venv.python().resolveSibling("buildout");
        ProcessBuilder pb = new ProcessBuilder(
                        buildout.toString(), "-c", dir.resolve("buildout.cfg").toString())
                .directory(dir.toFile());
        pb.environment().put("PYTHONWARNINGS", "ignore");
        TestCluster.Result r = TestCluster.exec(Duration.ofMinutes(3), pb);
        assertThat(r.exit()).as("buildout: " + r.output()).isZero();
    }
}
