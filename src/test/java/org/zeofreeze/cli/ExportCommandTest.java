package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Fixtures;
import picocli.CommandLine;

/** {@code zeofreeze export ansible} on the command line: what it writes, and what it refuses. */
class ExportCommandTest {
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

    /** The guide's buildout moved here, with its .fs files, as a local profile. */
    Path profile() throws Exception {
        Path b = Fixtures.copyTree("guide", dir.resolve("zeocluster"));
        try (Stream<Path> files = Files.walk(b)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(f, Files.readString(f).replace("/usr/local/Plone/zeocluster", b.toString()));
            }
        }
        Files.createDirectories(b.resolve("var/filestorage"));
        Files.writeString(b.resolve("var/filestorage/Data.fs"), "root");
        Files.writeString(b.resolve("var/filestorage/deepereconomics.org.fs"), "site");
        Path profile = dir.resolve("guide.json");
        ProfileStore.write(ClusterProfile.local("guide", b.toString()), profile);
        return profile;
    }

    @Test
    void writesTheInventoryAndBothPlaybooksAndSaysHowToCheckThem() throws Exception {
        Path out = dir.resolve("export");
        Run r = run(
                "export",
                "ansible",
                "--profile",
                profile().toString(),
                "--strategy",
                "full-stop",
                "--out",
                out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(out.resolve("inventory.yml")).exists();
        assertThat(out.resolve("site.yml")).content().contains("Stop the clients on local");
        assertThat(out.resolve("rollback.yml")).exists();
        assertThat(r.out()).contains("mode 0600", "--check --diff");
    }

    @Test
    void aDirectoryThatIsNotEmptyIsBadInputAndKeepsWhatItHolds() throws Exception {
        Path out = Files.createDirectories(dir.resolve("export"));
        Files.writeString(out.resolve("site.yml"), "mine");

        Run r = run("export", "ansible", "--profile", profile().toString(), "--out", out.toString());

        assertThat(r.exit()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(r.err()).contains("is not empty", "nothing was written");
        assertThat(out.resolve("site.yml")).hasContent("mine");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void anUnknownStrategyOrAMissingProfileIsBadInput() throws Exception {
        Run strategy = run(
                "export",
                "ansible",
                "--profile",
                profile().toString(),
                "--strategy",
                "fast",
                "--out",
                dir.resolve("a").toString());
        Run missing = run(
                "export",
                "ansible",
                "--profile",
                dir.resolve("none.json").toString(),
                "--out",
                dir.resolve("b").toString());

        assertThat(strategy.exit()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(strategy.err()).contains("--strategy must be rolling or full-stop, not 'fast'");
        assertThat(missing.exit()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("b")).doesNotExist();
    }
}
