package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalHeader;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.timeline.LaneState;
import org.zeofreeze.runbook.timeline.RunEvents;
import org.zeofreeze.runbook.timeline.Timeline;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.MoveFixtures;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.RunHandle;
import org.zeofreeze.ui.session.RunLauncher;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.session.StepLabel;

class RunViewModelTest {
    @TempDir
    Path dir;

    /** Plays a script of events; records what it was asked to do. */
    static final class ScriptedLauncher implements RunLauncher {
        final List<RunEvent> script = new ArrayList<>();
        final List<RunEvent> rollbackScript = new ArrayList<>();
        CancelToken token;
        Journal adopted;
        boolean cancelledWhenAsked;
        RunRequest request;
        int rollbacks;
        /** What the run service would say to a rollback of the run, if it refuses one. */
        String refusal;
        /** Runs half-way through the script, as a person pressing Stop while a step runs. */
        Runnable midway = () -> {};

        @Override
        public List<StepLabel> steps(RunHandle run) {
            return List.of(
                    new StepLabel("stop", "Stop the cluster", List.of("local")),
                    new StepLabel("apply", "Write configuration", List.of("local")),
                    new StepLabel("copy", "Copy the frozen storages", List.of("local")));
        }

        @Override
        public void run(RunHandle run, RunListener listener, CancelToken cancel) {
            this.request = run.request();
            this.adopted = run.journal().orElse(null);
            this.token = cancel;
            for (int i = 0; i < script.size(); i++) {
                if (i == script.size() / 2) {
                    midway.run();
                }
                if (cancel.isCancelled()) { // the next safe point
                    listener.on(new RunEvent.Finished(at(9), RunEvent.Outcome.CANCELLED, "cancelled", null));
                    return;
                }
                listener.on(script.get(i));
            }
        }

        @Override
        public Optional<String> rollBackRefusal(RunHandle run) {
            return Optional.ofNullable(refusal);
        }

        @Override
        public void rollBack(RunHandle run, RunListener listener) {
            this.request = run.request();
            this.adopted = run.journal().orElse(null);
            rollbacks++;
            rollbackScript.forEach(listener::on);
        }
    }

    private final ScriptedLauncher launcher = new ScriptedLauncher();

    private Session sessionWithPlan() throws Exception {
        Session session =
                ViewModels.planned(Fixtures.copyTree("guide", dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        Session withLauncher = ViewModels.session(dir.resolve("p"), launcher);
        withLauncher.profileProperty().set(session.profileProperty().get());
        withLauncher.useHosts(withLauncher.openHosts(session.profileProperty().get()));
        withLauncher.discoveryProperty().set(session.discoveryProperty().get());
        withLauncher.planProperty().set(session.planProperty().get());
        this.session = withLauncher;
        return withLauncher;
    }

    private RunViewModel enter() throws Exception {
        Session session =
                ViewModels.planned(Fixtures.copyTree("guide", dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        Session withLauncher = ViewModels.session(dir.resolve("p"), launcher);
        withLauncher.profileProperty().set(session.profileProperty().get());
        withLauncher.useHosts(withLauncher.openHosts(session.profileProperty().get()));
        withLauncher.discoveryProperty().set(session.discoveryProperty().get());
        discoveredBefore = session.discoveryProperty().get();
        withLauncher.planProperty().set(session.planProperty().get());
        this.session = withLauncher;
        RunViewModel model = new RunViewModel(withLauncher);
        model.entered();
        return model;
    }

    private Session session;
    private Discovery discoveredBefore;

    private static Instant at(int second) {
        return Instant.parse("2026-11-25T17:00:00Z").plusSeconds(second);
    }

    @Test
    void theGridShowsEveryStepBeforeItRunsAndFollowsTheEvents() throws Exception {
        launcher.script.add(new RunEvent.StepChanged(at(1), "stop", null, StepState.RUNNING, null));
        launcher.script.add(new RunEvent.StepChanged(at(2), "stop", null, StepState.DONE, null));
        launcher.script.add(new RunEvent.StepChanged(at(3), "apply", "local", StepState.FAILED, "disk full"));
        RunViewModel model = enter();
        assertThat(model.board().steps())
                .extracting(StepRow::title)
                .containsExactly("Stop the cluster", "Write configuration", "Copy the frozen storages");
        assertThat(model.board().hosts()).containsExactly("local");
        assertThat(model.board().steps().get(0).state("local")).isEqualTo(StepState.DONE); // from the step as a whole
        assertThat(model.board().steps().get(1).state("local")).isEqualTo(StepState.FAILED);
        assertThat(model.board().steps().get(1).summary()).isEqualTo(StepState.FAILED);
        assertThat(model.board().steps().get(2).state("local")).isEqualTo(StepState.PENDING);
        // the script ended without a Finished event: the run is over but not finished
        assertThat(model.readyProperty().get()).isFalse();
    }

    @Test
    void finishingEnablesNextAndLeavesASummaryForTheDonePage() throws Exception {
        launcher.script.add(new RunEvent.StepChanged(at(1), "stop", null, StepState.RUNNING, null));
        launcher.script.add(new RunEvent.StepChanged(at(61), "start", null, StepState.DONE, null));
        launcher.script.add(new RunEvent.Verified(
                at(62), "verify", "local", "zeoserver/x", true, "zeoserver/x refuses write access at the ZEO server"));
        // The downtime is the runner's account of it, not read off step names.
        launcher.script.add(new RunEvent.Outage(
                at(70),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Map.of("client1@local", Duration.ofSeconds(61)),
                false));
        launcher.script.add(
                new RunEvent.FrozenWindow(at(70), at(1), Map.of("x@local", Duration.ofSeconds(65)), List.of()));
        launcher.script.add(new RunEvent.Finished(at(70), RunEvent.Outcome.DONE, "done", "/tmp/j.json"));
        RunViewModel model = enter();
        assertThat(model.board().frozenWindowProperty().get())
                .isEqualTo("Frozen window: read-only before the copy was verified: " + "x@local 1 min 5 s");
        assertThat(session.resultProperty().get().frozen().perStorage())
                .containsEntry("x@local", Duration.ofSeconds(65));
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.readyProperty().get()).isTrue();
        // the cluster was read again for the pages after the run
        assertThat(session.discoveryProperty().get()).isNotSameAs(discoveredBefore);
        assertThat(session.discoveryProperty().get().cluster().storages()).hasSize(2);
        assertThat(model.board().statusProperty().get()).isEqualTo("Done");
        RunSummary summary = session.resultProperty().get();
        assertThat(summary.succeeded()).isTrue();
        assertThat(summary.downtime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(summary.verified()).containsExactly("Verified: zeoserver/x refuses write access at the ZEO server");
        assertThat(model.board().verified()).hasSize(1);
        assertThat(summary.storages()).containsExactly("zeoserver/deepereconomics.org");
        assertThat(summary.finished().journal()).isEqualTo("/tmp/j.json");
    }

    @Test
    void theSummaryCarriesTheTimelineReadFromTheRunsOwnEvents() throws Exception {
        List<RunEvent> rolling = RunEvents.rollingFreeze().list();
        launcher.script.addAll(rolling);
        RunViewModel model = enter();

        Timeline t = session.resultProperty().get().timeline();
        assertThat(model.finishedProperty().get()).isNotNull();
        assertThat(t).isEqualTo(Timeline.of(rolling));
        assertThat(t.lane("client1@local").orElseThrow().states())
                .containsExactly(
                        LaneState.SERVING, LaneState.DRAINING, LaneState.DOWN, LaneState.STARTING, LaneState.SERVING);
    }

    @Test
    void aSecondRunsTimelineHoldsNothingOfTheFirst() throws Exception {
        launcher.script.addAll(RunEvents.fullStop().list());
        RunViewModel model = enter();
        assertThat(session.resultProperty().get().timeline().bars()).isNotEmpty();

        launcher.script.clear();
        launcher.script.add(new RunEvent.StepChanged(at(100), "apply", null, StepState.RUNNING, null));
        launcher.script.add(new RunEvent.Finished(at(101), RunEvent.Outcome.DONE, "done", null));
        session.planProperty()
                .set(new Planner().plan(session.discoveryProperty().get(), Selection.freeze()));
        model.entered();

        Timeline t = session.resultProperty().get().timeline();
        assertThat(t.start()).isEqualTo(at(100));
        assertThat(t.lanes()).isEmpty();
        assertThat(t.bars()).isEmpty();
    }

    @Test
    void progressBecomesOneBarPerFileWithBytesRateAndTimeLeft() throws Exception {
        launcher.script.add(new RunEvent.Progress(
                at(1), "copy", "local", "plone.fs", 512L << 20, 2048L << 20, 64 << 20, Duration.ofSeconds(24)));
        launcher.script.add(new RunEvent.Progress(
                at(2), "copy", "local", "plone.fs", 1024L << 20, 2048L << 20, 64 << 20, Duration.ofSeconds(16)));
        RunViewModel model = enter();
        assertThat(model.board().transfers()).singleElement().satisfies(t -> {
            assertThat(t.fractionProperty().get()).isEqualTo(0.5);
            assertThat(t.textProperty().get()).isEqualTo("1.0 GiB of 2.0 GiB · 64 MiB/s · 16 s left");
        });
    }

    @Test
    void theLogFiltersByTextAndLevel() throws Exception {
        launcher.script.add(new RunEvent.Log(at(1), "stop", "local", RunEvent.Level.INFO, "stopping client1"));
        launcher.script.add(new RunEvent.Log(at(2), "stop", "local", RunEvent.Level.WARNING, "client2 slow to stop"));
        launcher.script.add(new RunEvent.Log(at(3), "apply", "local", RunEvent.Level.INFO, "wrote zeo.conf"));
        RunViewModel model = enter();
        assertThat(model.board().visibleLog()).hasSize(3);
        model.board().logFilterProperty().set("CLIENT");
        assertThat(model.board().visibleLog())
                .extracting(LogLine::text)
                .containsExactly("stopping client1", "client2 slow to stop");
        model.board().minimumLevelProperty().set(RunEvent.Level.WARNING);
        assertThat(model.board().visibleLog()).extracting(LogLine::text).containsExactly("client2 slow to stop");
        model.board().logFilterProperty().set("");
        model.board().minimumLevelProperty().set(RunEvent.Level.INFO);
        assertThat(model.board().visibleLog()).hasSize(3);
    }

    @Test
    void rollBackIsOfferedOnlyAfterSomethingWasDoneAndRunsOnce() throws Exception {
        launcher.script.add(new RunEvent.StepChanged(at(1), "stop", null, StepState.DONE, null));
        launcher.script.add(new RunEvent.Finished(at(2), RunEvent.Outcome.CANCELLED, "cancelled", "/tmp/j.json"));
        launcher.rollbackScript.add(
                new RunEvent.Finished(at(3), RunEvent.Outcome.ROLLED_BACK, "rolled back", "/tmp/j.json"));
        RunViewModel model = enter();
        assertThat(model.canRollBackProperty().get()).isTrue();
        model.rollBack();
        assertThat(launcher.rollbacks).isEqualTo(1);
        assertThat(model.finishedProperty().get().outcome()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
        assertThat(model.canRollBackProperty().get()).isFalse();
        model.rollBack();
        assertThat(launcher.rollbacks).isEqualTo(1);
    }

    @Test
    void aRollBackTheRunServiceWouldRefuseIsNotOfferedAndSaysWhy() throws Exception {
        launcher.script.add(new RunEvent.StepChanged(at(1), "stop", null, StepState.DONE, null));
        launcher.script.add(new RunEvent.Finished(at(2), RunEvent.Outcome.DONE, "done", "/tmp/j.json"));
        launcher.refusal = "this move reached its second roll: plone became writable at zeo2:8100";

        RunViewModel model = enter();

        assertThat(model.canRollBackProperty().get()).isFalse();
        assertThat(model.rollBackBlocker()).contains("Roll back is refused: " + launcher.refusal);
        model.rollBack();
        assertThat(launcher.rollbacks).isZero();
    }

    @Test
    void aMovesSummaryCountsEveryFileItChangesOnceTheTargetsZeoConfIncluded() throws Exception {
        Path buildout = MoveFixtures.guide(dir.resolve("zeocluster"));
        Path target = MoveFixtures.target(dir.resolve("new"));
        ClusterProfile profile = MoveFixtures.profile(buildout, target);
        Session moving = ViewModels.session(dir.resolve("p"), launcher);
        moving.profileProperty().set(profile);
        moving.useHosts(moving.openHosts(profile));
        RunSetup setup = RunPreparation.prepareMove(profile, Selection.freeze(), moving.hosts());
        moving.discoveryProperty().set(setup.discovery());
        moving.moveSetupProperty().set(setup.move());
        moving.planProperty().set(setup.plan());
        session = moving;
        launcher.script.add(new RunEvent.Finished(at(2), RunEvent.Outcome.DONE, "done", "/tmp/j.json"));

        new RunViewModel(moving).entered();

        List<String> files = moving.resultProperty().get().files();
        assertThat(files)
                .doesNotHaveDuplicates()
                .contains("new:" + target.resolve("parts/zeoserver/etc/zeo.conf"))
                .containsAll(setup.plan().changes().stream()
                        .map(c -> c.host() + ":" + c.path())
                        .toList())
                .hasSize((int) java.util.stream.Stream.concat(
                                setup.plan().changes().stream(), setup.move().plan().overall().stream())
                        .map(c -> c.host() + ":" + c.path())
                        .distinct()
                        .count());
        assertThat(files.size()).isGreaterThan(setup.plan().changes().size());
    }

    @Test
    void theRunIsStartedOncePerReviewedPlanWithTheChosenMaintenance() throws Exception {
        launcher.script.add(new RunEvent.Finished(at(2), RunEvent.Outcome.DONE, "done", null));
        RunViewModel model = enter();
        RunRequest first = launcher.request;
        model.entered(); // back on the page: the same plan is not run twice
        assertThat(launcher.request).isSameAs(first);
        assertThat(first.plan()).isSameAs(session.planProperty().get());
        assertThat(model.backAllowedProperty().get()).isTrue();
    }

    private Journal journal() throws Exception {
        return Journal.create(
                dir.resolve("run-1.json"),
                new JournalHeader(
                        "1",
                        Instant.parse("2026-11-25T17:00:00Z"),
                        session.profileProperty().get(),
                        Mode.FREEZE,
                        List.of(new StorageId("local", "zeoserver", "deepereconomics.org")),
                        List.of()),
                ViewModels.CLOCK);
    }

    @Test
    void aRunCutShortIsResumedWithItsOwnJournal() throws Exception {
        RunViewModel model = enter(); // the empty script: nothing finished
        launcher.script.clear();
        launcher.script.add(new RunEvent.StepChanged(at(5), "copy", null, StepState.DONE, null));
        launcher.script.add(new RunEvent.Finished(at(6), RunEvent.Outcome.DONE, "done", "run-1.json"));
        Journal journal = journal();
        model.takeUp(journal, false);
        assertThat(launcher.adopted).isSameAs(journal);
        assertThat(launcher.request.plan()).isSameAs(session.planProperty().get());
        assertThat(model.finishedProperty().get().outcome()).isEqualTo(RunEvent.Outcome.DONE);
        assertThat(model.board().log())
                .first()
                .extracting(LogLine::text)
                .asString()
                .startsWith("resuming");
    }

    @Test
    void aRunCutShortCanBeRolledBackFromItsJournalStraightAway() throws Exception {
        RunViewModel model = enter();
        launcher.rollbackScript.add(
                new RunEvent.Finished(at(3), RunEvent.Outcome.ROLLED_BACK, "rolled back", "run-1.json"));
        model.takeUp(journal(), true);
        assertThat(launcher.rollbacks).isEqualTo(1);
        assertThat(model.finishedProperty().get().outcome()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
    }

    @Test
    void stopAsksTheRunToStopAtItsNextSafePoint() throws Exception {
        launcher.script.add(new RunEvent.StepChanged(at(1), "stop", null, StepState.DONE, null));
        launcher.script.add(new RunEvent.StepChanged(at(2), "apply", null, StepState.DONE, null));
        launcher.script.add(new RunEvent.StepChanged(at(3), "copy", null, StepState.RUNNING, null));
        launcher.script.add(new RunEvent.Finished(at(4), RunEvent.Outcome.DONE, "done", null));
        RunViewModel[] model = {null};
        launcher.midway = () -> {
            model[0].cancel();
            assertThat(model[0].cancelRequestedProperty().get()).isTrue();
            assertThat(model[0].board().statusProperty().get()).contains("safe point");
        };
        model[0] = new RunViewModel(sessionWithPlan());
        model[0].entered();
        assertThat(launcher.token.isCancelled()).isTrue();
        assertThat(model[0].finishedProperty().get().outcome()).isEqualTo(RunEvent.Outcome.CANCELLED);
        assertThat(model[0].board().steps().get(2).summary()).isEqualTo(StepState.PENDING); // never reached
    }

    @Test
    void aLogFilterTypedDuringOneRunDoesNotFilterTheNext() throws Exception {
        launcher.script.add(new RunEvent.Log(at(1), "apply", "local", RunEvent.Level.INFO, "writing"));
        launcher.script.add(new RunEvent.Finished(at(2), RunEvent.Outcome.DONE, "done", "/tmp/j.json"));
        RunViewModel model = enter();
        model.board().logFilterProperty().set("nothing matches this");
        model.board().minimumLevelProperty().set(RunEvent.Level.ERROR);
        assertThat(model.board().visibleLog()).isEmpty();
        session.planProperty()
                .set(new Planner().plan(session.discoveryProperty().get(), Selection.freeze()));
        model.entered();
        assertThat(model.board().logFilterProperty().get()).isEmpty();
        assertThat(model.board().minimumLevelProperty().get()).isEqualTo(RunEvent.Level.INFO);
        assertThat(model.board().visibleLog()).isNotEmpty();
    }

    @Test
    void withOneHostTheGridHasNoColumnPerHost() throws Exception {
        RunViewModel model = enter();
        assertThat(model.board().hosts()).containsExactly("local");
        assertThat(model.board().hostColumns())
                .as("the State column says it already")
                .isEmpty();
        model.board().hosts().setAll("zeo", "client1");
        assertThat(model.board().hostColumns()).containsExactly("zeo", "client1");
    }

    @Test
    void theBackupsTheWriteMadeAreKeptForTheDonePage() throws Exception {
        launcher.script.add(new RunEvent.Log(
                at(1),
                "apply",
                "local",
                RunEvent.Level.INFO,
                "writing /b/etc/zope.conf (backup /b/etc/zope.conf.zeofreeze-20261125T170001.000Z.bak)"));
        launcher.script.add(new RunEvent.Log(
                at(1), "apply", "local", RunEvent.Level.INFO, "writing /b/etc/zeo.conf (backup /etc/passwd)"));
        launcher.script.add(new RunEvent.Finished(at(2), RunEvent.Outcome.DONE, "done", "/tmp/j.json"));
        RunViewModel model = enter();
        assertThat(session.resultProperty().get().backups())
                .containsExactly(new RunSummary.Backup(
                        "local", "/b/etc/zope.conf", "/b/etc/zope.conf.zeofreeze-20261125T170001.000Z.bak"));
        assertThat(model.rollBackBlocker())
                .as("a step was done? none")
                .contains("The run changed nothing: no step was done");
    }
}
