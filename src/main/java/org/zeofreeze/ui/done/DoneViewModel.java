package org.zeofreeze.ui.done;

import org.zeofreeze.format.Units;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.wizard.PageModel;

/** The Done page: what the run did, its journal, the report, and thawing the copies on the new servers. */
public final class DoneViewModel implements PageModel {
    private final Session session;
    private final Consumer<ClusterProfile> thawWith;
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("");
    private final ObservableList<String> facts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper journal = new ReadOnlyStringWrapper("");
    private final StringProperty message = new SimpleStringProperty("");

    /** {@code thawWith} opens the wizard in thaw mode on the given profile. */
    public DoneViewModel(Session session, Consumer<ClusterProfile> thawWith) {
        this.session = session;
        this.thawWith = thawWith;
    }

    @Override
    public void entered() {
        RunSummary s = session.resultProperty().get();
        message.set("");
        if (s == null) {
            headline.set("No run yet");
            facts.clear();
            journal.set("");
            return;
        }
        String verb = s.mode().name().toLowerCase();
        headline.set(switch (s.finished().outcome()) {
            case DONE -> s.storages().size() + (s.storages().size() == 1 ? " storage " : " storages ")
                    + (s.mode() == org.zeofreeze.plan.Mode.FREEZE ? "frozen" : "thawed");
            case FAILED -> "The " + verb + " failed";
            case CANCELLED -> "The " + verb + " was cancelled";
            case ROLLED_BACK -> "The " + verb + " was rolled back";
        });
        List<String> lines = new ArrayList<>();
        if (s.finished().outcome() != RunEvent.Outcome.DONE || !s.finished().message().equals("done")) {
            lines.add(s.finished().message()); // a bare "done" says nothing the headline does not
        }
        lines.add((s.mode() == org.zeofreeze.plan.Mode.FREEZE ? "Frozen: " : "Thawed: ") + String.join(", ", s.storages()));
        lines.add("Files changed: " + s.files().size());
        lines.add("Took " + Units.duration(s.duration()) + "; "
                + (s.downtime() == null ? "the site was down only while you restarted it" : s.outage().describe()));
        if (s.frozen() != null) {
            lines.add("Frozen window: " + s.frozen().describe());
        }
        lines.addAll(s.verified());
        ClusterProfile profile = session.profileProperty().get();
        if (s.mode() == org.zeofreeze.plan.Mode.FREEZE && profile != null && profile.target() != null
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
        journal.set(s.finished().journal() == null ? "" : s.finished().journal());
    }

    public void exportReport(Path file, RunReport.Format format) {
        RunSummary s = session.resultProperty().get();
        session.executor().execute(() -> {
            Files.writeString(file, RunReport.render(s, format), StandardCharsets.UTF_8);
            return file;
        }, f -> message.set("Report written to " + f), e -> message.set("Could not write the report: " + e.getMessage()));
    }

    /** A profile for the new servers (from the profile's migration target), in thaw mode. */
    public void thawOnNewServers() {
        ClusterProfile profile = session.profileProperty().get();
        MigrationTarget target = profile == null ? null : profile.target();
        String name = (profile == null ? "cluster" : profile.name()) + "-new";
        ClusterProfile next;
        if (target != null) {
            next = new ClusterProfile(name, List.of(target.asHost()), profile.control(), null, profile.maintenance(), false);
        } else {
            next = ClusterProfile.local(name, org.zeofreeze.cluster.Buildout.DEFAULT_DIR);
        }
        thawWith.accept(next);
    }

    public boolean canExport() {
        return session.resultProperty().get() != null;
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ObservableList<String> facts() {
        return facts;
    }

    public ReadOnlyStringProperty journalProperty() {
        return journal.getReadOnlyProperty();
    }

    public StringProperty messageProperty() {
        return message;
    }

    @Override
    public ObservableBooleanValue readyProperty() {
        return NO;
    }
}
