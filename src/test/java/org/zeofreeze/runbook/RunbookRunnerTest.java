package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.testing.Fixtures;

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
        Runnable during = () -> { };

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
        setup = RunPreparation.prepare(profile, Choice.freeze(), name -> new LocalHost(name));
        journal = RunPreparation.journal(setup, dir.resolve("journals"), Clock.systemUTC());
    }

    RunEvent.Outcome run() throws InterruptedException {
        return runner().run();
    }

    RunbookRunner runner() {
        return new RunbookRunner(new Runbook(List.of(check, stop, apply, start, copy)), setup, journal, events::add, cancel,
                Clock.systemUTC());
    }

    String finished() {
        return events.stream().filter(RunEvent.Finished.class::isInstance).map(e -> ((RunEvent.Finished) e).message())
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void stepsRunInOrderAndTheJournalRecordsEach() throws Exception {
        assertThat(run()).isEqualTo(RunEvent.Outcome.DONE);
        assertThat(trail).containsExactly("run check", "run stop", "run apply", "run start", "run copy");
        assertThat(journal.stateOf("apply", null)).isEqualTo(StepState.DONE);
        assertThat(journal.ended()).hasValueSatisfying(e -> assertThat(e.outcome()).isEqualTo(RunEvent.Outcome.DONE));
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
}
