package org.zeofreeze.ui.done;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.format.Units;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.timeline.Timeline;
import org.zeofreeze.ui.choose.ChooseViewModel;
import org.zeofreeze.ui.session.MoveWindow;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Done page: what the run did, its journal, the report, the backups it left, and the next
 * step that fits what just ran (thaw this cluster after a freeze, or roll the run back); a next
 * step that cannot apply says why.
 */
public final class DoneViewModel implements PageModel {
    /** What the Done page can start; the wizard does it. */
    public interface FollowUps {
        /** Starts over in thaw mode on this cluster (the Choose page, as the cluster is now). */
        void thaw();

        /** Why the last run cannot be rolled back; empty when it can. */
        Optional<String> rollBackBlocker();

        /** Rolls the last run back (on the Run page). */
        void rollBack();

        /** Starts over in move mode on this cluster (the Choose page, as the cluster is now). */
        default void move() {}
    }

    private final Session session;
    private final FollowUps followUps;
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("");
    private final ObservableList<String> facts = FXCollections.observableArrayList();
    /** The outcome as checked from outside, a line per storage and client: shown after the timeline. */
    private final ObservableList<String> verified = FXCollections.observableArrayList();

    private final ReadOnlyStringWrapper journal = new ReadOnlyStringWrapper("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty info = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper thawBlocker = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rollBackBlocker = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper moveBlocker = new ReadOnlyStringWrapper("");
    private final ObservableList<RunSummary.Backup> backups = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper removeBlocker = new ReadOnlyStringWrapper("");
    private final BooleanProperty removing = new SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<Timeline> timeline = new ReadOnlyObjectWrapper<>();
    /** The run whose backups were removed: it cannot be rolled back any more. */
    private RunSummary backupsRemovedOf;

    public DoneViewModel(Session session, FollowUps followUps) {
        this.session = session;
        this.followUps = followUps;
    }

    @Override
    public void entered() {
        RunSummary s = session.resultProperty().get();
        message.set("");
        info.set("");
        backups.clear();
        thawBlocker.set(thawBlocker(s));
        moveBlocker.set(moveBlocker(
                s, session.profileProperty().get(), session.discoveryProperty().get()));
        rollBackBlocker.set(
                s != null && s == backupsRemovedOf
                        ? "The backups were removed: there is nothing to roll back from"
                        : followUps.rollBackBlocker().orElse(""));
        removeBlocker.set(s == null ? "No run yet" : "Looking for the backups…");
        if (s != null) {
            findBackups(s);
        }
        // Nothing to draw is no picture: a run that stopped nothing and showed no window.
        timeline.set(s == null || s.timeline() == null || s.timeline().isEmpty() ? null : s.timeline());
        if (s == null) {
            headline.set("No run yet");
            facts.clear();
            verified.clear();
            journal.set("");
            return;
        }
        String verb = s.moves() ? "move" : s.mode().name().toLowerCase();
        headline.set(
                switch (s.finished().outcome()) {
                    case DONE ->
                        s.storages().size()
                                + (s.storages().size() == 1 ? " storage " : " storages ")
                                + (s.moves()
                                        ? "moved to the new server"
                                        : s.mode() == Mode.FREEZE ? "frozen" : "thawed");
                    case FAILED -> "The " + verb + " failed";
                    case CANCELLED -> "The " + verb + " was cancelled";
                    case ROLLED_BACK -> "The " + verb + " was rolled back";
                });
        List<String> lines = new ArrayList<>();
        if (!s.finished().plainlyDone()) {
            lines.add(s.finished().message()); // "every step finished" says nothing the headline does not
        }
        lines.add((s.moves() ? "Moved: " : s.mode() == Mode.FREEZE ? "Frozen: " : "Thawed: ")
                + String.join(", ", s.storages()));
        lines.add("Files changed: " + s.files().size());
        lines.add("Took " + Units.duration(s.duration()) + "; "
                + (s.downtime() == null
                        ? "the site was down only while you restarted it"
                        : s.outage().describe()));
        if (s.frozen() != null) {
            lines.add("Frozen window: " + s.frozen().describe());
        }
        if (s.moves()) {
            lines.add(moveWindows(s.moved()));
        }
        ClusterProfile profile = session.profileProperty().get();
        if (s.mode() == Mode.FREEZE
                && profile != null
                && profile.target() != null
                && s.finished().outcome() == RunEvent.Outcome.DONE) {
            MigrationTarget target = profile.target();
            lines.add("The copies are on " + (target.isLocal() ? "this computer" : target.name()) + " in "
                    + target.destination(target.buildoutDir()) + " (same paths as in the source buildout)");
        }
        if (!s.copies().isEmpty()) {
            lines.add("Copied: " + String.join("; ", s.copies()));
        }
        if (s.finished().outcome() == RunEvent.Outcome.DONE && s.downtime() == null) {
            lines.add("Restart ALL Zope clients and the ZEO server together for the change to take effect.");
        }
        facts.setAll(lines);
        verified.setAll(s.verified());
        journal.set(s.finished().journal() == null ? "" : s.finished().journal());
    }

    /** Thawing is the next step after a freeze that finished; otherwise why not. */
    static String thawBlocker(RunSummary s) {
        if (s == null) {
            return "No run yet";
        }
        if (s.mode() == Mode.THAW) {
            return s.succeeded() ? "This run thawed the storages: they are writable already" : "This run was a thaw";
        }
        return switch (s.finished().outcome()) {
            case DONE -> "";
            case ROLLED_BACK -> "The freeze was rolled back: nothing it froze stays frozen";
            case FAILED -> "The freeze failed: roll it back rather than thaw half of it";
            case CANCELLED -> "The freeze was cancelled: roll it back rather than thaw half of it";
        };
    }

    /** Each moved storage's read-only time, from the freeze to writable at the target, in one line. */
    static String moveWindows(List<MoveWindow> windows) {
        return "Read-only from the freeze until writable at the new server: "
                + String.join(
                        ", ",
                        windows.stream()
                                .map(w -> w.storage() + " "
                                        + w.duration()
                                                .map(Units::duration)
                                                .orElse(
                                                        w.since() == null
                                                                ? "(not measured: nothing was frozen)"
                                                                : "(not writable at the target)"))
                                .toList());
    }

    /**
     * Moving is the next step after a freeze, on a profile with a target, once the storages can be
     * moved as the cluster is now (the Choose page's lock for a move says why not); otherwise why not.
     */
    static String moveBlocker(RunSummary s, ClusterProfile profile, Discovery now) {
        if (s == null) {
            return "No run yet";
        }
        if (s.moves()) {
            return s.succeeded()
                    ? "This run moved the storages already"
                    : "This run was a move: roll it back or resume it";
        }
        if (profile == null || profile.target() == null) {
            return "The profile has no migration target: set the new server on the Cluster page";
        }
        if (s.mode() != Mode.FREEZE) {
            return "This run was a thaw: choose Move on the Choose page to move storages";
        }
        if (s.finished().outcome() == RunEvent.Outcome.FAILED || s.finished().outcome() == RunEvent.Outcome.CANCELLED) {
            return "The freeze did not finish: roll it back before moving";
        }
        if (now == null) {
            return "The cluster is not read yet";
        }
        Cluster cluster = now.cluster();
        for (Storage st : cluster.storages()) {
            if (s.storages().contains(st.id().toString())) {
                String reason = ChooseViewModel.moveLockReason(cluster, st, cluster.isRoot(st.id()));
                if (reason != null) {
                    return st.name() + " cannot be moved as it is now: " + reason;
                }
            }
        }
        return "";
    }

    /** Starts over in move mode on this cluster, when that fits what just ran. */
    public void move() {
        if (moveBlocker.get().isEmpty()) {
            followUps.move();
        }
    }

    /** Why Move to the new server cannot apply; empty when it can. */
    public ReadOnlyStringProperty moveBlockerProperty() {
        return moveBlocker.getReadOnlyProperty();
    }

    /** Starts over in thaw mode on this cluster, when that fits what just ran. */
    public void thaw() {
        if (thawBlocker.get().isEmpty()) {
            followUps.thaw();
        }
    }

    /** Rolls the run back, when its journal allows it. */
    public void rollBack() {
        if (rollBackBlocker.get().isEmpty()) {
            followUps.rollBack();
        }
    }

    /** Which of the backups the run made are still there, asked off the FX thread. */
    private void findBackups(RunSummary s) {
        List<RunSummary.Backup> made = s.backups();
        HostProvider hosts = session.hosts();
        session.executor()
                .execute(
                        () -> {
                            List<RunSummary.Backup> there = new ArrayList<>();
                            for (RunSummary.Backup b : made) {
                                if (hosts.get(b.host()).exists(b.backup())) {
                                    there.add(b);
                                }
                            }
                            return there;
                        },
                        there -> {
                            if (session.resultProperty().get() != s) {
                                return;
                            }
                            backups.setAll(there);
                            removeBlocker.set(removeBlocker(s, there));
                        },
                        e -> {
                            if (session.resultProperty().get() == s) {
                                removeBlocker.set("Could not look for the backups: " + e.getMessage());
                            }
                        });
    }

    static String removeBlocker(RunSummary s, List<RunSummary.Backup> there) {
        if (there.isEmpty()) {
            return s.backups().isEmpty() ? "The run made no backups" : "The backups the run made are gone already";
        }
        if (!s.verifiedOk()) {
            return "The run was not verified: keep the backups, Roll back and 'zeofreeze revert' restore from them";
        }
        return "";
    }

    /**
     * Removes the backups listed, once the run is verified: each is checked again to be named as a
     * backup of the file it sits beside, then removed through the run's own hosts, off the FX
     * thread. Nothing else is touched.
     */
    public void removeBackups() {
        RunSummary s = session.resultProperty().get();
        if (s == null || !removeBlocker.get().isEmpty() || removing.get()) {
            return;
        }
        List<RunSummary.Backup> remove = List.copyOf(backups);
        HostProvider hosts = session.hosts();
        removing.set(true);
        message.set("");
        session.executor()
                .execute(
                        () -> {
                            List<RunSummary.Backup> removed = new ArrayList<>();
                            try {
                                for (RunSummary.Backup b : remove) {
                                    if (!RunSummary.Backup.isBackupOf(b.backup(), b.file())) {
                                        throw new IOException(b.backup() + " is not named as a backup of " + b.file());
                                    }
                                    hosts.get(b.host()).deleteFile(b.backup());
                                    removed.add(b);
                                }
                            } catch (IOException e) {
                                throw new IOException(
                                        "Removed " + removed.size() + " of " + remove.size() + " backups; "
                                                + e.getMessage(),
                                        e);
                            }
                            return removed;
                        },
                        removed -> {
                            removing.set(false);
                            backups.removeAll(removed);
                            backupsRemovedOf = s;
                            rollBackBlocker.set("The backups were removed: there is nothing to roll back from");
                            removeBlocker.set(backups.isEmpty() ? "The backups are removed" : "");
                            info.set("Removed " + removed.size() + (removed.size() == 1 ? " backup" : " backups"));
                        },
                        e -> {
                            removing.set(false);
                            backupsRemovedOf = s;
                            rollBackBlocker.set("Some backups were removed: roll back by hand, if at all");
                            message.set(e.getMessage());
                            findBackups(s);
                        });
    }

    /** Where Export report… opens: the person's home, not the directory the program was started in. */
    public Path exportDirectory() {
        return Path.of(System.getProperty("user.home"));
    }

    /** The report's file name: the cluster's name, the mode and when the run ended. */
    public String exportFileName() {
        RunSummary s = session.resultProperty().get();
        if (s == null) {
            return "zeofreeze-report.md";
        }
        String when = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")
                .withZone(ZoneOffset.UTC)
                .format(s.ended());
        return "zeofreeze-" + s.cluster().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + s.mode().name().toLowerCase() + "-" + when + ".md";
    }

    public void exportReport(Path file, RunReport.Format format) {
        RunSummary s = session.resultProperty().get();
        message.set("");
        info.set("");
        session.executor()
                .execute(
                        () -> {
                            Files.writeString(file, RunReport.render(s, format), StandardCharsets.UTF_8);
                            return file;
                        },
                        f -> info.set("Report written to " + f),
                        e -> message.set("Could not write the report: " + e.getMessage()));
    }

    public boolean canExport() {
        return session.resultProperty().get() != null;
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** What the run did and how long it took: the summary under the headline. */
    public ObservableList<String> facts() {
        return facts;
    }

    public ObservableList<String> verified() {
        return verified;
    }

    /** The finished run as a picture's data; null when it stopped and started nothing and had no window to show. */
    public ReadOnlyObjectProperty<Timeline> timelineProperty() {
        return timeline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty journalProperty() {
        return journal.getReadOnlyProperty();
    }

    /** What went wrong (shown as an error). */
    public StringProperty messageProperty() {
        return message;
    }

    /** What was done (a report written, backups removed): not an error. */
    public StringProperty infoProperty() {
        return info;
    }

    /** Why Thaw this cluster cannot apply; empty when it can. */
    public ReadOnlyStringProperty thawBlockerProperty() {
        return thawBlocker.getReadOnlyProperty();
    }

    /** Why Roll back cannot apply; empty when it can. */
    public ReadOnlyStringProperty rollBackBlockerProperty() {
        return rollBackBlocker.getReadOnlyProperty();
    }

    /** The backups the run made that are still beside their files. */
    public ObservableList<RunSummary.Backup> backups() {
        return backups;
    }

    /** Why the backups cannot be removed now; empty when they can. */
    public ReadOnlyStringProperty removeBlockerProperty() {
        return removeBlocker.getReadOnlyProperty();
    }

    public BooleanProperty removingProperty() {
        return removing;
    }

    @Override
    public String cancelText() {
        return "_Close";
    }

    @Override
    public ObservableBooleanValue readyProperty() {
        return NO;
    }
}
