package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.discover.RuntimeReaderTest;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Fixtures;
import picocli.CommandLine;

/**
 * {@code --retire} on the command line: with {@code --move}, the move's last phase; alone, for a
 * storage an earlier move took elsewhere; refused, exit 2 and nothing changed, where it would take
 * a storage from under a client or restart the old server under ZEO 4 clients.
 */
class RetireCommandTest {
    static final String SITE = "deepereconomics.org";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader("")));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    /** The guide's buildout here; {@code moved}: as an earlier move of its site leaves it. */
    Path buildout(boolean moved) throws Exception {
        Path b = Fixtures.copyTree("guide", dir.resolve("zeocluster"));
        try (Stream<Path> files = Files.walk(b)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f).replace("/usr/local/Plone/zeocluster", b.toString());
                if (moved) {
                    text = text.replace(
                                    "<filestorage " + SITE + ">\n", "<filestorage " + SITE + ">\n  read-only true\n")
                            .replace("server 127.0.0.1:8100\nstorage " + SITE, "server 10.0.0.2:8100\nstorage " + SITE);
                }
                Files.writeString(f, text);
            }
        }
        return b;
    }

    /** A profile of the buildout with a new server's buildout as its target. */
    Path profile(Path buildout) throws Exception {
        Path t = dir.resolve("new");
        Files.createDirectories(t.resolve("parts/zeoserver/etc"));
        Files.writeString(
                t.resolve("parts/zeoserver/etc/zeo.conf"),
                "<zeo>\n  address 127.0.0.1:8200\n</zeo>\n" + "<filestorage 1>\n  path " + t
                        + "/var/filestorage/Data.fs\n</filestorage>\n");
        Path profile = dir.resolve("guide.json");
        ProfileStore.write(
                new ClusterProfile(
                        "guide",
                        List.of(HostEntry.local(buildout.toString())),
                        null,
                        new MigrationTarget("new", "", null, null, t.toString(), List.of()),
                        null,
                        false),
                profile);
        return profile;
    }

    @Test
    void aRetireOfAStorageSomeClientStillReadsFromTheOldServerIsBadInputAndChangesNothing() throws Exception {
        Path b = buildout(false);
        Path profile = profile(b);
        Map<String, byte[]> before = Fixtures.snapshot(b);
        Path journals = dir.resolve("journals");

        Run r = run(
                "run",
                "--profile",
                profile.toString(),
                "--retire",
                "-f",
                SITE,
                "--yes",
                "--journal-dir",
                journals.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(r.err())
                .contains(
                        "'" + SITE + "' at zeoserver@local is still read by client1",
                        "client2",
                        "Move it first: zeofreeze run --profile FILE --move --retire -f " + SITE)
                .doesNotContain("Exception");
        assertThat(Fixtures.snapshot(b)).usingRecursiveComparison().isEqualTo(before);
        assertThat(journals).doesNotExist();
    }

    @Test
    void aRetireWithoutAStorageNamedWithoutAProfileOrWithThawIsBadInput() throws Exception {
        Path b = buildout(true);
        Path profile = profile(b);
        Map<String, byte[]> before = Fixtures.snapshot(b);

        Run none = run("run", "--profile", profile.toString(), "--retire", "--yes");
        Run local = run("plan", "--buildout", b.toString(), "--retire", "-f", SITE);
        Run thaw = run("run", "--profile", profile.toString(), "--move", "--retire", "--thaw", "--yes");
        Run export = run(
                "export",
                "ansible",
                "--profile",
                profile.toString(),
                "--retire",
                "-f",
                SITE,
                "--out",
                dir.resolve("out").toString());

        assertThat(none.exit()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(none.err()).contains("name the storages to retire (-f NAME)");
        assertThat(local.exit()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(local.err()).contains("--retire plans on the hosts of a profile");
        assertThat(thaw.exit()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(thaw.err()).contains("--move and --thaw do not go together");
        assertThat(export.exit()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(export.err()).contains("a retire is not exported to Ansible");
        assertThat(dir.resolve("out")).doesNotExist();
        for (Run r : List.of(none, local, thaw, export)) {
            assertThat(r.err()).doesNotContain("Exception", "\tat ");
        }
        assertThat(Fixtures.snapshot(b)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void planRetireOfAnEarlierMoveShowsTheOldZeoConfWithoutTheSectionAsTextJsonAndPatch() throws Exception {
        Path b = buildout(true);
        Path profile = profile(b);
        String zeoConf = Files.readString(b.resolve("parts/zeoserver/etc/zeo.conf"));

        Run text = run("plan", "--profile", profile.toString(), "--retire", "-f", SITE);
        Run json = run("plan", "--profile", profile.toString(), "--retire", "-f", SITE, "--json");
        Run patch = run("plan", "--profile", profile.toString(), "--retire", "-f", SITE, "--patch");

        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out())
                .contains(
                        "Retire from their old server: " + SITE,
                        "parts/zeoserver/etc/zeo.conf",
                        "-<filestorage " + SITE + ">",
                        "-  read-only true",
                        "nothing is deleted");
        JsonNode retire = new ObjectMapper().readTree(json.out()).get("retire");
        assertThat(retire.get("storages").get(0).asText()).isEqualTo(SITE);
        assertThat(retire.get("changes")).hasSize(1);
        String diff = retire.get("changes").get(0).get("diff").asText();
        assertThat(diff).contains("-<filestorage " + SITE + ">", "-</filestorage>");
        assertThat(diff.lines()).as("only removed lines").noneMatch(l -> l.startsWith("+") && !l.startsWith("+++"));
        assertThat(patch.exit()).isZero();
        assertThat(patch.out()).isEqualTo(diff);
        // the lines removed are the section's, and no others
        long removed = diff.lines()
                .filter(l -> l.startsWith("-") && !l.startsWith("---"))
                .count();
        String section = zeoConf.substring(
                zeoConf.indexOf("<filestorage " + SITE + ">"),
                zeoConf.indexOf("</filestorage>", zeoConf.indexOf("<filestorage " + SITE + ">")));
        assertThat(removed).isEqualTo(section.lines().count() + 1);
    }

    @Test
    void planMoveRetireCarriesTheRetireAsTheMovesLastPhase() throws Exception {
        Path profile = profile(buildout(false));

        Run json = run("plan", "--profile", profile.toString(), "--move", "--retire", "--json");
        Run text = run("plan", "--profile", profile.toString(), "--move", "--retire");

        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(json.out());
        JsonNode phases = plan.get("move").get("phases");
        assertThat(phases.get(2).get("phase").asText()).isEqualTo("retire");
        assertThat(phases.get(2).get("changes")).hasSize(1);
        assertThat(phases.get(2).get("changes").get(0).get("file").asText()).isEqualTo("parts/zeoserver/etc/zeo.conf");
        assertThat(plan.get("retire").get("changes").get(0).get("diff").asText())
                .contains("-<filestorage " + SITE + ">");
        assertThat(text.out()).contains("Phase 4, retired from the old server:");
        // without --retire the phase is there, empty, and not printed
        Run plain = run("plan", "--profile", profile.toString(), "--move", "--json");
        assertThat(new ObjectMapper()
                        .readTree(plain.out())
                        .get("move")
                        .get("phases")
                        .get(2)
                        .get("changes"))
                .isEmpty();
        assertThat(new ObjectMapper().readTree(plain.out()).get("retire").isNull())
                .isTrue();
        assertThat(run("plan", "--profile", profile.toString(), "--move").out()).doesNotContain("Phase 4");
    }

    @Test
    void aRetireWhereAClientRunsZeo4IsBadInputSayingHowToDoItByHand() throws Exception {
        Path b = buildout(false);
        for (String client : List.of("client1", "client2")) {
            RuntimeReaderTest.eggScript(b, client, "4.3.1", "4.4.5");
        }
        Path profile = profile(b);

        Run r = run("plan", "--profile", profile.toString(), "--move", "--retire");

        assertThat(r.exit()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(r.err())
                .contains(
                        "client1 runs ZEO 4.3.1",
                        "--retire is refused",
                        "Move without --retire",
                        "in a maintenance window")
                .doesNotContain("Exception");
    }
}
