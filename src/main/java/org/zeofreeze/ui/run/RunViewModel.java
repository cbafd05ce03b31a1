package org.zeofreeze.ui.run;

import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.StepLabel;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.CancelToken;
import org.zeofreeze.runbook.Journal;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.runbook.RunListener;
import org.zeofreeze.runbook.StepState;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Run page's lifecycle: starts the run of the reviewed plan when the page opens, resumes or
 * rolls back a journaled one, cancels, and reads the cluster again at the end. What the page
 * shows follows from the events alone ({@link RunProjection}); they reach the UI thread in
 * batches ({@link EventBatcher}) and each batch updates the observable lists once.
 */
public final class RunViewModel implements PageModel {
    private final Session session;
    private final ObservableList<String> hosts = FXCollections.observableArrayList();
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ObservableList<Transfer> transfers = FXCollections.observableArrayList();
    private final ObservableList<LogLine> log = FXCollections.observableArrayList();
    private final FilteredList<LogLine> visibleLog = new FilteredList<>(log, l -> true);
    private final StringProperty logFilter = new SimpleStringProperty("");
    private final ObjectProperty<RunEvent.Level> minimumLevel = new SimpleObjectProperty<>(RunEvent.Level.INFO);
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty cancelRequested = new SimpleBooleanProperty();
    private final ObjectProperty<RunEvent.Finished> finished = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("");
    /** Set while the cluster is read again after a run, so later pages see it as it is now. */
    private final BooleanProperty rereading = new SimpleBooleanProperty();
    private final BooleanBinding ready = Bindings.createBooleanBinding(
            () -> finished.get() != null && !running.get() && !rereading.get(), finished, running, rereading);
    private final BooleanBinding backAllowed = running.not().and(rereading.not());
    private final BooleanBinding canRollBack = Bindings.createBooleanBinding(() -> !running.get()
            && finished.get() != null && finished.get().outcome() != RunEvent.Outcome.ROLLED_BACK
            && steps.stream().anyMatch(s -> s.summary() == StepState.DONE), running, finished);

    private CancelToken cancel;
    private Plan started;
    private Instant startedAt;
    private RunRequest request;
    private RunProjection projection = new RunProjection(List.of(), List.of(), Secrets.NONE);
    /** The outcome as checked from outside: one line per storage and client. */
    private final ObservableList<String> verified = FXCollections.observableArrayList();

    public RunViewModel(Session session) {
        this.session = session;
        logFilter.addListener((o, a, b) -> refilter());
        minimumLevel.addListener((o, a, b) -> refilter());
    }

    private void refilter() {
        String needle = logFilter.get() == null ? "" : logFilter.get().strip().toLowerCase(Locale.ROOT);
        RunEvent.Level min = minimumLevel.get();
        visibleLog.setPredicate(l -> l.level().ordinal() >= min.ordinal()
                && (needle.isEmpty() || l.render().toLowerCase(Locale.ROOT).contains(needle)));
    }

    /** Opening the page after Apply starts the run, once per reviewed plan. */
    @Override
    public void entered() {
        Plan plan = session.planProperty().get();
        if (plan != null && plan != started && !running.get()) {
            start(plan);
        }
    }

    private void start(Plan plan) {
        started = plan;
        begin(new RunRequest(session.profileForRun(), session.discoveryProperty().get(), plan, session.hosts(),
                session.strategyProperty().get()));
        RunRequest req = request;
        CancelToken token = cancel;
        session.executor().execute(() -> {
            session.launcher().run(req, toUi(), token);
            return null;
        }, done -> running.set(false), error -> {
            running.set(false);
            handle(new RunEvent.Finished(session.clock().instant(), RunEvent.Outcome.FAILED,
                    "the run stopped unexpectedly: " + error, null));
        });
    }

    /**
     * Takes up a run cut short (the window closed, the program killed) from its journal: resumes it
     * (done steps are skipped) or rolls it back. The session holds what the journal describes.
     */
    public void takeUp(Journal journal, boolean rollBack) {
        Plan plan = session.planProperty().get();
        started = plan;
        RunRequest req = new RunRequest(session.profileProperty().get(), session.discoveryProperty().get(), plan,
                session.hosts());
        session.launcher().adopt(req, journal);
        begin(req);
        note(RunEvent.Level.INFO, (rollBack ? "rolling back" : "resuming") + " the run of " + journal.file());
        if (rollBack) {
            rollBackNow();
            return;
        }
        CancelToken token = cancel;
        session.executor().execute(() -> {
            session.launcher().run(req, toUi(), token);
            return null;
        }, done -> running.set(false), error -> {
            running.set(false);
            handle(new RunEvent.Finished(session.clock().instant(), RunEvent.Outcome.FAILED,
                    "the run stopped unexpectedly: " + error, null));
        });
    }

    /** Resets the page for a run of {@code req}: the grid from its steps, empty log and progress. */
    private void begin(RunRequest req) {
        request = req;
        Plan plan = req.plan();
        List<StepLabel> labels = session.launcher().steps(request);
        projection = new RunProjection(labels, plan.changes().stream().map(c -> c.host()).toList(),
                Secrets.of(plan));
        hosts.setAll(projection.hosts());
        steps.setAll(labels.stream().map(l -> new StepRow(l.id(), l.title(), l.hosts())).toList());
        transfers.clear();
        log.clear();
        finished.set(null);
        cancelRequested.set(false);
        cancel = new CancelToken();
        startedAt = session.clock().instant();
        verified.clear();
        running.set(true);
        status.set("Running…");
    }

    /** Events from the run's threads, to be applied on the UI thread in batches. */
    private RunListener toUi() {
        RunProjection target = projection;
        return new EventBatcher(session.executor()::onUi, batch -> {
            if (target == projection) {
                apply(batch);
            }
        });
    }

    /** Applies one event to the page state; on the UI thread. */
    public void handle(RunEvent event) {
        apply(List.of(event));
    }

    /** Applies a batch of events to the projection, then updates each changed list or row once. */
    void apply(List<RunEvent> batch) {
        Set<String> touchedSteps = new LinkedHashSet<>();
        Set<String> touchedCopies = new LinkedHashSet<>();
        boolean newHosts = false;
        RunEvent.Finished end = null;
        for (RunEvent event : batch) {
            for (RunProjection.Change c : projection.apply(event)) {
                switch (c.part()) {
                    case STEP -> touchedSteps.add(c.key());
                    case COPY -> touchedCopies.add(c.key());
                    case HOSTS -> newHosts = true;
                    default -> { }
                }
            }
            if (event instanceof RunEvent.Finished) {
                end = projection.finished();
            }
        }
        if (newHosts) {
            hosts.setAll(projection.hosts());
        }
        touchedSteps.forEach(this::showStep);
        touchedCopies.forEach(this::showCopy);
        showLog();
        if (verified.size() < projection.verified().size()) {
            verified.addAll(projection.verified().subList(verified.size(), projection.verified().size()));
        }
        status.set(projection.status());
        if (end != null) {
            finished.set(end);
            running.set(false);
            session.resultProperty().set(summary(end));
            reread();
        }
    }

    private void showStep(String id) {
        RunProjection.Step step = projection.step(id);
        StepRow row = row(id);
        if (step.overall() != null) {
            row.overallProperty().set(step.overall());
            row.messages().put("", step.overallMessage());
        }
        row.states().putAll(step.states());
        row.messages().putAll(step.messages());
    }

    private void showCopy(String key) {
        RunProjection.Copy copy = projection.copy(key);
        Transfer transfer = transfers.stream().filter(t -> t.key().equals(key)).findFirst().orElseGet(() -> {
            Transfer t = new Transfer(key, copy.title());
            transfers.add(t);
            return t;
        });
        transfer.update(copy.last());
    }

    private void showLog() {
        List<LogLine> all = projection.log();
        if (log.size() < all.size()) {
            log.addAll(all.subList(log.size(), all.size()));
        }
    }

    /** A line of the page's own in the log. */
    private void note(RunEvent.Level level, String text) {
        projection.log(new LogLine(session.clock().instant(), level, null, null, text));
        showLog();
    }

    /** Reads the cluster again: after a run the storages are not what the session last read. */
    private void reread() {
        org.zeofreeze.profile.ClusterProfile profile = session.profileProperty().get();
        if (profile == null) {
            return;
        }
        rereading.set(true);
        session.executor().execute(() -> ClusterReader.of(profile, session.hosts()).read(profile),
                discovery -> {
                    rereading.set(false);
                    session.discoveryProperty().set(discovery);
                }, error -> {
                    rereading.set(false);
                    note(RunEvent.Level.WARNING, "could not read the cluster again: " + error.getMessage());
                });
    }

    @Override
    public ObservableBooleanValue busyProperty() {
        return rereading;
    }

    private StepRow row(String step) {
        return steps.stream().filter(r -> r.id().equals(step)).findFirst().orElseGet(() -> {
            StepRow r = new StepRow(step, step, List.of());
            steps.add(r);
            return r;
        });
    }

    private RunSummary summary(RunEvent.Finished f) {
        Plan plan = started;
        Instant end = f.at();
        Instant from = startedAt == null ? end : startedAt;
        return new RunSummary(session.profileProperty().get() == null ? "" : session.profileProperty().get().name(),
                plan.mode(), plan.selected().stream().map(Object::toString).toList(),
                plan.changes().stream().map(c -> c.host() + ":" + c.path()).toList(), f, from, end,
                projection.outage(), projection.verified(), projection.copyLines(),
                projection.log().stream().map(LogLine::render).toList());
    }

    /** The outcome as checked from outside, a line per storage and client. */
    public ObservableList<String> verified() {
        return verified;
    }

    /** The projection of the current run's events, for views that read it directly. */
    public RunProjection projection() {
        return projection;
    }

    /** Asks the run to stop at its next safe point. */
    public void cancel() {
        if (running.get() && cancel != null) {
            cancel.cancel();
            cancelRequested.set(true);
            status.set("Stopping at the next safe point…");
        }
    }

    /** Puts back what the run changed. */
    public void rollBack() {
        if (canRollBack.get()) {
            rollBackNow();
        }
    }

    private void rollBackNow() {
        running.set(true);
        status.set("Rolling back…");
        RunRequest req = request;
        session.executor().execute(() -> {
            session.launcher().rollBack(req, toUi());
            return null;
        }, done -> running.set(false), error -> {
            running.set(false);
            handle(new RunEvent.Finished(session.clock().instant(), RunEvent.Outcome.FAILED,
                    "roll back stopped unexpectedly: " + error, null));
        });
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

    public BooleanProperty runningProperty() {
        return running;
    }

    public BooleanProperty cancelRequestedProperty() {
        return cancelRequested;
    }

    public ObjectProperty<RunEvent.Finished> finishedProperty() {
        return finished;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public BooleanBinding canRollBackProperty() {
        return canRollBack;
    }

    @Override
    public ObservableBooleanValue readyProperty() {
        return ready;
    }

    @Override
    public ObservableBooleanValue backAllowedProperty() {
        return backAllowed;
    }

    @Override
    public String nextText() {
        return "_Finish";
    }
}
