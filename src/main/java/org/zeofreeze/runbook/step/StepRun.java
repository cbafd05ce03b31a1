package org.zeofreeze.runbook.step;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.Host;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;

/** What a step works with while it runs: the setup, the journal, the listener, the cancel token. */
public final class StepRun {
    private final Step step;
    private final RunSetup setup;
    private final Journal journal;
    private final RunListener listener;
    private final CancelToken cancel;
    private final Clock clock;

    public StepRun(Step step, RunSetup setup, Journal journal, RunListener listener, CancelToken cancel, Clock clock) {
        this.step = step;
        this.setup = setup;
        this.journal = journal;
        this.listener = listener;
        this.cancel = cancel;
        this.clock = clock;
    }

    public RunSetup setup() {
        return setup;
    }

    /** The id of the step this run belongs to, as the journal names it. */
    public String stepId() {
        return step.id();
    }

    public Journal journal() {
        return journal;
    }

    public CancelToken cancel() {
        return cancel;
    }

    public Host host(String name) throws StepFailure {
        try {
            return setup.hosts().get(name);
        } catch (IOException e) {
            throw new StepFailure(name, "cannot reach " + name + ": " + e.getMessage(), e);
        }
    }

    public void state(String host, StepState state, String message) {
        journal.append(new JournalEntry.StepMarked(journal.now(), step.id(), host, state, message));
        listener.on(new RunEvent.StepChanged(clock.instant(), step.id(), host, state, message));
    }

    public void log(String host, RunEvent.Level level, String text) {
        listener.on(new RunEvent.Log(clock.instant(), step.id(), host, level, text));
    }

    /** The process stopped serving, or serves again. */
    public void serving(ClusterProcess p, boolean serving) {
        listener.on(new RunEvent.Serving(clock.instant(), step.id(), p.host(), p.part(), p.server(), serving));
    }

    /** The process is being started; it serves once {@link #serving} says so. */
    public void starting(ClusterProcess p) {
        listener.on(new RunEvent.Starting(clock.instant(), step.id(), p.host(), p.part(), p.server()));
    }

    /** An outcome checked from outside; a failed check is also logged as an error. */
    public void verified(String host, String subject, boolean ok, String text) {
        listener.on(new RunEvent.Verified(clock.instant(), step.id(), host, subject, ok, text));
        log(host, ok ? RunEvent.Level.INFO : RunEvent.Level.ERROR, (ok ? "verified: " : "NOT verified: ") + text);
    }

    public void info(String host, String text) {
        log(host, RunEvent.Level.INFO, text);
    }

    public void progress(String host, String item, long done, long total, double rate, Duration eta) {
        listener.on(new RunEvent.Progress(clock.instant(), step.id(), host, item, done, total, rate, eta));
    }

    /** Runs a check on a host without logging it (status polls, port and HTTP checks). */
    public CommandResult quiet(String hostName, List<String> argv, Duration timeout)
            throws StepFailure, InterruptedException {
        try {
            return host(hostName).run(argv, timeout);
        } catch (IOException e) {
            throw new StepFailure(hostName, hostName + ": " + String.join(" ", argv) + ": " + e.getMessage(), e);
        }
    }

    /** Runs a command on a host, logging it; an unreachable host or a timeout is a step failure. */
    public CommandResult exec(String hostName, List<String> argv, Duration timeout)
            throws StepFailure, InterruptedException {
        Host host = host(hostName);
        info(hostName, "$ " + String.join(" ", argv));
        try {
            CommandResult result = host.run(argv, timeout, (line, stderr) -> {});
            String out = (result.stdout() + result.stderr()).strip();
            if (!out.isEmpty()) {
                // A failure shows all it said; a success its last line ("daemon process started, pid=N").
                String shown = result.ok()
                        ? out.lines()
                                .map(String::strip)
                                .filter(l -> l.length() > 1)
                                .reduce((a, b) -> b)
                                .orElse(out)
                        : out;
                log(
                        hostName,
                        result.ok() ? RunEvent.Level.INFO : RunEvent.Level.WARNING,
                        shown.length() > 2000 ? shown.substring(0, 2000) + "..." : shown);
            }
            return result;
        } catch (IOException e) {
            throw new StepFailure(hostName, hostName + ": " + String.join(" ", argv) + ": " + e.getMessage(), e);
        }
    }
}
