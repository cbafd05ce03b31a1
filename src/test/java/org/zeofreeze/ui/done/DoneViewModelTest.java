package org.zeofreeze.ui.done;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.timeline.Lane;
import org.zeofreeze.runbook.timeline.RunEvents;
import org.zeofreeze.runbook.timeline.Timeline;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.App;
import org.zeofreeze.ui.MoveFixtures;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.MoveWindow;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.Session;

class DoneViewModelTest {
    @TempDir
    Path dir;

    /** The wizard's side, recorded; Roll back is allowed unless a reason is given. */
    static final class Recorded implements DoneViewModel.FollowUps {
        int thaws;
        int rollBacks;
        String rollBackBlocker;

        @Override
        public void thaw() {
            thaws++;
        }

        @Override
        public Optional<String> rollBackBlocker() {
            return Optional.ofNullable(rollBackBlocker);
        }

        @Override
        public void rollBack() {
            rollBacks++;
        }

        int moves;

        @Override
        public void move() {
            moves++;
        }
    }

    private static final Instant START = Instant.parse("2026-11-25T17:00:00Z");

    private static RunSummary run(
            Mode mode, RunEvent.Outcome outcome, List<String> verified, List<RunSummary.Backup> backups) {
        return new RunSummary(
                "zeocluster",
                mode,
                List.of("zeoserver/plone"),
                List.of(),
                new RunEvent.Finished(START.plusSeconds(60), outcome, "done", "/j/run.json"),
                START,
                START.plusSeconds(60),
                null,
                verified,
                List.of(),
                List.of(),
                null,
                backups);
    }

    private Session session() throws Exception {
        return ViewModels.discovered(Fixtures.copyTree("guide", dir.resolve("zeocluster")), dir.resolve("p"));
    }

    @Test
    void afterAFreezeTheNextStepIsToThawThisClusterOrRollBack() throws Exception {
        Session session = session();
        Recorded wizard = new Recorded();
        DoneViewModel model = new DoneViewModel(session, wizard);
        session.resultProperty()
                .set(run(Mode.FREEZE, RunEvent.Outcome.DONE, List.of("Verified: plone read-only"), List.of()));
        model.entered();
        assertThat(model.thawBlockerProperty().get()).isEmpty();
        assertThat(model.rollBackBlockerProperty().get()).isEmpty();
        model.thaw();
        model.rollBack();
        assertThat(wizard.thaws).isEqualTo(1);
        assertThat(wizard.rollBacks).isEqualTo(1);
        assertThat(model.cancelText()).isEqualTo("_Close");
    }

    @Test
    void aStepThatCannotApplyIsRefusedWithItsReason() throws Exception {
        Session session = session();
        Recorded wizard = new Recorded();
        wizard.rollBackBlocker = "The run was rolled back already";
        DoneViewModel model = new DoneViewModel(session, wizard);
        session.resultProperty().set(run(Mode.THAW, RunEvent.Outcome.DONE, List.of(), List.of()));
        model.entered();
        assertThat(model.thawBlockerProperty().get()).contains("thawed", "writable already");
        assertThat(model.rollBackBlockerProperty().get()).isEqualTo("The run was rolled back already");
        model.thaw();
        model.rollBack();
        assertThat(wizard.thaws).isZero();
        assertThat(wizard.rollBacks).isZero();
        session.resultProperty().set(run(Mode.FREEZE, RunEvent.Outcome.ROLLED_BACK, List.of(), List.of()));
        model.entered();
        assertThat(model.thawBlockerProperty().get()).contains("rolled back");
        session.resultProperty().set(run(Mode.FREEZE, RunEvent.Outcome.FAILED, List.of(), List.of()));
        model.entered();
        assertThat(model.thawBlockerProperty().get()).contains("failed", "roll it back");
    }

    @Test
    void theBackupsTheRunLeftAreListedAndRemovedOnlyThoseOnceVerified() throws Exception {
        Session session = session();
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path conf = Files.writeString(etc.resolve("zope.conf"), "frozen\n");
        Path ours = Files.writeString(etc.resolve("zope.conf.zeofreeze-20261125T170000.000Z.bak"), "before\n");
        Path older = Files.writeString(etc.resolve("zope.conf.zeofreeze-20261101T090000.000Z.bak"), "older\n");
        Path orig = Files.writeString(etc.resolve("zope.conf.orig"), "the admin's\n");
        RunSummary.Backup backup = new RunSummary.Backup("local", conf.toString(), ours.toString());
        DoneViewModel model = new DoneViewModel(session, new Recorded());

        session.resultProperty()
                .set(run(
                        Mode.FREEZE,
                        RunEvent.Outcome.DONE,
                        List.of("NOT verified: plone still writable"),
                        List.of(backup)));
        model.entered();
        assertThat(model.backups()).containsExactly(backup);
        assertThat(model.removeBlockerProperty().get()).contains("not verified");
        model.removeBackups();
        assertThat(ours).exists();

        session.resultProperty()
                .set(run(Mode.FREEZE, RunEvent.Outcome.DONE, List.of("Verified: plone read-only"), List.of(backup)));
        model.entered();
        assertThat(model.removeBlockerProperty().get()).isEmpty();
        model.removeBackups();
        assertThat(ours).doesNotExist();
        assertThat(List.of(conf, older, orig)).allMatch(Files::exists);
        assertThat(model.backups()).isEmpty();
        assertThat(model.infoProperty().get()).isEqualTo("Removed 1 backup");
        assertThat(model.rollBackBlockerProperty().get()).contains("backups were removed");
        model.entered();
        assertThat(model.rollBackBlockerProperty().get())
                .as("still, when the page is shown again")
                .contains("backups were removed");
    }

    @Test
    void onlyAFileNamedAsAnAppliesBackupOfItsFileCountsAsOne() {
        assertThat(RunSummary.Backup.isBackupOf("/b/zope.conf.zeofreeze-20261125T170000.000Z.bak", "/b/zope.conf"))
                .isTrue();
        assertThat(RunSummary.Backup.isBackupOf("/b/zope.conf", "/b/zope.conf")).isFalse();
        assertThat(RunSummary.Backup.isBackupOf("/b/other.conf.zeofreeze-1.bak", "/b/zope.conf"))
                .isFalse();
        assertThat(RunSummary.Backup.isBackupOf("/b/zope.conf.zeofreeze-1/../../x.bak", "/b/zope.conf"))
                .isFalse();
    }

    @Test
    void aMoveIsOfferedAfterAFreezeOnlyWhereTheStoragesCanBeMovedAsTheyAreNow() throws Exception {
        Path buildout = MoveFixtures.guide(dir.resolve("zeocluster"));
        Path target = MoveFixtures.target(dir.resolve("new"));
        Session session = ViewModels.discovered(MoveFixtures.profile(buildout, target), buildout, dir.resolve("p"));
        Recorded wizard = new Recorded();
        DoneViewModel model = new DoneViewModel(session, wizard);
        RunSummary freeze = new RunSummary(
                "zeocluster",
                Mode.FREEZE,
                List.of("zeoserver/deepereconomics.org"),
                List.of(),
                new RunEvent.Finished(START.plusSeconds(60), RunEvent.Outcome.ROLLED_BACK, "rolled back", null),
                START,
                START.plusSeconds(60),
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                List.of());
        session.resultProperty().set(freeze);
        model.entered();
        // Rolled back: the storages are writable again, so they can be moved.
        assertThat(model.moveBlockerProperty().get()).isEmpty();
        model.move();
        assertThat(wizard.moves).isEqualTo(1);

        // Frozen in the clients by a freeze that finished: the move takes the storages as they are.
        for (FileChange c : new Planner()
                .plan(session.discoveryProperty().get(), Selection.freeze("deepereconomics.org"))
                .changes()) {
            Files.write(Path.of(c.path()), c.after());
        }
        session.discoveryProperty().set(Engines.discover(buildout));
        model.entered();
        assertThat(model.moveBlockerProperty().get()).isEmpty();
        model.move();
        assertThat(wizard.moves).isEqualTo(2);

        // No target: said so.
        session.profileProperty().set(App.localProfile(buildout.toString()));
        model.entered();
        assertThat(model.moveBlockerProperty().get()).contains("no migration target");
    }

    @Test
    void aMoveSaysHowLongEachStorageWasReadOnlyUntilWritableAtTheTarget() throws Exception {
        Session session = session();
        DoneViewModel model = new DoneViewModel(session, new Recorded());
        List<MoveWindow> windows = List.of(
                new MoveWindow("site@local", START, START.plusSeconds(95)),
                new MoveWindow("images@local", START, null));
        session.resultProperty()
                .set(new RunSummary(
                        "zeocluster",
                        Mode.FREEZE,
                        List.of("zeoserver/site", "zeoserver/images"),
                        List.of(),
                        new RunEvent.Finished(START.plusSeconds(100), RunEvent.Outcome.DONE, "done", "/j/run.json"),
                        START,
                        START.plusSeconds(100),
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        null,
                        List.of(),
                        windows));
        model.entered();
        assertThat(model.headlineProperty().get()).isEqualTo("2 storages moved to the new server");
        assertThat(model.facts())
                .anyMatch(f -> f.startsWith("Read-only from the freeze until writable at the new server: "
                        + "site@local 1 min 35 s, images@local (not writable at the target)"));
        assertThat(model.moveBlockerProperty().get()).isEqualTo("This run moved the storages already");
        assertThat(RunReport.render(session.resultProperty().get(), RunReport.Format.MARKDOWN))
                .contains("Read-only until writable at the target", "site@local 1 min 35 s");
    }

    @Test
    void theDonePageShowsTheFinishedRunsTimeline() throws Exception {
        Session session = session();
        DoneViewModel model = new DoneViewModel(session, new Recorded());
        Timeline rolling = Timeline.of(RunEvents.rollingFreeze().list());
        RunSummary r = run(Mode.FREEZE, RunEvent.Outcome.DONE, List.of(), List.of());
        session.resultProperty()
                .set(new RunSummary(
                        r.cluster(),
                        r.mode(),
                        r.storages(),
                        r.changes(),
                        r.finished(),
                        r.started(),
                        r.ended(),
                        r.outage(),
                        r.verified(),
                        r.copies(),
                        r.log(),
                        r.frozen(),
                        r.backups(),
                        r.moved(),
                        rolling));

        assertThat(model.timelineProperty().get())
                .as("before the page is entered")
                .isNull();
        model.entered();

        assertThat(model.timelineProperty().get()).isSameAs(rolling);
        assertThat(model.timelineProperty().get().lanes())
                .extracting(Lane::label)
                .containsExactly("site", "zeoserver@local", "client1@local", "client2@local");
    }

    @Test
    void aRunWithoutATimelineOrWithNothingToDrawShowsNone() throws Exception {
        Session session = session();
        DoneViewModel model = new DoneViewModel(session, new Recorded());
        RunSummary r = run(Mode.FREEZE, RunEvent.Outcome.DONE, List.of(), List.of());
        session.resultProperty()
                .set(new RunSummary(
                        r.cluster(),
                        r.mode(),
                        r.storages(),
                        r.changes(),
                        r.finished(),
                        r.started(),
                        r.ended(),
                        r.outage(),
                        r.verified(),
                        r.copies(),
                        r.log(),
                        r.frozen(),
                        r.backups(),
                        r.moved(),
                        Timeline.of(configOnlyEvents())));
        model.entered();
        assertThat(model.timelineProperty().get()).isNull();

        session.resultProperty().set(r);
        model.entered();
        assertThat(model.timelineProperty().get()).isNull();
    }

    /** The events of a run that only wrote files. */
    static List<RunEvent> configOnlyEvents() {
        return List.of(
                new RunEvent.StepChanged(START, "apply", null, StepState.RUNNING, null),
                new RunEvent.StepChanged(START.plusSeconds(1), "apply", null, StepState.DONE, null),
                new RunEvent.Finished(START.plusSeconds(2), RunEvent.Outcome.DONE, "done", null));
    }
}
