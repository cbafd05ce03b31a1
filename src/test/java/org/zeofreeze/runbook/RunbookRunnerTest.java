package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.HostileFiles;

/** The runner's rules, with steps that only record what happens to them. */
class RunbookRunnerTest {
    @TempDir
    Path dir;

    final List<String> trail = new ArrayList<>();
    final List<RunEvent> events = new ArrayList<>();
    final CancelToken cancel = new CancelToken();
    RunSetup setup;
    Journal journal;

    /** A step that records run and undo, and fails when told to. */
    final class Recording implements Step {
        final String id;
        final boolean down;
        final boolean up;
        boolean fails;
        boolean inPlace;
        Runnable during = () -> {};

        Recording(String id, boolean down, boolean up) {
            this.id = id;
            this.down = down;
            this.up = up;
        }

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
            return List.of();
        }

        @Override
        public void run(StepRun run) throws StepFailure {
            trail.add("run " + id);
            during.run();
            if (fails) {
                throw new StepFailure(null, id + " broke");
            }
        }

        @Override
        public void undo(StepRun run) {
            trail.add("undo " + id);
        }

        @Override
        public boolean takesClusterDown() {
            return down;
        }

        @Override
        public boolean bringsClusterUp() {
            return up;
        }

        @Override
        public boolean restartsInPlace() {
            return inPlace;
        }
    }

    /** Two clients rolled in turn, then ZEO alone, then the copy: a rolling run's shape. */
    final Recording roll1 = inPlace("roll1");

    final Recording roll2 = inPlace("roll2");
    final Recording zeo = inPlace("zeo");

    Recording inPlace(String id) {
        Recording r = new Recording(id, false, false);
        r.inPlace = true;
        return r;
    }

    RunbookRunner rolling() {
        return new RunbookRunner(
                new Runbook(Strategy.ROLLING, List.of(check, roll1, roll2, zeo, copy)),
                setup,
                journal,
                events::add,
                cancel,
                Clock.systemUTC());
    }

    final Recording check = new Recording("check", false, false);
    final Recording stop = new Recording("stop", true, false);
    final Recording apply = new Recording("apply", false, false);
    final Recording start = new Recording("start", false, true);
    final Recording copy = new Recording("copy", false, false);

    @BeforeEach
    void setUp() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        ClusterProfile profile = ClusterProfile.local("t", buildout.toString());
        setup = RunPreparation.prepare(profile, Selection.freeze(), name -> new LocalHost(name));
        journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), Clock.systemUTC());
    }

    RunEvent.Outcome run() throws InterruptedException {
        return runner().run();
    }

    RunbookRunner runner() {
        return new RunbookRunner(
                new Runbook(Strategy.FULL_STOP, List.of(check, stop, apply, start, copy)),
                setup,
                journal,
                events::add,
                cancel,
                Clock.systemUTC());
    }

    String finished() {
        return events.stream()
                .filter(RunEvent.Finished.class::isInstance)
                .map(e -> ((RunEvent.Finished) e).message())
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void stepsRunInOrderAndTheJournalRecordsEach() throws Exception {
        assertThat(run()).isEqualTo(RunEvent.Outcome.DONE);
        assertThat(trail).containsExactly("run check", "run stop", "run apply", "run start", "run copy");
        assertThat(journal.stateOf("apply", null)).isEqualTo(StepState.DONE);
        assertThat(journal.ended())
                .hasValueSatisfying(e -> assertThat(e.outcome()).isEqualTo(RunEvent.Outcome.DONE));
    }

    @Test
    void aFailureWhileTheSiteIsDownIsUndoneNewestFirstBackToTheStop() throws Exception {
        apply.fails = true;
        assertThat(run()).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(trail).containsExactly("run check", "run stop", "run apply", "undo apply", "undo stop");
        assertThat(finished()).contains("apply broke", "Everything was put back");
        assertThat(journal.stateOf("stop", null)).isEqualTo(StepState.UNDONE);
    }

    @Test
    void aClientThatFailsMidRollIsPutBackAtOnceAndTheRunStopsWithTheRestServing() throws Exception {
        roll2.fails = true;
        assertThat(rolling().run()).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(trail).containsExactly("run check", "run roll1", "run roll2", "undo roll2");
        assertThat(finished())
                .contains("roll2 broke", "put back as it was", "rest of the site kept serving", "rollback");
        assertThat(journal.stateOf("roll1", null)).isEqualTo(StepState.DONE);
        assertThat(journal.stateOf("roll2", null)).isEqualTo(StepState.UNDONE);
    }

    @Test
    void aRollingRollbackUndoesEveryStepThatRanNewestFirstServerBeforeClients() throws Exception {
        copy.fails = true;
        assertThat(rolling().run()).isEqualTo(RunEvent.Outcome.FAILED);
        trail.clear();
        assertThat(rolling().rollback()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
        assertThat(trail).containsExactly("undo copy", "undo zeo", "undo roll2", "undo roll1", "undo check");
        assertThat(finished()).contains("one process at a time", "kept serving");
    }

    @Test
    void aResumeAfterARollbackSaysSoAndDoesNothing() throws Exception {
        copy.fails = true;
        rolling().run();
        rolling().rollback();
        trail.clear();
        assertThat(rolling().run()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
        assertThat(trail).isEmpty();
        assertThat(finished()).contains("was rolled back", "nothing to resume");
    }

    @Test
    void anErrorThatIsNoStepFailureStillBringsTheSiteBackUp() throws Exception {
        apply.during = () -> {
            throw new StackOverflowError();
        };
        assertThat(run()).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(trail).containsExactly("run check", "run stop", "run apply", "undo apply", "undo stop");
        assertThat(finished()).contains("broke off", "StackOverflowError", "Everything was put back");
    }

    @Test
    void runningOutOfMemoryOnAHostileFileWhileTheSiteIsDownStillBringsItBackUp() throws Exception {
        Path zeoConf = Path.of(setup.buildout("local")).resolve("parts/zeoserver/etc/zeo.conf");
        apply.during = () -> {
            // The cluster read again, as a write reads it back, from a zeo.conf that now expands past any memory.
            try {
                HostileFiles.defineBomb(zeoConf);
                RunPreparation.prepare(setup.profile(), Selection.freeze(), LocalHost::new);
            } catch (Exception e) {
                throw new IllegalStateException("the hostile file was read without running out of memory", e);
            }
        };

        assertThat(run()).isEqualTo(RunEvent.Outcome.FAILED);

        assertThat(trail).containsExactly("run check", "run stop", "run apply", "undo apply", "undo stop");
        assertThat(finished()).contains("'apply' broke off: out of memory", "Everything was put back");
    }

    @Test
    void aJournalThatCannotBeWrittenWhileTheSiteIsDownStillBringsItBackUp() throws Exception {
        // The journal's directory vanishes while the site is down: every later write fails.
        stop.during = () -> {
            try {
                try (var files = Files.walk(journal.file().getParent())) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertThat(run()).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(trail).containsExactly("run check", "run stop", "undo stop");
        assertThat(finished()).contains("cannot write the journal", "Everything was put back");
    }

    @Test
    void aFailureWhileTheSiteIsUpLeavesItUpToResumeOrRollBack() throws Exception {
        copy.fails = true;
        assertThat(run()).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(trail).containsExactly("run check", "run stop", "run apply", "run start", "run copy");
        assertThat(finished()).contains("copy broke", "resume or roll back");
    }

    @Test
    void aResumedRunSkipsWhatIsDone() throws Exception {
        copy.fails = true;
        run();
        trail.clear();
        copy.fails = false;
        // A new runner on the same journal, as 'zeofreeze resume' makes.
        assertThat(run()).isEqualTo(RunEvent.Outcome.DONE);
        assertThat(trail).containsExactly("run copy");
    }

    @Test
    void cancelIsHonouredOnlyWhileTheSiteIsUp() throws Exception {
        stop.during = cancel::cancel; // asked while the site goes down
        assertThat(run()).isEqualTo(RunEvent.Outcome.CANCELLED);
        // apply and start still ran: the site is brought back before the run stops
        assertThat(trail).containsExactly("run check", "run stop", "run apply", "run start");
        assertThat(finished()).contains("cancelled before 'copy'", "the cluster is running with the new configuration");
    }

    @Test
    void aCancelledCopyIsACancelNotAFailure() throws Exception {
        copy.during = cancel::cancel;
        copy.fails = true;
        assertThat(run()).isEqualTo(RunEvent.Outcome.CANCELLED);
        assertThat(finished()).startsWith("cancelled during 'copy'");
    }

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-01T20:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aFreezeWithATargetReportsHowLongEachStorageWasReadOnlyBeforeItsCopyWasVerifiedBeforeItEnds() throws Exception {
        Hands hands = new Hands();
        RunSetup withTarget = targetSetup();
        Journal j = RunPreparation.journal(
                withTarget, Runbook.of(withTarget, Strategy.FULL_STOP), dir.resolve("j2"), hands);
        stop.during = () -> {
            hands.now = hands.now.plusSeconds(10);
            j.append(new JournalEntry.ProcessStopped(j.now(), "local", "client1"));
        };
        copy.during = () -> {
            hands.now = hands.now.plusSeconds(42);
            j.append(new JournalEntry.CopyVerified(j.now(), "local", "deepereconomics.org", "/a.fs", "/b.fs", 1, "00"));
            hands.now = hands.now.plusSeconds(5);
        };

        new RunbookRunner(
                        new Runbook(Strategy.FULL_STOP, List.of(check, stop, apply, start, copy)),
                        withTarget,
                        j,
                        events::add,
                        cancel,
                        hands)
                .run();

        RunEvent.FrozenWindow w = frozenWindow();
        assertThat(w.perStorage()).containsExactly(Map.entry("deepereconomics.org@local", Duration.ofSeconds(42)));
        assertThat(w.notVerified()).isEmpty();
        assertThat(w.describe()).isEqualTo("read-only before the copy was verified: deepereconomics.org@local 42 s");
        assertThat(events.indexOf(w))
                .isLessThan(events.indexOf(events.stream()
                        .filter(RunEvent.Finished.class::isInstance)
                        .findFirst()
                        .orElseThrow()));
    }

    @Test
    void aCopyThatWasNotVerifiedIsNamedWithTheTimeSoFar() throws Exception {
        Hands hands = new Hands();
        RunSetup withTarget = targetSetup();
        Journal j = RunPreparation.journal(
                withTarget, Runbook.of(withTarget, Strategy.FULL_STOP), dir.resolve("j3"), hands);
        stop.during = () -> j.append(new JournalEntry.ProcessStopped(j.now(), "local", "client1"));
        copy.during = () -> hands.now = hands.now.plusSeconds(7);
        copy.fails = true;

        new RunbookRunner(
                        new Runbook(Strategy.FULL_STOP, List.of(check, stop, apply, start, copy)),
                        withTarget,
                        j,
                        events::add,
                        cancel,
                        hands)
                .run();

        assertThat(frozenWindow().notVerified()).containsExactly("deepereconomics.org@local");
        assertThat(frozenWindow().describe())
                .isEqualTo("read-only, copy not verified: deepereconomics.org@local " + "(read-only for 7.0 s so far)");
    }

    @Test
    void aRunThatFrozeNothingYetOrHasNoTargetReportsNoFrozenWindow() throws Exception {
        check.fails = true;
        RunSetup withTarget = targetSetup();
        Journal j = RunPreparation.journal(
                withTarget, Runbook.of(withTarget, Strategy.FULL_STOP), dir.resolve("j4"), Clock.systemUTC());
        new RunbookRunner(
                        new Runbook(Strategy.FULL_STOP, List.of(check, stop)),
                        withTarget,
                        j,
                        events::add,
                        cancel,
                        Clock.systemUTC())
                .run();
        check.fails = false;
        stop.during = () -> journal.append(new JournalEntry.ProcessStopped(journal.now(), "local", "client1"));
        run(); // the profile of this.setup has no target
        assertThat(events).noneMatch(RunEvent.FrozenWindow.class::isInstance);
    }

    RunSetup targetSetup() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("bt"));
        ClusterProfile profile = new ClusterProfile(
                "t",
                ClusterProfile.local("t", buildout.toString()).hosts(),
                null,
                new MigrationTarget("new", "", null, null, dir.resolve("new").toString(), List.of()),
                null,
                false);
        return RunPreparation.prepare(
                profile, Selection.parse(Mode.FREEZE, List.of("deepereconomics.org")), LocalHost::new);
    }

    RunEvent.FrozenWindow frozenWindow() {
        return events.stream()
                .filter(RunEvent.FrozenWindow.class::isInstance)
                .map(RunEvent.FrozenWindow.class::cast)
                .reduce((a, b) -> b)
                .orElseThrow();
    }
}
