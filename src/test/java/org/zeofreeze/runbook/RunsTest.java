package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.RunLock;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.ForwardingHost;

/**
 * The one run service: whatever way a run ends, the cluster's lock it took is given back exactly
 * once, and before the Finished event, so whoever sees that event may start the next run; a
 * resume takes the lock like a new run; an unsafe strategy is refused, never replaced.
 */
class RunsTest {
    @TempDir
    Path dir;

    RunSetup setup;
    Path lock;
    final AtomicInteger lockDeletes = new AtomicInteger();
    final List<RunEvent> events = new CopyOnWriteArrayList<>();
    /** Whether the lock file was still there when the Finished event went out. */
    Boolean lockAtFinish;

    @BeforeEach
    void setUp() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        lock = Path.of(RunLock.lockPath(buildout.toString()));
        ClusterProfile profile = ClusterProfile.local("t", buildout.toString());
        setup = RunPreparation.prepare(profile, Selection.freeze(), name -> new CountingHost(new LocalHost(name)));
    }

    /** Counts the removals of the lock file, the one thing a release does. */
    final class CountingHost extends ForwardingHost {
        CountingHost(Host delegate) {
            super(delegate);
        }

        @Override
        public void deleteFile(String path) throws IOException {
            if (Path.of(path).equals(lock)) {
                lockDeletes.incrementAndGet();
            }
            delegate.deleteFile(path);
        }
    }

    RunListener listener() {
        return e -> {
            if (e instanceof RunEvent.Finished) {
                lockAtFinish = Files.exists(lock);
            }
            events.add(e);
        };
    }

    /** A step that takes the lock's place in the pre-flight, then does what the test says. */
    static Step step(String id, StepBody body) {
        return new Step() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return id;
            }

            @Override
            public StepAction action() {
                return new StepAction.Verify();
            }

            @Override
            public List<String> hosts(RunSetup s) {
                return List.of("local");
            }

            @Override
            public void run(StepRun run) throws StepFailure, InterruptedException {
                body.run(run);
            }
        };
    }

    interface StepBody {
        void run(StepRun run) throws StepFailure, InterruptedException;
    }

    Runs.Ending start(Step... steps) {
        Runbook runbook = new Runbook(Strategy.FULL_STOP, List.of(steps));
        Runs.Prepared prepared = new Runs.Prepared(setup, Runs.decide(setup, Optional.of(Strategy.FULL_STOP)), runbook);
        return new Runs(dir.resolve("journals"), Clock.systemUTC())
                .start(prepared, Optional.empty(), listener(), new CancelToken());
    }

    void lockTakenAndGivenBackOnceBeforeTheEnd(RunEvent.Outcome outcome, Runs.Ending ending) {
        assertThat(ending)
                .isInstanceOfSatisfying(
                        Runs.Ending.Ran.class, r -> assertThat(r.outcome()).isEqualTo(outcome));
        assertThat(lockDeletes).as("lock removals").hasValue(1);
        assertThat(lockAtFinish)
                .as("the lock still there at the Finished event")
                .isFalse();
        assertThat(lock).doesNotExist();
        assertThat(events.stream().filter(RunEvent.Finished.class::isInstance)).hasSize(1);
    }

    Step holdsTheLock() {
        return step(
                "check", run -> assertThat(lock).as("the lock during the run").exists());
    }

    @Test
    void aRunThatIsDoneGivesItsLockBackOnceBeforeItsEnd() {
        lockTakenAndGivenBackOnceBeforeTheEnd(RunEvent.Outcome.DONE, start(holdsTheLock(), step("copy", run -> {})));
    }

    @Test
    void aRunThatFailsGivesItsLockBackOnce() {
        lockTakenAndGivenBackOnceBeforeTheEnd(RunEvent.Outcome.FAILED, start(holdsTheLock(), step("copy", run -> {
            throw new StepFailure(null, "rsync failed");
        })));
    }

    @Test
    void aCancelledRunGivesItsLockBackOnce() {
        CancelToken token = new CancelToken();
        Runbook runbook =
                new Runbook(Strategy.FULL_STOP, List.of(step("check", run -> token.cancel()), step("copy", run -> {})));
        Runs.Prepared prepared = new Runs.Prepared(setup, Runs.decide(setup, Optional.of(Strategy.FULL_STOP)), runbook);
        lockTakenAndGivenBackOnceBeforeTheEnd(
                RunEvent.Outcome.CANCELLED,
                new Runs(dir.resolve("journals"), Clock.systemUTC())
                        .start(prepared, Optional.empty(), listener(), token));
    }

    @Test
    void aStepThatThrowsGivesTheLockBackOnce() {
        lockTakenAndGivenBackOnceBeforeTheEnd(RunEvent.Outcome.FAILED, start(holdsTheLock(), step("copy", run -> {
            throw new IllegalStateException("a bug");
        })));
    }

    @Test
    void aRunWhoseJournalCannotBeWrittenGivesTheLockBackOnce() {
        Runs.Ending ending = start(holdsTheLock(), step("copy", run -> {
            try {
                // the journal's directory taken away under the run: every later entry fails to write
                Path journals = dir.resolve("journals");
                try (var files = Files.list(journals)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(journals);
                Files.writeString(journals, "not a directory");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        lockTakenAndGivenBackOnceBeforeTheEnd(RunEvent.Outcome.FAILED, ending);
        assertThat(events)
                .filteredOn(RunEvent.Finished.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((RunEvent.Finished) e).message()).containsIgnoringCase("journal"));
    }

    @Test
    void aResumeTakesTheLockAndIsRefusedWhileAnotherRunHoldsIt() throws Exception {
        Journal other = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("other"), Clock.systemUTC());
        RunLock.acquire(setup, other, text -> {});
        Journal mine = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), Clock.systemUTC());

        Runs.Ending ending = new Runs(dir.resolve("journals"), Clock.systemUTC())
                .resume(mine, setup, Optional.empty(), listener(), new CancelToken());

        assertThat(ending).isInstanceOfSatisfying(Runs.Ending.Refused.class, r -> {
            assertThat(r.refusal().kind()).isEqualTo(Runs.Refusal.Kind.LOCKED);
            assertThat(r.refusal().message())
                    .contains("locked by run " + other.header().runId());
        });
        assertThat(events).noneMatch(e -> e instanceof RunEvent.StepChanged);
        assertThat(lockDeletes).as("the other run's lock is left alone").hasValue(0);
    }

    @Test
    void anUnsafeStrategyIsRefusedNotReplaced() throws Exception {
        Path buildout = Fixtures.guideOnSocket(dir.resolve("socket"), dir.resolve("zeo.sock"));
        RunSetup onSocket = RunPreparation.prepare(
                ClusterProfile.local("t", buildout.toString()), Selection.freeze(), LocalHost::new);

        StrategyDecision asked = Runs.decide(onSocket, Optional.of(Strategy.ROLLING));
        assertThat(asked.refused()).isTrue();
        Assertions.assertThatThrownBy(() -> Runs.prepare(onSocket, Optional.of(Strategy.ROLLING)))
                .isInstanceOfSatisfying(Runs.RefusedException.class, e -> {
                    assertThat(e.refusal().kind()).isEqualTo(Runs.Refusal.Kind.NOT_SAFE);
                    assertThat(e.getMessage())
                            .isEqualTo(asked.refusal())
                            .contains("listens on no TCP port", "not safe");
                });
        // Not asked for: the full stop is chosen, and says why.
        assertThat(Runs.prepare(onSocket, Optional.empty()).decision().strategy())
                .isEqualTo(Strategy.FULL_STOP);
    }
}
