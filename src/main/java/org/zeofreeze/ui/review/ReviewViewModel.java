package org.zeofreeze.ui.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.plan.ChangeGroup;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.PrivateFiles;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.setup.MoveSetup;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Review page: every file the plan changes, each as a side-by-side and a unified diff (files
 * with the same change listed under one row), and the patches to export or copy. What is applied later is exactly this plan.
 */
public final class ReviewViewModel implements PageModel {
    public enum View {
        SIDE_BY_SIDE,
        UNIFIED
    }

    /** The phase of a move's freeze changes, beside the move's own two. */
    public static final String FREEZE_PHASE = "frozen at the old server";

    private final Session session;
    private final ObservableList<FileEntry> files = FXCollections.observableArrayList();
    private final ObservableList<ReviewRow> rows = FXCollections.observableArrayList();
    private final Set<FileEntry> opened = new HashSet<>();
    private final ObjectProperty<FileEntry> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<View> view = new SimpleObjectProperty<>(View.SIDE_BY_SIDE);
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObservableBooleanValue ready = Bindings.isNotEmpty(files);

    public ReviewViewModel(Session session) {
        this.session = session;
    }

    @Override
    public void entered() {
        Plan plan = session.planProperty().get();
        message.set("");
        if (plan == null) {
            files.clear();
            rows.clear();
            opened.clear();
            notes.clear();
            selected.set(null);
            return;
        }
        MoveSetup move = session.moveSetupProperty().get();
        // The phases in the order the run writes them: the freeze, then the move's two (a move only).
        List<Map.Entry<String, List<FileChange>>> phases = new ArrayList<>();
        phases.add(Map.entry(move == null ? "" : FREEZE_PHASE, plan.changes()));
        if (move != null) {
            for (MovePlan.Phase p : MovePlan.Phase.values()) {
                phases.add(Map.entry(p.text(), move.plan().changes(p)));
            }
        }
        boolean manyHosts = phases.stream()
                        .flatMap(e -> e.getValue().stream())
                        .map(FileChange::host)
                        .distinct()
                        .count()
                > 1;
        Secrets secrets = session.secrets();
        // One entry per distinct change: twenty clients with the same edit are one row, opened on demand.
        List<FileEntry> all = new ArrayList<>();
        List<ReviewRow> shown = new ArrayList<>();
        for (Map.Entry<String, List<FileChange>> phase : phases) {
            for (ChangeGroup g : ChangeGroup.of(phase.getValue())) {
                List<FileEntry> group = g.files().stream()
                        .map(c -> FileEntry.of(c, manyHosts, secrets, phase.getKey()))
                        .toList();
                all.addAll(group);
                shown.add(ReviewRow.first(group));
            }
        }
        files.setAll(all);
        opened.clear();
        rows.setAll(shown);
        List<String> texts = new ArrayList<>(plan.notes());
        if (move != null) {
            texts.addAll(move.plan().notes());
        }
        plan.findings().forEach(f -> texts.add(f.toString()));
        notes.setAll(texts);
        selected.set(files.isEmpty() ? null : files.get(0));
    }

    /** Lists the other files of a shared change below its row, or folds them away again. */
    public void toggle(ReviewRow row) {
        if (!row.shared()) {
            return;
        }
        int at = rows.indexOf(row);
        if (at < 0) {
            return;
        }
        if (opened.remove(row.file())) {
            rows.remove(at + 1, at + 1 + row.sameChange().size());
            if (row.sameChange().contains(selected.get())) {
                selected.set(row.file());
            }
        } else {
            opened.add(row.file());
            rows.addAll(at + 1, row.sameChange().stream().map(ReviewRow::member).toList());
        }
    }

    public boolean isOpen(ReviewRow row) {
        return opened.contains(row.file());
    }

    /**
     * Writes one {@code patch -p1} file per host into {@code dir}; the paths written. A patch must
     * apply, so it keeps the real lines, secret values included; each file is made readable by
     * its owner only (0600) before anything is written to it.
     */
    public List<Path> exportPatches(Path dir) throws IOException {
        Plan plan = session.planProperty().get();
        String verb = plan.mode().name().toLowerCase();
        List<Path> written = new ArrayList<>();
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : plan.patches().entrySet()) {
            Path file =
                    dir.resolve("zeofreeze-" + verb + "-" + e.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".patch");
            PrivateFiles.write(file, e.getValue().getBytes(StandardCharsets.UTF_8));
            written.add(file);
        }
        // Files %include'd from outside a buildout: named from '/', for patch -p1 -d /.
        for (Map.Entry<String, String> e : plan.outsidePatches().entrySet()) {
            Path file = dir.resolve("zeofreeze-" + verb + "-" + e.getKey().replaceAll("[^A-Za-z0-9._-]", "_")
                    + "-outside-buildout.patch");
            PrivateFiles.write(file, e.getValue().getBytes(StandardCharsets.UTF_8));
            written.add(file);
        }
        // A move's phases, one patch per phase and host, each applying to the files as the phase before leaves them.
        for (Map.Entry<String, String> e : movePatches().entrySet()) {
            Path file = dir.resolve("zeofreeze-move-" + e.getKey() + ".patch");
            PrivateFiles.write(file, e.getValue().getBytes(StandardCharsets.UTF_8));
            written.add(file);
        }
        return written;
    }

    /** The move's diffs by "PHASE-HOST" (serve-new, writable-local), in the order the run writes them; empty unless moving. */
    private Map<String, String> movePatches() {
        MoveSetup move = session.moveSetupProperty().get();
        Map<String, String> out = new LinkedHashMap<>();
        if (move == null) {
            return out;
        }
        for (MovePlan.Phase p : MovePlan.Phase.values()) {
            for (FileChange c : move.plan().changes(p)) {
                out.merge(
                        p.name().toLowerCase() + "-" + c.host().replaceAll("[^A-Za-z0-9._-]", "_"),
                        c.diff(),
                        String::concat);
            }
        }
        return out;
    }

    /** Exports in the background and says where the files went. */
    public void exportPatchesTo(Path dir) {
        Plan plan = session.planProperty().get();
        boolean secret = plan != null
                && Stream.concat(plan.patches().values().stream(), movePatches().values().stream())
                        .anyMatch(session.secrets()::appearIn);
        session.executor()
                .execute(
                        () -> exportPatches(dir),
                        paths -> message.set("Wrote " + paths.size() + " patch file" + (paths.size() == 1 ? "" : "s")
                                + ": "
                                + String.join(
                                        ", ", paths.stream().map(Path::toString).toList())
                                + " (mode 0600" + (secret ? ": they hold secret values, keep them private" : "") + ")"
                                + ". Apply one with: patch -p1 < FILE, in the buildout directory of its host"
                                + (plan != null && !plan.outsideFiles().isEmpty()
                                        ? "; a …-outside-buildout.patch with: patch -p1 -d / < FILE, on its host."
                                        : ".")),
                        error -> message.set("Export failed: " + error.getMessage()));
    }

    /**
     * What "Copy" puts on the clipboard: the selected file's diff, or every patch when none is
     * selected, secret values masked (a clipboard ends up in tickets and chats; Export keeps them).
     */
    public String copyText() {
        FileEntry entry = selected.get();
        if (entry != null) {
            return entry.diff();
        }
        Plan plan = session.planProperty().get();
        return plan == null
                ? ""
                : session.secrets()
                        .mask(String.join("", plan.patches().values())
                                + String.join("", plan.outsidePatches().values())
                                + String.join("", movePatches().values()));
    }

    public ObservableList<FileEntry> files() {
        return files;
    }

    /** What the file list shows: a row per distinct change, and the files of the opened ones. */
    public ObservableList<ReviewRow> rows() {
        return rows;
    }

    public ObjectProperty<FileEntry> selectedProperty() {
        return selected;
    }

    public ObjectProperty<View> viewProperty() {
        return view;
    }

    public ObservableList<String> notes() {
        return notes;
    }

    public StringProperty messageProperty() {
        return message;
    }

    @Override
    public ObservableBooleanValue readyProperty() {
        return ready;
    }
}
