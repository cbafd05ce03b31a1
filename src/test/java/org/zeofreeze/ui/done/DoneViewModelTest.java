package org.zeofreeze.ui.done;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.ViewModels;
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
    }

    private static final Instant START = Instant.parse("2026-11-25T17:00:00Z");

    private static RunSummary run(Mode mode, RunEvent.Outcome outcome, List<String> verified, List<RunSummary.Backup> backups) {
        return new RunSummary("zeocluster", mode, List.of("zeoserver/plone"), List.of(), new RunEvent.Finished(
                START.plusSeconds(60), outcome, "done", "/j/run.json"), START, START.plusSeconds(60), null, verified,
                List.of(), List.of(), null, backups);
    }

    private Session session() throws Exception {
        return ViewModels.discovered(Fixtures.copyTree("guide", dir.resolve("zeocluster")), dir.resolve("p"));
    }

    @Test
    void afterAFreezeTheNextStepIsToThawThisClusterOrRollBack() throws Exception {
        Session session = session();
        Recorded wizard = new Recorded();
        DoneViewModel model = new DoneViewModel(session, wizard);
        session.resultProperty().set(run(Mode.FREEZE, RunEvent.Outcome.DONE, List.of("Verified: plone read-only"), List.of()));
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

        session.resultProperty().set(run(Mode.FREEZE, RunEvent.Outcome.DONE, List.of("NOT verified: plone still writable"),
                List.of(backup)));
        model.entered();
        assertThat(model.backups()).containsExactly(backup);
        assertThat(model.removeBlockerProperty().get()).contains("not verified");
        model.removeBackups();
        assertThat(ours).exists();

        session.resultProperty().set(run(Mode.FREEZE, RunEvent.Outcome.DONE, List.of("Verified: plone read-only"),
                List.of(backup)));
        model.entered();
        assertThat(model.removeBlockerProperty().get()).isEmpty();
        model.removeBackups();
        assertThat(ours).doesNotExist();
        assertThat(List.of(conf, older, orig)).allMatch(Files::exists);
        assertThat(model.backups()).isEmpty();
        assertThat(model.infoProperty().get()).isEqualTo("Removed 1 backup");
        assertThat(model.rollBackBlockerProperty().get()).contains("backups were removed");
        model.entered();
        assertThat(model.rollBackBlockerProperty().get()).as("still, when the page is shown again")
                .contains("backups were removed");
    }

    @Test
    void onlyAFileNamedAsAnAppliesBackupOfItsFileCountsAsOne() {
        assertThat(RunSummary.Backup.isBackupOf("/b/zope.conf.zeofreeze-20261125T170000.000Z.bak", "/b/zope.conf")).isTrue();
        assertThat(RunSummary.Backup.isBackupOf("/b/zope.conf", "/b/zope.conf")).isFalse();
        assertThat(RunSummary.Backup.isBackupOf("/b/other.conf.zeofreeze-1.bak", "/b/zope.conf")).isFalse();
        assertThat(RunSummary.Backup.isBackupOf("/b/zope.conf.zeofreeze-1/../../x.bak", "/b/zope.conf")).isFalse();
    }
}
