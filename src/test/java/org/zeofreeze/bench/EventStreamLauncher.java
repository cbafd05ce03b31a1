package org.zeofreeze.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.ui.session.RunHandle;
import org.zeofreeze.ui.session.RunLauncher;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.StepLabel;

/**
 * A run's events, as the runbook sends them for the reviewed plan, without touching any process:
 * every step's state changes, log lines per changed file (bursts, sent as fast as they come),
 * then a copy streaming progress every 10 ms (rsync's progress lines come far less often) with a
 * log line every 100 ms, for the given time. Lets the benchmark watch the FX thread under a load
 * heavier than a real run, the same every time.
 */
final class EventStreamLauncher implements RunLauncher {
    private static final List<String> STEPS =
            List.of("preflight", "maintenance-on", "stop", "apply", "start", "copy", "maintenance-off");
    private final Duration copyTime;
    private volatile long sent;

    EventStreamLauncher(Duration copyTime) {
        this.copyTime = copyTime;
    }

    long eventsSent() {
        return sent;
    }

    @Override
    public List<StepLabel> steps(RunHandle run) {
        List<String> hosts = hosts(run.request());
        List<StepLabel> out = new ArrayList<>();
        for (String s : STEPS) {
            out.add(new StepLabel(s, s, hosts));
        }
        return out;
    }

    private static List<String> hosts(RunRequest request) {
        return request.plan().changes().stream()
                .map(FileChange::host)
                .distinct()
                .toList();
    }

    @Override
    public void run(RunHandle run, RunListener listener, CancelToken cancel) {
        RunRequest request = run.request();
        String host = hosts(request).get(0);
        List<FileChange> files = request.plan().changes();
        try {
            for (String step : STEPS) {
                send(listener, new RunEvent.StepChanged(Instant.now(), step, null, StepState.RUNNING, null));
                send(listener, new RunEvent.StepChanged(Instant.now(), step, host, StepState.RUNNING, null));
                switch (step) {
                    case "preflight" ->
                        files.forEach(f -> info(listener, step, host, f.path() + ": sha256 as reviewed"));
                    case "stop", "start" ->
                        files.forEach(f -> info(listener, step, host, f.path() + ": process " + step));
                    case "apply" ->
                        files.forEach(f -> {
                            info(listener, step, host, "backup of " + f.path());
                            info(listener, step, host, "wrote " + f.path());
                            info(listener, step, host, "verified " + f.path());
                        });
                    case "copy" -> copy(listener, host);
                    default -> info(listener, step, host, "no maintenance command");
                }
                send(listener, new RunEvent.StepChanged(Instant.now(), step, host, StepState.DONE, "done"));
                send(listener, new RunEvent.StepChanged(Instant.now(), step, null, StepState.DONE, null));
            }
            send(listener, new RunEvent.Finished(Instant.now(), RunEvent.Outcome.DONE, "done", null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(listener, new RunEvent.Finished(Instant.now(), RunEvent.Outcome.CANCELLED, "interrupted", null));
        }
    }

    private void copy(RunListener listener, String host) throws InterruptedException {
        long total = 2L << 30;
        long start = System.nanoTime();
        long end = start + copyTime.toNanos();
        int tick = 0;
        while (System.nanoTime() < end) {
            double fraction = (System.nanoTime() - start) / (double) copyTime.toNanos();
            long done = (long) (total * fraction);
            String item = tick % 2 == 0 ? "plone.fs" : "catalog.fs";
            send(
                    listener,
                    new RunEvent.Progress(
                            Instant.now(), "copy", host, item, done, total, 200e6, Duration.ofSeconds((long)
                                    ((1 - fraction) * copyTime.toSeconds()))));
            if (tick % 10 == 0) {
                info(listener, "copy", host, String.format("%,d bytes %d%% 200.00MB/s", done, (int) (fraction * 100)));
            }
            tick++;
            Thread.sleep(10);
        }
    }

    private void info(RunListener listener, String step, String host, String text) {
        send(listener, new RunEvent.Log(Instant.now(), step, host, RunEvent.Level.INFO, text));
    }

    private void send(RunListener listener, RunEvent event) {
        sent++;
        listener.on(event);
    }

    @Override
    public void rollBack(RunHandle run, RunListener listener) {
        send(
                listener,
                new RunEvent.Finished(Instant.now(), RunEvent.Outcome.ROLLED_BACK, "nothing to roll back", null));
    }
}
