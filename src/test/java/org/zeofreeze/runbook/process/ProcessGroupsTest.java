package org.zeofreeze.runbook.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.host.OutputListener;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.copy.CopyStep;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.testing.Fixtures;

/** Long commands in process groups of their own, on this computer's real shell, setsid and kill. */
class ProcessGroupsTest {
    @TempDir
    Path dir;

    final List<RunEvent> events = new ArrayList<>();
    final List<Process> started = new ArrayList<>();
    RunSetup setup;
    Journal journal;
    Step copy = new CopyStep();

    @BeforeEach
    void setUp() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("source"));
        ClusterProfile profile = new ClusterProfile(
                "t",
                ClusterProfile.local("t", buildout.toString()).hosts(),
                null,
                new MigrationTarget(
                        "new",
                        "",
                        null,
                        null,
                        Files.createDirectories(dir.resolve("target")).toString(),
                        List.of()),
                null,
                false);
        setup = RunPreparation.prepare(
                profile, Selection.parse(Mode.FREEZE, List.of("deepereconomics.org")), LocalHost::new);
        journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), Clock.systemUTC());
    }

    @AfterEach
    void killStrays() {
        started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        started.forEach(Process::destroyForcibly);
    }

    StepRun run() {
        return new StepRun(copy, setup, journal, events::add, new CancelToken(), Clock.systemUTC());
    }

    static boolean groupAlive(long group) throws Exception {
        return new ProcessBuilder("sh", "-c", "kill -0 -$1 2>/dev/null", "sh", Long.toString(group))
                        .start()
                        .waitFor()
                == 0;
    }

    @Test
    void aLongCommandLeadsAGroupOfItsOwnWhoseFileTheJournalNamedBeforeItStarted() throws Exception {
        CommandResult r = ProcessGroups.run(
                run(),
                "local",
                List.of("sh", "-c", "echo $$ $(ps -o pgid= -p $$)"),
                Duration.ofSeconds(30),
                OutputListener.NONE);

        String[] pidAndGroup = r.stdout().strip().split("\\s+");
        assertThat(pidAndGroup[1]).as("its own group leader").isEqualTo(pidAndGroup[0]);
        long ours = Long.parseLong(new String(new ProcessBuilder(
                                "ps",
                                "-o",
                                "pgid=",
                                "-p",
                                Long.toString(ProcessHandle.current().pid()))
                        .start()
                        .getInputStream()
                        .readAllBytes())
                .strip());
        assertThat(Long.parseLong(pidAndGroup[1])).as("not zeofreeze's group").isNotEqualTo(ours);
        JournalEntry.CommandStarted c = journal.entries().stream()
                .filter(JournalEntry.CommandStarted.class::isInstance)
                .map(JournalEntry.CommandStarted.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(c.step()).isEqualTo("copy");
        assertThat(c.program()).isEqualTo("sh");
        assertThat(c.groupFile()).startsWith(setup.buildout("local") + "/var/zeofreeze/");
        assertThat(Path.of(c.groupFile())).as("removed once the command ended").doesNotExist();
        assertThat(journal.commandsLeft()).isEmpty();
    }

    @Test
    void whatAKilledRunLeftRunningIsStoppedBeforeAResumeOrRollbackTouchesAnything() throws Exception {
        // A run that died while its command ran: the journal names the group file, the command goes on.
        Path groupFile = Files.createDirectories(Path.of(setup.buildout("local"), "var/zeofreeze"))
                .resolve("left.pgid");
        journal.append(new JournalEntry.CommandStarted(journal.now(), "copy", "local", "sleep", groupFile.toString()));
        Process left = new ProcessBuilder("sh", "-c", "setsid sleep 300 & echo $! > \"$0\"; wait", groupFile.toString())
                .start();
        started.add(left);
        long group = awaitGroup(groupFile);
        assertThat(groupAlive(group)).isTrue();

        ProcessGroups.stopLeftovers(journal, step -> run());

        assertThat(groupAlive(group)).as("nothing of it left").isFalse();
        assertThat(journal.commandsLeft()).isEmpty();
        assertThat(groupFile).doesNotExist();
        assertThat(events)
                .filteredOn(RunEvent.Log.class::isInstance)
                .map(e -> ((RunEvent.Log) e).text())
                .anySatisfy(t -> assertThat(t).contains("stopped sleep left running", "process group " + group));
    }

    @Test
    void aGroupIdNowHeldByAnotherProgramIsLeftAlone() throws Exception {
        Path groupFile = Files.createDirectories(Path.of(setup.buildout("local"), "var/zeofreeze"))
                .resolve("reused.pgid");
        journal.append(new JournalEntry.CommandStarted(journal.now(), "copy", "local", "rsync", groupFile.toString()));
        Process other = new ProcessBuilder(
                        "sh", "-c", "setsid sleep 300 & echo $! > \"$0\"; wait", groupFile.toString())
                .start();
        started.add(other);
        long group = awaitGroup(groupFile);

        ProcessGroups.stopLeftovers(journal, step -> run());

        assertThat(groupAlive(group)).as("not ours: not signalled").isTrue();
        assertThat(journal.commandsLeft()).isEmpty();
        assertThat(events)
                .filteredOn(RunEvent.Log.class::isInstance)
                .map(e -> ((RunEvent.Log) e).text())
                .anySatisfy(t -> assertThat(t).contains("is not rsync of this run any more; left alone"));
    }

    @Test
    void aCancelledCommandLeavesNothingOfItsGroupRunning() throws Exception {
        Path marker = dir.resolve("child.pid");
        Thread worker = new Thread(() -> {
            try {
                ProcessGroups.run(
                        run(),
                        "local",
                        List.of("sh", "-c", "sleep 300 & echo $! > \"$0\"; wait", marker.toString()),
                        Duration.ofMinutes(5),
                        OutputListener.NONE);
            } catch (Exception ignored) {
                // interrupted: what matters is what is left running
            }
        });
        worker.start();
        long child = awaitGroup(marker); // the sleep, a member of the command's group
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(worker.isAlive()).isFalse();
        assertThat(running(child)).as("the sleep is gone").isFalse();
        assertThat(journal.commandsLeft()).isEmpty();
    }

    /** Alive and not a zombie (a container's init may be slow to reap what it inherits). */
    static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (!Files.exists(stat)) {
                return false;
            }
            String s = Files.readString(stat);
            if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
                return false;
            }
            Thread.sleep(100);
        }
        System.err.println("still running: " + Files.readString(stat));
        return true;
    }

    static long awaitGroup(Path file) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no pid in " + file);
    }
}
