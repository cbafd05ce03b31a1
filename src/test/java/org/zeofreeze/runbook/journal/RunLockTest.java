package org.zeofreeze.runbook.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.runbook.steps.PreflightStep;
import org.zeofreeze.testing.Fixtures;

/** One run per cluster at a time: the lock in the buildout's var/zeofreeze, as the pre-flight takes it. */
class RunLockTest {
    @TempDir
    Path dir;

    final List<RunEvent> events = new ArrayList<>();
    Path buildout;
    Path lock;
    RunSetup setup;

    @BeforeEach
    void setUp() throws Exception {
        buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        lock = buildout.resolve("var/zeofreeze/run.lock");
        setup = RunPreparation.prepare(
                ClusterProfile.local("t", buildout.toString()), Selection.freeze(), LocalHost::new);
    }

    Journal journal() throws Exception {
        return RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), Clock.systemUTC());
    }

    void preflight(Journal journal) throws Exception {
        PreflightStep step = new PreflightStep();
        step.run(new StepRun(step, setup, journal, events::add, new CancelToken(), Clock.systemUTC()));
    }

    /** A lock as a run of this machine left it, with the pid of a process that has ended. */
    void lockLeftByADeadRun(String runId, String journal) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunLock.Holder me = RunLock.self(journal());
        String text =
                "{\"runId\": \"" + runId + "\", \"journal\": \"" + journal + "\", \"user\": \"admin\", \"machine\": \""
                        + me.machine() + "\", \"bootId\": \"" + me.bootId() + "\", \"pid\": " + gone.pid()
                        + ", \"processStart\": \"2026-12-01T08:00:00Z\", \"since\": \"2026-12-01T08:00:01Z\"}";
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, text);
    }

    @Test
    void theLockNamesWhoHoldsItAndASecondRunIsRefusedAtPreflightWithThatText() throws Exception {
        Journal first = journal();
        preflight(first);
        assertThat(lock).exists();
        assertThat(Files.readString(lock))
                .contains(
                        first.header().runId(),
                        first.file().toAbsolutePath().toString(),
                        "\"pid\" : " + ProcessHandle.current().pid(),
                        System.getProperty("user.name"));

        Journal second = journal();
        assertThatThrownBy(() -> preflight(second))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining(
                        "the cluster is locked by run " + first.header().runId())
                .hasMessageContaining("pid " + ProcessHandle.current().pid())
                .hasMessageContaining("journal " + first.file().toAbsolutePath())
                .hasMessageContaining("Nothing was changed")
                .hasMessageContaining("Wait until that run ends");
        assertThat(Files.readString(lock)).contains(first.header().runId());
    }

    @Test
    void releasingGivesBackOnlyTheLockOfThisRun() throws Exception {
        Journal first = journal();
        preflight(first);

        assertThat(RunLock.release(setup, journal())).isEmpty();
        assertThat(lock).exists();

        assertThat(RunLock.release(setup, first)).isEmpty();
        assertThat(lock).doesNotExist();
        preflight(journal());
    }

    @Test
    void theSameRunTakingItsLockAgainIsNoError() throws Exception {
        Journal journal = journal();
        RunLock.acquire(setup, journal, text -> {});
        preflight(journal);
        assertThat(Files.readString(lock)).contains(journal.header().runId());
    }

    @Test
    void aLockLeftByADeadRunIsReportedAndBrokenOnlyWhenItsRunIsNamed() throws Exception {
        lockLeftByADeadRun("20261201T080000Z-dead0001", "/home/admin/.local/state/zeofreeze/journals/run-x.json");

        assertThatThrownBy(() -> preflight(journal()))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("locked by run 20261201T080000Z-dead0001 of admin@")
                .hasMessageContaining("That run has ended without giving the lock back")
                .hasMessageContaining("--break-lock 20261201T080000Z-dead0001");
        assertThat(lock).exists();

        assertThatThrownBy(() -> RunLock.breakLock(setup, "20261201T090000Z-other"))
                .isInstanceOf(RunLock.Refused.class)
                .hasMessageContaining("not by '20261201T090000Z-other'");
        assertThat(lock).exists();

        assertThat(RunLock.breakLock(setup, "/home/admin/.local/state/zeofreeze/journals/run-x.json"))
                .singleElement()
                .asString()
                .contains("broke the lock of run 20261201T080000Z-dead0001");
        assertThat(lock).doesNotExist();
        Journal next = journal();
        preflight(next);
        assertThat(Files.readString(lock)).contains(next.header().runId());
    }

    @Test
    void theLockOfARunStillGoingOnIsNeverBroken() throws Exception {
        Journal running = journal();
        preflight(running);

        assertThatThrownBy(() -> RunLock.breakLock(setup, running.header().runId()))
                .isInstanceOf(RunLock.Refused.class)
                .hasMessageContaining("is still running");
        assertThat(Files.readString(lock)).contains(running.header().runId());
    }

    @Test
    void aResumeOrRollbackTakesOverTheLockItsOwnEarlierProcessLeft() throws Exception {
        Journal journal = journal();
        lockLeftByADeadRun(
                journal.header().runId(), journal.file().toAbsolutePath().toString());
        List<String> log = new ArrayList<>();

        RunLock.acquire(setup, journal, log::add);

        assertThat(Files.readString(lock))
                .contains("\"pid\" : " + ProcessHandle.current().pid());
        assertThat(log).anySatisfy(l -> assertThat(l).contains("took over the lock this run's earlier process left"));
    }

    @Test
    void ofTwoRunsStartingAtTheSameMomentExactlyOneGetsTheLock() throws Exception {
        for (int round = 0; round < 20; round++) {
            Files.deleteIfExists(lock);
            List<Journal> journals = List.of(journal(), journal(), journal(), journal());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(journals.size());
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (Journal j : journals) {
                    results.add(pool.submit((Callable<Boolean>) () -> {
                        start.await();
                        try {
                            RunLock.acquire(setup, j, text -> {});
                            return true;
                        } catch (RunLock.Refused e) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> r : results) {
                    winners += r.get() ? 1 : 0;
                }
                assertThat(winners).as("round " + round).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
