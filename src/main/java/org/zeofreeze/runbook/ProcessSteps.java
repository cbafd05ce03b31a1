package org.zeofreeze.runbook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.profile.ProcessControl;

/** Stopping, starting and checking the cluster's processes, in parallel where the guide allows. */
final class ProcessSteps {
    private ProcessSteps() {
    }

    interface ProcessAction {
        void on(ClusterProcess process) throws StepFailure, InterruptedException;
    }

    /** Runs the action for every process at once; the first failure is reported after all have ended. */
    static void inParallel(List<ClusterProcess> processes, ProcessAction action) throws StepFailure, InterruptedException {
        if (processes.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(processes.size());
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (ClusterProcess p : processes) {
                Callable<Void> task = () -> {
                    action.on(p);
                    return null;
                };
                futures.add(pool.submit(task));
            }
            StepFailure first = null;
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof StepFailure sf ? sf
                                : new StepFailure(null, String.valueOf(e.getCause().getMessage()), e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static boolean isRunning(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        ProcessControl control = run.setup().profile().control();
        CommandResult status = run.quiet(p.host(), control.status(run.setup().buildout(p.host()), p.part()),
                run.setup().timeouts().command());
        return ProcessProbe.running(status);
    }

    /** Stops one process (recording it first) and proves it is down: status, and its pid gone. */
    static void stop(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        ProcessControl control = run.setup().profile().control();
        String buildout = run.setup().buildout(p.host());
        Timeouts t = run.setup().timeouts();
        CommandResult status = run.quiet(p.host(), control.status(buildout, p.part()), t.command());
        if (!ProcessProbe.running(status)) {
            run.info(p.host(), p.part() + " is not running");
            return;
        }
        run.journal().append(new JournalEntry.ProcessStopped(run.journal().now(), p.host(), p.part()));
        run.exec(p.host(), control.stop(buildout, p.part()), t.stop());
        Instant deadline = Instant.now().plus(t.stop());
        while (true) {
            CommandResult now = run.quiet(p.host(), control.status(buildout, p.part()), t.command());
            boolean pidAlive = ProcessProbe.pid(status).isPresent() && run.quiet(p.host(),
                    List.of("kill", "-0", Long.toString(ProcessProbe.pid(status).get())), t.command()).ok();
            if (!ProcessProbe.running(now) && !pidAlive) {
                run.info(p.host(), p.part() + " stopped");
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StepFailure(p.host(), p.label() + " did not stop within " + t.stop().toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    /**
     * Starts one process and waits until it serves: the ZEO port accepts, a client answers HTTP.
     * A start command that gives up early (zdaemon does on a slow machine) is not the end: the
     * status is polled until the deadline, and the start asked again while the process is down.
     */
    static void start(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        ProcessControl control = run.setup().profile().control();
        String buildout = run.setup().buildout(p.host());
        Timeouts t = run.setup().timeouts();
        Duration limit = p.server() ? t.zeoStart() : t.clientStart();
        Instant deadline = Instant.now().plus(limit);
        String http = p.server() ? null : HttpAddress.of(run, p).orElse(null);
        Instant nextStart = Instant.now();
        String lastStart = "";
        while (true) {
            boolean running = isRunning(run, p);
            if (!running && !Instant.now().isBefore(nextStart)) {
                CommandResult started = run.exec(p.host(), control.start(buildout, p.part()), limit);
                lastStart = (started.stdout() + started.stderr()).strip();
                if (!started.ok()) {
                    run.log(p.host(), RunEvent.Level.WARNING, "starting " + p.part() + " reported a failure; waiting for it");
                }
                nextStart = Instant.now().plusSeconds(20);
                running = isRunning(run, p);
            }
            if (running && (p.server() ? zeoListening(run, p) : httpAnswers(run, p, http))) {
                run.info(p.host(), p.part() + (p.server() ? " accepts connections" : " answers HTTP"));
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StepFailure(p.host(), p.label() + " is not serving " + limit.toSeconds() + " s after start"
                        + (lastStart.isEmpty() ? "" : " (" + lastStart.lines().reduce((a, b) -> b).orElse("") + ")")
                        + "; see its log in " + buildout + "/var/log/");
            }
            Thread.sleep(500);
        }
    }

    private static boolean zeoListening(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        for (Address a : p.addresses()) {
            if (a.isSocket()) {
                return true;
            }
            String host = a.host().isEmpty() || a.host().equals("0.0.0.0") ? "127.0.0.1" : a.host().equals("::") ? "::1" : a.host();
            if (run.quiet(p.host(), ProcessProbe.portCheck(host, a.port()), run.setup().timeouts().command()).ok()) {
                return true;
            }
        }
        return p.addresses().isEmpty();
    }

    private static boolean httpAnswers(StepRun run, ClusterProcess p, String http) throws StepFailure, InterruptedException {
        if (http == null) {
            return true; // no HTTP address known: the status alone has to do
        }
        CommandResult r = run.quiet(p.host(), ProcessProbe.httpCheck(http), run.setup().timeouts().command());
        String code = r.stdout().strip();
        return !code.isEmpty() && !code.equals("000");
    }
}
