package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.journal.JournalHeader;
import org.zeofreeze.testing.Fixtures;
import picocli.CommandLine;

/** resume and rollback stop the cluster: like run, they ask for its name first, unless --yes. */
class JournalCommandsTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run run(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader(input)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    /** A journal of a run on the guide buildout that stopped after its pre-flight. */
    private Path journal(RunEvent.Outcome ended) throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("buildout"));
        Path file = dir.resolve("journals/run-r1.json");
        Journal journal = Journal.create(
                file,
                new JournalHeader(
                        "r1",
                        Instant.parse("2026-11-25T17:00:00Z"),
                        ClusterProfile.local("guide-cluster", buildout.toString()),
                        Mode.FREEZE,
                        List.of(),
                        List.of()),
                Clock.systemUTC());
        journal.append(new JournalEntry.StepMarked(journal.now(), "preflight", null, StepState.DONE, null));
        if (ended != null) {
            journal.append(new JournalEntry.RunEnded(journal.now(), ended, ended.name()));
        }
        return file;
    }

    @Test
    void rollbackAndResumeAskForTheClusterNameAndNoTerminalMeansNo() throws Exception {
        Path journal = journal(null);
        byte[] before = Files.readAllBytes(journal);
        Map<String, byte[]> buildout = Fixtures.snapshot(dir.resolve("buildout"));
        for (String command : List.of("rollback", "resume")) {
            for (String input : List.of("", "yes\n", "guide\n")) {
                Run r = run(input, command, "-j", journal.toString());
                assertThat(r.exit()).as(command + " " + r.out() + r.err()).isEqualTo(1);
                assertThat(r.out()).contains("Type the cluster's name (guide-cluster) to go on");
                assertThat(r.err()).contains("nothing was done");
            }
        }
        assertThat(Files.readAllBytes(journal)).as("nothing was run").isEqualTo(before);
        assertThat(Fixtures.snapshot(dir.resolve("buildout")))
                .usingRecursiveComparison()
                .isEqualTo(buildout);
    }

    @Test
    void theQuestionSaysWhatTheCommandDoes() throws Exception {
        Path journal = journal(null);
        assertThat(run("", "rollback", "-j", journal.toString()).out()).contains("stopped", "restored");
        assertThat(run("", "resume", "-j", journal.toString()).out()).contains("goes on where it stopped");
    }

    @Test
    void resumeAfterARollbackSaysSoAndDoesNothing() throws Exception {
        Path journal = journal(RunEvent.Outcome.ROLLED_BACK);
        byte[] before = Files.readAllBytes(journal);
        for (String input : List.of("", "guide-cluster\n")) {
            Run r = run(input, "resume", "--yes", "-j", journal.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("was rolled back", "nothing to resume");
            assertThat(r.out()).doesNotContain("DONE");
        }
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
    }

    @Test
    void aRunAlreadyDoneOrRolledBackLeavesNothingToDo() throws Exception {
        Path done = journal(RunEvent.Outcome.DONE);
        Run resume = run("", "resume", "-y", "-j", done.toString());
        assertThat(resume.exit()).isZero();
        assertThat(resume.out()).contains("already done");

        Files.delete(done);
        Path rolledBack = journal(RunEvent.Outcome.ROLLED_BACK);
        byte[] before = Files.readAllBytes(rolledBack);
        Run rollback = run("", "rollback", "-y", "-j", rolledBack.toString());
        assertThat(rollback.exit()).isZero();
        assertThat(rollback.out()).contains("already rolled back");
        assertThat(Files.readAllBytes(rolledBack)).isEqualTo(before);
    }
}
