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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;
import picocli.CommandLine;

class CommandLineTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run run(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader(input)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void planShowsTheClusterTheChoiceAndThePatchAndWritesNothing() {
        Path buildout = Fixtures.copyTree("guide", dir);
        Map<String, byte[]> before = Fixtures.snapshot(buildout);
        Run r = run("", "plan", "--buildout", buildout.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("storage 1", "[root]", "Freeze: deepereconomics.org", "+++ b/parts/zeoserver/etc/zeo.conf");
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void planShowsAnIdenticalChangeOnceWithItsFilesWhileThePatchKeepsEveryFile() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir);
        Run r = run("", "plan", "--buildout", buildout.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains(
                        "  parts/client1/etc/zope.conf and 1 more with the same change\n",
                        "# The same change in 2 files (context lines as in the first):\n#   parts/client1/etc/zope.conf\n#   parts/client2/etc/zope.conf\n@@ ");
        assertThat(r.out()).doesNotContain("+++ b/parts/client1/etc/zope.conf", "+++ b/parts/client2/etc/zope.conf");
        assertThat(r.out().split("\\+ *read-only true", -1)).hasSize(3); // zeo.conf's line and the clients' once

        Run patch = run("", "plan", "--buildout", buildout.toString(), "--patch");
        assertThat(patch.exit()).isZero();
        assertThat(patch.out())
                .isEqualTo(Engines.plan(buildout, Selection.freeze()).patch("local"))
                .contains("+++ b/parts/client1/etc/zope.conf", "+++ b/parts/client2/etc/zope.conf");
    }

    @Test
    void planJsonIsOneObjectWithTheDocumentedFields() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir);
        Run r = run("", "plan", "-b", buildout.toString(), "--freeze", "deepereconomics.org", "--json");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("storages")).hasSize(2);
        JsonNode root = json.get("storages").get(0);
        assertThat(root.get("name").asText()).isEqualTo("1");
        assertThat(root.get("server").asText()).isEqualTo("zeoserver");
        assertThat(root.get("root").asBoolean()).isTrue();
        assertThat(root.get("selected").asBoolean()).isFalse();
        assertThat(json.get("storages").get(1).get("selected").asBoolean()).isTrue();
        JsonNode client = json.get("clients").get(0);
        assertThat(client.get("confFile").asText()).endsWith("parts/client1/etc/zope.conf");
        assertThat(client.get("databases").get(2).get("mountPoints").get(0).asText())
                .isEqualTo("/deepereconomics.org");
        assertThat(client.get("databases").get(2).get("storage").asText()).isEqualTo("deepereconomics.org");
        assertThat(client.get("databases").get(2).get("readOnly").asBoolean()).isFalse();
        assertThat(json.get("changes")).hasSize(3);
        assertThat(json.get("changes").get(0).get("file").asText()).isEqualTo("parts/zeoserver/etc/zeo.conf");
        assertThat(json.get("changes").get(0).get("diff").asText()).contains("+  read-only true");
        assertThat(json.get("warnings").isArray()).isTrue();
    }

    @Test
    void applyThenRevertRoundTripsEveryFile() {
        Path buildout = Fixtures.copyTree("odd", dir);
        Map<String, byte[]> before = Fixtures.snapshot(buildout.resolve("parts"));
        Run apply = run("", "apply", "-b", buildout.toString(), "--config-only", "--yes");
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Verified", "backup");
        assertThat(run("", "plan", "-b", buildout.toString()).out()).contains("Freeze: no storage needs it.");

        Run revert = run("y\n", "revert", "-b", buildout.toString());
        assertThat(revert.exit()).as(revert.err()).isZero();
        Map<String, byte[]> after = Fixtures.snapshot(buildout.resolve("parts"));
        before.forEach((file, bytes) -> assertThat(after.get(file)).as(file).isEqualTo(bytes));
    }

    @Test
    void applyAsksAndAnythingButYesWritesNothing() {
        Path buildout = Fixtures.copyTree("guide", dir);
        Map<String, byte[]> before = Fixtures.snapshot(buildout);
        Run r = run("n\n", "apply", "-b", buildout.toString(), "--config-only");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("Write these changes? [y/N]");
        assertThat(r.err()).contains("nothing was written");
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
        assertThat(run("", "apply", "-b", buildout.toString(), "--config-only").exit())
                .isEqualTo(1);
    }

    @Test
    void badInputExitsWithTwoAndOneClearMessage() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Path missing = dir.resolve("nowhere");
        assertBad(run("", "plan", "-b", missing.toString()), "the buildout directory " + missing + " does not exist");
        assertBad(run("", "plan", "-b", dir.resolve("b/parts").toString()), "no ZEO server found");
        assertBad(
                run("", "apply", "-b", buildout.toString(), "--config-only", "-y", "-f", "nosuch"),
                "there is no storage named 'nosuch'; the cluster has: '1', 'deepereconomics.org' (write NAME");
        assertBad(
                run("", "apply", "-b", buildout.toString(), "--config-only", "-y", "-f", "1"),
                "'1' is the root storage");
        assertBad(run("", "apply", "-b", buildout.toString()), "--config-only");

        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(
                zeo, Files.readString(zeo).replace("</filestorage>\n\n<filestorage deep", "\n<filestorage deep"));
        Map<String, byte[]> before = Fixtures.snapshot(buildout);
        Run broken = run("", "apply", "-b", buildout.toString(), "--config-only", "-y");
        assertBad(broken, zeo + ", line ");
        assertThat(broken.err()).contains("'<filestorage 1>' opened on line 11 is never closed");
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aFileIncludedFromOutsideTheBuildoutIsNamedOnStderrAndPrintedByPatchOutside() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Path shared = Files.createDirectories(dir.resolve("shared")).resolve("site-db.conf");
        Path zopeConf = buildout.resolve("parts/client1/etc/zope.conf");
        String text = Files.readString(zopeConf);
        int start = text.indexOf("<zodb_db deepereconomics.org>");
        int end = text.indexOf("</zodb_db>", start) + "</zodb_db>".length();
        Files.writeString(shared, text.substring(start, end) + "\n");
        Files.writeString(zopeConf, text.substring(0, start) + "%include " + shared + "\n" + text.substring(end));

        Run patch = run("", "plan", "-b", buildout.toString(), "--patch");
        assertThat(patch.exit()).isZero();
        assertThat(patch.out()).doesNotContain(shared.toString().substring(1));
        assertThat(patch.err())
                .contains("local:" + shared + " is outside the buildout", "--patch-outside", "patch -p1 -d /");
        Run outside = run("", "plan", "-b", buildout.toString(), "--patch-outside");
        assertThat(outside.exit()).isZero();
        assertThat(outside.out())
                .startsWith("--- a/" + shared.toString().substring(1))
                .contains("+read-only true");
    }

    private static void assertBad(Run r, String message) {
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).as("few lines: %s", r.err()).hasSizeLessThan(30);
    }

    @Test
    void versionIsPrinted() {
        Run r = run("", "--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("ZeoFreeze ");
    }

    @Test
    void runListsThePreSyncForAFreezeWithATargetAndNoPresyncLeavesItOut() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Path profile = dir.resolve("t.json");
        ProfileStore.write(
                new ClusterProfile(
                        "t",
                        ClusterProfile.local("t", buildout.toString()).hosts(),
                        null,
                        new MigrationTarget(
                                "new", "", null, null, dir.resolve("new").toString(), List.of()),
                        null,
                        false),
                profile);
        Map<String, byte[]> before = Fixtures.snapshot(buildout);

        Run with = run("not the name\n", "run", "--profile", profile.toString(), "--strategy", "full-stop");
        Run without = run(
                "not the name\n", "run", "--profile", profile.toString(), "--strategy", "full-stop", "--no-presync");

        assertThat(with.out()).contains("presync: Pre-sync the storages to the target while the site is live");
        assertThat(without.out()).contains("copy: Copy the frozen storages").doesNotContain("presync:");
        assertThat(without.exit()).isEqualTo(with.exit()).isNotZero();
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }
}
