package org.zeofreeze.ui.run;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.ui.session.MoveEstimate;
import org.zeofreeze.ui.session.StepLabel;

/**
 * The Run page's observable lists (grid, copies, log with its filter, verified lines, status),
 * kept in step with a {@link RunProjection}: each batch of events changes every list at most
 * once, so the page lays itself out once per batch, not once per event.
 */
public final class RunBoard {
    private final ObservableList<String> hosts = FXCollections.observableArrayList();
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ObservableList<Transfer> transfers = FXCollections.observableArrayList();
    private final ObservableList<LogLine> log = FXCollections.observableArrayList();
    private final FilteredList<LogLine> visibleLog = new FilteredList<>(log, l -> true);
    private final StringProperty logFilter = new SimpleStringProperty("");
    private final ObjectProperty<RunEvent.Level> minimumLevel = new SimpleObjectProperty<>(RunEvent.Level.INFO);
    private final ObservableList<String> verified = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty frozenWindow = new SimpleStringProperty("");
    private final StringProperty moveEstimate = new SimpleStringProperty("");

    RunBoard() {
        logFilter.addListener((o, a, b) -> refilter());
        minimumLevel.addListener((o, a, b) -> refilter());
    }

    private void refilter() {
        String needle = logFilter.get() == null ? "" : logFilter.get().strip().toLowerCase(Locale.ROOT);
        RunEvent.Level min = minimumLevel.get();
        visibleLog.setPredicate(l -> l.level().ordinal() >= min.ordinal()
                && (needle.isEmpty() || l.render().toLowerCase(Locale.ROOT).contains(needle)));
    }

    /** Empties the board for a new run of these steps. */
    void reset(RunProjection projection, List<StepLabel> labels) {
        hosts.setAll(projection.hosts());
        steps.setAll(labels.stream()
                .map(l -> new StepRow(l.id(), l.title(), l.hosts()))
                .toList());
        transfers.clear();
        log.clear();
        verified.clear();
        frozenWindow.set("");
        moveEstimate.set("");
        // A filter typed for one run would hide the next run's lines without saying so.
        logFilter.set("");
        minimumLevel.set(RunEvent.Level.INFO);
        status.set(projection.status());
    }

    /** Takes a batch into the projection, then updates each changed row and list once. */
    void apply(RunProjection projection, List<RunEvent> batch) {
        Set<String> touchedSteps = new LinkedHashSet<>();
        Set<String> touchedCopies = new LinkedHashSet<>();
        boolean newHosts = false;
        boolean statusChanged = false;
        for (RunEvent event : batch) {
            for (RunProjection.Change c : projection.apply(event)) {
                switch (c.part()) {
                    case STEP -> touchedSteps.add(c.key());
                    case COPY -> touchedCopies.add(c.key());
                    case HOSTS -> newHosts = true;
                    case STATUS -> statusChanged = true;
                    case FROZEN ->
                        frozenWindow.set(
                                "Frozen window: " + projection.frozenWindow().describe());
                    case ESTIMATE, OUTCOME ->
                        moveEstimate.set(projection
                                .moveEstimate()
                                .map(MoveEstimate.Estimate::describe)
                                .orElse(""));
                    default -> {}
                }
            }
        }
        if (newHosts) {
            hosts.setAll(projection.hosts());
        }
        touchedSteps.forEach(id -> showStep(projection, id));
        touchedCopies.forEach(key -> showCopy(projection, key));
        showLog(projection);
        if (verified.size() < projection.verified().size()) {
            verified.addAll(projection
                    .verified()
                    .subList(verified.size(), projection.verified().size()));
        }
        // Only a step starting or the end says something new; until then "Stopping at the next safe point…" stays.
        if (statusChanged) {
            status.set(projection.status());
        }
    }

    /** Shows the lines added to the projection's log since the last update. */
    void showLog(RunProjection projection) {
        List<LogLine> all = projection.log();
        if (log.size() < all.size()) {
            log.addAll(all.subList(log.size(), all.size()));
        }
    }

    private void showStep(RunProjection projection, String id) {
        RunProjection.Step step = projection.step(id);
        StepRow row = steps.stream().filter(r -> r.id().equals(id)).findFirst().orElseGet(() -> {
            StepRow r = new StepRow(id, id, List.of());
            steps.add(r);
            return r;
        });
        if (step.overall() != null) {
            row.overallProperty().set(step.overall());
            row.messages().put("", step.overallMessage());
        }
        row.states().putAll(step.states());
        row.messages().putAll(step.messages());
    }

    private void showCopy(RunProjection projection, String key) {
        RunProjection.Copy copy = projection.copy(key);
        Transfer transfer = transfers.stream()
                .filter(t -> t.key().equals(key))
                .findFirst()
                .orElseGet(() -> {
                    Transfer t = new Transfer(key, copy.title());
                    transfers.add(t);
                    return t;
                });
        transfer.update(copy.last());
    }

    public ObservableList<String> hosts() {
        return hosts;
    }

    public ObservableList<StepRow> steps() {
        return steps;
    }

    public ObservableList<Transfer> transfers() {
        return transfers;
    }

    public ObservableList<LogLine> log() {
        return log;
    }

    public FilteredList<LogLine> visibleLog() {
        return visibleLog;
    }

    public StringProperty logFilterProperty() {
        return logFilter;
    }

    public ObjectProperty<RunEvent.Level> minimumLevelProperty() {
        return minimumLevel;
    }

    /** The run's verified lines taken down as its rollback begins (see RunProjection.rollbackBegins). */
    void rollbackBegins(RunProjection projection) {
        projection.rollbackBegins();
        verified.clear();
    }

    public ObservableList<String> verified() {
        return verified;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** A rolling move's "Writable at the target in about …" while its storages are not yet, else empty. */
    public StringProperty moveEstimateProperty() {
        return moveEstimate;
    }

    /** "Frozen window: …" once the run reported it, else empty. */
    public StringProperty frozenWindowProperty() {
        return frozenWindow;
    }

    /** The grid's column per host: none with one host, whose states the State column gives already. */
    public List<String> hostColumns() {
        return hosts.size() > 1 ? List.copyOf(hosts) : List.of();
    }
}
