package org.zeofreeze.ui.run;

import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.StepLabel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.CancelToken;
import org.zeofreeze.runbook.Journal;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.runbook.StepState;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Run page: starts the run of the reviewed plan when the page opens, and turns its events
 * into the steps × hosts grid, copy progress bars and the log. Cancel asks the run to stop at
 * its next safe point; Roll back puts the files back.
 */
public final class RunViewModel implements PageModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** A line of the log console. */
    public record LogLine(Instant at, RunEvent.Level level, String step, String host, String text) {
        public String render() {
            return TIME.format(at) + "  " + (host == null ? "" : host + "  ") + (step == null ? "" : "[" + step + "] ")
                    + text;
        }
    }

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
    private Plan secretsOf;
    private Secrets secrets = Secrets.NONE;
    private Instant startedAt;
    private RunRequest request;
    /** The runner's account of the outage, sent just before the run ends. */
    private RunEvent.Outage outage;
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
            session.launcher().run(req, event -> session.executor().onUi(() -> handle(event)), token);
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
        log.add(new LogLine(session.clock().instant(), RunEvent.Level.INFO, null, null,
                (rollBack ? "rolling back" : "resuming") + " the run of " + journal.file()));
        if (rollBack) {
            rollBackNow();
            return;
        }
        CancelToken token = cancel;
        session.executor().execute(() -> {
            session.launcher().run(req, event -> session.executor().onUi(() -> handle(event)), token);
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
        java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>();
        labels.forEach(l -> columns.addAll(l.hosts()));
        plan.changes().forEach(c -> columns.add(c.host()));
        hosts.setAll(columns);
        steps.setAll(labels.stream().map(l -> new StepRow(l.id(), l.title(), l.hosts())).toList());
        transfers.clear();
        log.clear();
        finished.set(null);
        cancelRequested.set(false);
        cancel = new CancelToken();
        startedAt = session.clock().instant();
        outage = null;
        verified.clear();
        running.set(true);
        status.set("Running…");
    }

    /** The secrets of the run's files, so that no text of the run shows them (log, steps, report). */
    private Secrets secrets() {
        if (secretsOf != started) {
            secretsOf = started;
            secrets = started == null ? Secrets.NONE : Secrets.of(started);
        }
        return secrets;
    }

    /** Applies one event to the page state, its texts masked; always on the UI thread. */
    public void handle(RunEvent event) {
        event = masked(event);
        if (event instanceof RunEvent.StepChanged s) {
            StepRow row = row(s.step());
            if (s.host() == null) {
                row.overallProperty().set(s.state());
                row.messages().put("", s.message() == null ? "" : s.message());
            } else {
                if (!hosts.contains(s.host())) {
                    hosts.add(s.host());
                }
                row.states().put(s.host(), s.state());
                row.messages().put(s.host(), s.message() == null ? "" : s.message());
            }
            if (s.state() == StepState.RUNNING) {
                status.set(row.title() + (s.host() == null ? "" : " on " + s.host()) + "…");
            }
        } else if (event instanceof RunEvent.Progress p) {
            String key = Transfer.keyOf(p);
            Transfer transfer = transfers.stream().filter(t -> t.key().equals(key)).findFirst().orElseGet(() -> {
                Transfer t = new Transfer(key, (p.host() == null ? "" : p.host() + ": ") + p.item());
                transfers.add(t);
                return t;
            });
            transfer.update(p);
        } else if (event instanceof RunEvent.Log l) {
            log.add(new LogLine(l.at(), l.level(), l.step(), l.host(), l.text()));
        } else if (event instanceof RunEvent.Verified v) {
            verified.add((v.ok() ? "Verified: " : "NOT verified: ") + v.text());
        } else if (event instanceof RunEvent.Serving sv && sv.host() == null) {
            log.add(new LogLine(sv.at(), sv.serving() ? RunEvent.Level.INFO : RunEvent.Level.WARNING, sv.step(), null,
                    sv.serving() ? "the site serves again" : "the site is not serving"));
        } else if (event instanceof RunEvent.Outage o) {
            outage = o;
        } else if (event instanceof RunEvent.Finished f) {
            finished.set(f);
            running.set(false);
            status.set(outcomeText(f));
            log.add(new LogLine(f.at(), f.outcome() == RunEvent.Outcome.FAILED ? RunEvent.Level.ERROR
                    : RunEvent.Level.INFO, null, null, outcomeText(f) + ": " + f.message()));
            session.resultProperty().set(summary(f));
            reread();
        }
    }

    private RunEvent masked(RunEvent event) {
        Secrets s = secrets();
        if (event instanceof RunEvent.StepChanged c && c.message() != null) {
            return new RunEvent.StepChanged(c.at(), c.step(), c.host(), c.state(), s.mask(c.message()));
        } else if (event instanceof RunEvent.Log l) {
            return new RunEvent.Log(l.at(), l.step(), l.host(), l.level(), s.mask(l.text()));
        } else if (event instanceof RunEvent.Finished f) {
            return new RunEvent.Finished(f.at(), f.outcome(), s.mask(f.message()), f.journal());
        }
        return event;
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
                    log.add(new LogLine(session.clock().instant(), RunEvent.Level.WARNING, null, null,
                            "could not read the cluster again: " + error.getMessage()));
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
                outage, List.copyOf(verified), copies(), log.stream().map(LogLine::render).toList());
    }

    /** The outcome as checked from outside, a line per storage and client. */
    public ObservableList<String> verified() {
        return verified;
    }

    private List<String> copies() {
        List<String> out = new ArrayList<>();
        transfers.forEach(t -> out.add(t.title() + " (" + t.textProperty().get() + ")"));
        return out;
    }

    static String outcomeText(RunEvent.Finished f) {
        return switch (f.outcome()) {
            case DONE -> "Done";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
            case ROLLED_BACK -> "Rolled back";
        };
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
            session.launcher().rollBack(req, event -> session.executor().onUi(() -> handle(event)));
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
