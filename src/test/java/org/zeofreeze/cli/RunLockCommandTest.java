package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.testing.Fixtures;
import picocli.CommandLine;

/** run, resume and rollback on a cluster another run has locked. */
class RunLockCommandTest {
    static final String HOLDER = "20261201T080000Z-abcd0123";

    @TempDir
    Path dir;

    Path buildout;
    Path lock;
    Path profile;
    Map<String, byte[]> before;

    record Run(int exit, String out, String err) {}

    static Run run(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader(input)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void lockedByARunOnAnotherMachine() throws Exception {
        buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        profile = dir.resolve("t.json");
        ProfileStore.write(ClusterProfile.local("t", buildout.toString()), profile);
        lock = buildout.resolve("var/zeofreeze/run.lock");
        Files.createDirectories(lock.getParent());
        Files.writeString(
                lock,
                "{\"runId\": \"" + HOLDER + "\", \"journal\": \"/home/ann/journals/run-" + HOLDER + ".json\", "
                        + "\"user\": \"ann\", \"machine\": \"laptop-of-ann\", \"bootId\": \"b00t\", \"pid\": 4242, "
                        + "\"processStart\": \"2026-12-01T07:59:58Z\", \"since\": \"2026-12-01T08:00:00Z\"}");
        before = Fixtures.snapshot(buildout);
    }

    @Test
    void aSecondRunIsRefusedBeforeItsFirstStepNamingTheHolderAndChangesNothing() {
        Run r = run(
                "",
                "run",
                "-p",
                profile.toString(),
                "-y",
                "--journal-dir",
                dir.resolve("j").toString());

        assertThat(r.exit()).isEqualTo(ZeoFreezeCommand.NOT_DONE);
        assertThat(r.err())
                .contains(
                        "the cluster is locked by run " + HOLDER + " of ann@laptop-of-ann (pid 4242",
                        "journal /home/ann/journals/run-" + HOLDER + ".json",
                        "--break-lock " + HOLDER);
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aRollbackTakesTheSameLockAndIsRefusedToo() throws Exception {
        RunSetup setup = RunPreparation.prepare(
                ClusterProfile.local("t", buildout.toString()), Selection.freeze(), LocalHost::new);
        Journal journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("j"), Clock.systemUTC());

        Run r = run("t\n", "rollback", "-j", journal.file().toString());

        assertThat(r.exit()).isEqualTo(ZeoFreezeCommand.NOT_DONE);
        assertThat(r.err()).contains("the cluster is locked by run " + HOLDER);
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aResumeTakesTheSameLockAndIsRefusedWhileAnotherRunHoldsIt() throws Exception {
        RunSetup setup = RunPreparation.prepare(
                ClusterProfile.local("t", buildout.toString()), Selection.freeze(), LocalHost::new);
        Journal journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("j"), Clock.systemUTC());

        Run r = run("t\n", "resume", "-j", journal.file().toString());

        assertThat(r.exit()).isEqualTo(ZeoFreezeCommand.NOT_DONE);
        assertThat(r.err()).contains("the cluster is locked by run " + HOLDER, "--break-lock " + HOLDER);
        assertThat(r.out()).doesNotContain("Pre-flight");
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void anUnsafeStrategyAskedForIsRefusedAsBadInputAndNothingIsWritten() throws Exception {
        Path onSocket = Fixtures.guideOnSocket(dir.resolve("socket"), dir.resolve("zeo.sock"));
        Path socketProfile = dir.resolve("socket.json");
        ProfileStore.write(ClusterProfile.local("s", onSocket.toString()), socketProfile);
        var snapshot = Fixtures.snapshot(onSocket);

        Run r = run(
                "",
                "run",
                "-p",
                socketProfile.toString(),
                "--strategy",
                "rolling",
                "-y",
                "--journal-dir",
                dir.resolve("j2").toString());

        assertThat(r.exit()).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(r.err()).contains("the rolling strategy is not safe here", "listens on no TCP port");
        assertThat(dir.resolve("j2")).doesNotExist();
        assertThat(Fixtures.snapshot(onSocket)).usingRecursiveComparison().isEqualTo(snapshot);
    }

    @Test
    void breakLockNamingAnotherRunBreaksNothing() throws Exception {
        Run r = run(
                "",
                "run",
                "-p",
                profile.toString(),
                "-y",
                "--break-lock",
                "20261201T090000Z-ffff0000",
                "--journal-dir",
                dir.resolve("j").toString());

        assertThat(r.exit()).isEqualTo(ZeoFreezeCommand.NOT_DONE);
        assertThat(r.err())
                .contains("held by run " + HOLDER, "not by '20261201T090000Z-ffff0000'", "nothing was broken");
        assertThat(lock).exists();
        assertThat(dir.resolve("j")).doesNotExist();
    }
}
