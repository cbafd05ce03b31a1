package org.zeofreeze.ui.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.plan.ChangeGroup;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.timeline.Bar;
import org.zeofreeze.runbook.timeline.Timeline;
import org.zeofreeze.ui.session.MoveWindow;
import org.zeofreeze.ui.session.RunHandle;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.session.StepLabel;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Run page's lifecycle: starts the run of the reviewed plan when the page opens, resumes or
 * rolls back a journaled one, cancels, and reads the cluster again at the end. What the page
 * shows follows from the events alone ({@link RunProjection}); they reach the UI thread in
 * batches ({@link EventBatcher}) and each batch updates the observable lists once.
 */
public final class RunViewModel implements PageModel {
    private final Session session;
    private final RunBoard board = new RunBoard();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty cancelRequested = new SimpleBooleanProperty();
    private final ObjectProperty<RunEvent.Finished> finished = new SimpleObjectProperty<>();
    /** Set while the cluster is read again after a run, so later pages see it as it is now. */
    private final BooleanProperty rereading = new SimpleBooleanProperty();

    private final BooleanBinding ready = Bindings.createBooleanBinding(
            () -> finished.get() != null && !running.get() && !rereading.get(), finished, running, rereading);
    private final BooleanBinding backAllowed = running.not().and(rereading.not());
    /** The run service's refusal of a rollback of the last run (a move past its second roll), or null. */
    private final StringProperty rollBackRefused = new SimpleStringProperty();

    private final BooleanBinding canRollBack = Bindings.createBooleanBinding(
            () -> !running.get()
                    && finished.get() != null
                    && finished.get().outcome() != RunEvent.Outcome.ROLLED_BACK
                    && rollBackRefused.get() == null
                    && board.steps().stream().anyMatch(s -> s.summary() == StepState.DONE),
            running,
            finished,
            rollBackRefused);

    private CancelToken cancel;
    private Plan started;
    private Instant startedAt;
    /** The run the page shows, with its journal once it has one. */
    private RunHandle current;

    private RunProjection projection = new RunProjection(List.of(), List.of(), Secrets.NONE);
    /** A move's step changes and the frozen window, for each storage's read-only window on the Done page. */
    private final List<RunEvent> moveEvents = new ArrayList<>();
    /** The events the run's timeline is read from; logs and copy progress say nothing it draws. */
    private final List<RunEvent> timelineEvents = new ArrayList<>();

    public RunViewModel(Session session) {
        this.session = session;
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
        begin(RunHandle.of(new RunRequest(
                session.profileForRun(),
                session.discoveryProperty().get(),
                plan,
                session.hosts(),
                session.strategyProperty().get(),
                session.moveSetupProperty().get())));
        runInBackground(current);
    }

    /**
     * Takes up a run cut short (the window closed, the program killed) from its journal: resumes it
     * (done steps are skipped) or rolls it back. The session holds what the journal describes.
     */
    public void takeUp(Journal journal, boolean rollBack) {
        Plan plan = session.planProperty().get();
        started = plan;
        RunRequest req = new RunRequest(
                session.profileProperty().get(),
                session.discoveryProperty().get(),
                plan,
                session.hosts(),
                null,
                session.moveSetupProperty().get());
        begin(RunHandle.takenUp(req, journal));
        note(RunEvent.Level.INFO, (rollBack ? "rolling back" : "resuming") + " the run of " + journal.file());
        if (rollBack) {
            rollBackNow();
            return;
        }
        runInBackground(current);
    }

    /** Runs (or resumes) {@code run} off the UI thread; a run that breaks off ends as failed. */
    private void runInBackground(RunHandle run) {
        CancelToken token = cancel;
        session.executor()
                .execute(
                        () -> {
                            session.launcher().run(run, toUi(), token);
                            return session.launcher().rollBackRefusal(run).orElse(null);
                        },
                        refused -> {
                            rollBackRefused.set(refused);
                            running.set(false);
                        },
                        error -> {
                            running.set(false);
                            handle(new RunEvent.Finished(
                                    session.clock().instant(),
                                    RunEvent.Outcome.FAILED,
                                    "the run stopped unexpectedly: " + error,
                                    null));
                        });
    }

    /** Resets the page for {@code run}: the grid from its steps, empty log and progress. */
    private void begin(RunHandle run) {
        current = run;
        RunRequest req = run.request();
        Plan plan = req.plan();
        List<StepLabel> labels = session.launcher().steps(run);
        projection = new RunProjection(
                labels,
                plan.changes().stream().map(c -> c.host()).toList(),
                session.secretsOf(plan, req.moves() ? req.move().plan() : null));
        board.reset(projection, labels);
        moveEvents.clear();
        timelineEvents.clear();
        finished.set(null);
        cancelRequested.set(false);
        rollBackRefused.set(null);
        cancel = new CancelToken();
        startedAt = session.clock().instant();
        running.set(true);
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

    /** Applies a batch of events to the page; the run's end is kept for the Done page and the cluster read again. */
    void apply(List<RunEvent> batch) {
        board.apply(projection, batch);
        if (current != null && current.request().moves()) {
            batch.stream()
                    .filter(e -> e instanceof RunEvent.FrozenWindow
                            || e instanceof RunEvent.StepChanged s && s.step().startsWith("move-"))
                    .forEach(moveEvents::add);
        }
        batch.stream()
                .filter(e -> !(e instanceof RunEvent.Log || e instanceof RunEvent.Progress))
                .forEach(timelineEvents::add);
        if (batch.stream().anyMatch(e -> e instanceof RunEvent.Finished)) {
            RunEvent.Finished end = projection.finished();
            finished.set(end);
            running.set(false);
            session.resultProperty().set(summary(end));
            reread();
        }
    }

    /** A line of the page's own in the log. */
    private void note(RunEvent.Level level, String text) {
        projection.log(new LogLine(session.clock().instant(), level, null, null, text));
        board.showLog(projection);
    }

    /** Reads the cluster again: after a run the storages are not what the session last read. */
    private void reread() {
        ClusterProfile profile = session.profileProperty().get();
        if (profile == null) {
            return;
        }
        rereading.set(true);
        session.executor()
                .execute(
                        () -> ClusterReader.of(profile, session.hosts()).read(profile),
                        discovery -> {
                            rereading.set(false);
                            session.discoveryProperty().set(discovery);
                        },
                        error -> {
                            rereading.set(false);
                            note(RunEvent.Level.WARNING, "could not read the cluster again: " + error.getMessage());
                        });
    }

    @Override
    public ObservableBooleanValue busyProperty() {
        return rereading;
    }

    /**
     * Each file the run changes, once: the plan's, and for a move also the target's zeo.conf and
     * every file of the move's phases (a client's file the freeze and the move both write counts once).
     */
    private List<FileChange> changedFiles(Plan plan) {
        Map<String, FileChange> files = new LinkedHashMap<>();
        plan.changes().forEach(c -> files.putIfAbsent(c.host() + ":" + c.path(), c));
        if (current != null && current.request().moves()) {
            current.request().move().plan().overall().forEach(c -> files.putIfAbsent(c.host() + ":" + c.path(), c));
        }
        return List.copyOf(files.values());
    }

    private RunSummary summary(RunEvent.Finished f) {
        Plan plan = started;
        Instant end = f.at();
        Instant from = startedAt == null ? end : startedAt;
        List<MoveWindow> moved =
                current != null && current.request().moves() ? moveWindows(current.request()) : List.of();
        return new RunSummary(
                session.profileProperty().get() == null
                        ? ""
                        : session.profileProperty().get().name(),
                plan.mode(),
                plan.selected().stream().map(Object::toString).toList(),
                ChangeGroup.of(changedFiles(plan)).stream()
                        .map(g -> g.files().stream()
                                .map(c -> c.host() + ":" + c.path())
                                .toList())
                        .toList(),
                f,
                from,
                end,
                projection.outage(),
                projection.verified(),
                projection.copyLines(),
                projection.log().stream().map(LogLine::render).toList(),
                projection.frozenWindow(),
                projection.backups(),
                moved,
                // One pass over a few hundred events: cheap enough for the FX thread.
                Timeline.of(timelineEvents).withMoved(movedBars(moved, end)));
    }

    /** A moved storage's window as the timeline draws it: until writable at the target, or open at the end. */
    private static List<Bar.Moved> movedBars(List<MoveWindow> windows, Instant end) {
        return windows.stream()
                .filter(w -> w.since() != null)
                .map(w -> new Bar.Moved(
                        w.storage(), w.since(), w.writable() == null ? end : w.writable(), w.writable() != null))
                .toList();
    }

    /** Each moved storage's read-only window, from the events of this run. */
    private List<MoveWindow> moveWindows(RunRequest req) {
        List<MoveWindow> windows = MoveWindow.of(
                moveEvents,
                MoveWindow.writableSteps(req.move().plan(), req.discovery().cluster()));
        // Not known (nothing was frozen yet): still a move, each storage read-only for no measured time.
        return windows.isEmpty()
                ? req.move().plan().storages().stream()
                        .map(m -> new MoveWindow(m.name() + "@" + m.source().host(), null, null))
                        .toList()
                : windows;
    }

    /** What the Run page shows of the current run: steps, hosts, copies, log, status; the page binds to it. */
    public RunBoard board() {
        return board;
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
            board.statusProperty().set("Stopping at the next safe point…");
        }
    }

    /** Why the last run cannot be rolled back now; empty when it can. */
    public Optional<String> rollBackBlocker() {
        RunEvent.Finished f = finished.get();
        if (running.get()) {
            return Optional.of("The run is still going");
        }
        if (f == null) {
            return Optional.of("No run to roll back");
        }
        if (f.outcome() == RunEvent.Outcome.ROLLED_BACK) {
            return Optional.of("The run was rolled back already");
        }
        if (board.steps().stream().noneMatch(s -> s.summary() == StepState.DONE)) {
            return Optional.of("The run changed nothing: no step was done");
        }
        if (f.journal() == null) {
            return Optional.of("The run left no journal to roll back from");
        }
        if (rollBackRefused.get() != null) {
            return Optional.of("Roll back is refused: " + rollBackRefused.get());
        }
        return Optional.empty();
    }

    /** Puts back what the run changed. */
    public void rollBack() {
        if (canRollBack.get()) {
            rollBackNow();
        }
    }

    private void rollBackNow() {
        running.set(true);
        board.statusProperty().set("Rolling back…");
        board.rollbackBegins(projection);
        RunHandle run = current;
        session.executor()
                .execute(
                        () -> {
                            session.launcher().rollBack(run, toUi());
                            return null;
                        },
                        done -> running.set(false),
                        error -> {
                            running.set(false);
                            handle(new RunEvent.Finished(
                                    session.clock().instant(),
                                    RunEvent.Outcome.FAILED,
                                    "roll back stopped unexpectedly: " + error,
                                    null));
                        });
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
