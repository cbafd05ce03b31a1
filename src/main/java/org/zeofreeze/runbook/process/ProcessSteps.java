package org.zeofreeze.runbook.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Timeouts;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Stopping, starting and checking the cluster's processes. "Down" is proven by the process's
 * own pid file and {@code kill -0}; "up" by the ZEO port accepting or the client answering
 * HTTP. The control's status command (a Python start-up each time) is asked only where nothing
 * else can tell.
 */
public final class ProcessSteps {
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long a stop may go unanswered before it is sent again (runzeo can miss a SIGTERM that lands during a vote). */
    private static final Duration RESIGNAL = Duration.ofSeconds(20);
    /** A start that gave up early is asked again no sooner than this. */
    private static final Duration RESTART_AFTER = Duration.ofSeconds(20);

    private ProcessSteps() {}

    public interface ProcessAction {
        void on(ClusterProcess process) throws StepFailure, InterruptedException;
    }

    /** Runs the action for every process at once; the first failure is reported after all have ended. */
    public static void inParallel(List<ClusterProcess> processes, ProcessAction action)
            throws StepFailure, InterruptedException {
        if (processes.isEmpty()) {
            return;
        }
        if (processes.size() == 1) {
            action.on(processes.get(0));
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
                        first = e.getCause() instanceof StepFailure sf
                                ? sf
                                : new StepFailure(
                                        null, String.valueOf(e.getCause().getMessage()), e.getCause());
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

    /** Whether a process runs, and under which pid ({@code -1}: running, pid not known). */
    record Liveness(boolean running, long pid) {
        static final Liveness DOWN = new Liveness(false, -1);
    }

    /** Is the process running? From its pid file where it has one, else from the status command. */
    static Liveness liveness(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        Optional<String> pidFile = PidFile.of(run.setup(), p);
        if (pidFile.isPresent()) {
            Optional<Long> pid = readPid(run, p.host(), pidFile.get());
            if (pid.isPresent() && alive(run, p.host(), pid.get())) {
                return new Liveness(true, pid.get());
            }
            if (pid.isPresent()) {
                return Liveness.DOWN; // a pid file left behind by a process that is gone
            }
        }
        ProcessControl control = control(run.setup(), p);
        CommandResult status = run.quiet(
                p.host(),
                control.status(run.setup().buildout(p.host()), p.part()),
                run.setup().timeouts().command());
        if (!ProcessProbe.running(status)) {
            return Liveness.DOWN;
        }
        return new Liveness(true, ProcessProbe.pid(status).orElse(-1L));
    }

    /**
     * How a process is started and stopped: the profile's control, except for a move's target
     * server when the target names a control of its own ({@code target.control}).
     */
    public static ProcessControl control(RunSetup setup, ClusterProcess p) {
        MigrationTarget target = setup.profile().target();
        if (setup.moves()
                && target != null
                && target.control() != null
                && p.server()
                && p.host().equals(setup.move().plan().targetHost())
                && setup.discovery().cluster().buildoutOf(p.host()).isEmpty()) {
            return target.control();
        }
        return setup.profile().control();
    }

    public static boolean isRunning(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        return liveness(run, p).running();
    }

    /**
     * The pid of a running process: from its pid file or its control's status, else, for a ZEO
     * server, the process listening on its port ({@code ss -tlnp} on its host). Empty when none
     * of them tells.
     */
    public static Optional<Long> runningPid(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        Liveness l = liveness(run, p);
        if (l.running() && l.pid() > 0) {
            return Optional.of(l.pid());
        }
        if (!p.server()) {
            return Optional.empty();
        }
        Set<Integer> ports = new HashSet<>();
        p.addresses().stream().filter(a -> !a.isSocket()).forEach(a -> ports.add(a.port()));
        if (ports.isEmpty()) {
            return Optional.empty();
        }
        CommandResult listing = run.quiet(
                p.host(),
                List.of("ss", "-tnpH", "state", "listening"),
                run.setup().timeouts().command());
        if (!listing.ok()) {
            return Optional.empty();
        }
        return TcpConnection.parse(listing.stdout()).stream()
                .filter(c -> ports.contains(c.localPort()))
                .flatMap(c -> c.owners().stream())
                .map(TcpConnection.Owner::pid)
                .findFirst();
    }

    private static Optional<Long> readPid(StepRun run, String host, String pidFile) throws StepFailure {
        try {
            if (!run.host(host).exists(pidFile)) {
                return Optional.empty();
            }
            String text = new String(run.host(host).read(pidFile), StandardCharsets.US_ASCII).strip();
            return text.matches("\\d{1,9}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(StepRun run, String host, long pid) throws StepFailure, InterruptedException {
        return ProcStat.alive(run, host, pid);
    }

    /**
     * Stops one process (recording it first) and proves it is down: its pid is gone. A stop that
     * is ignored is sent again and reported; one ignored twice fails the step.
     */
    public static void stop(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        ProcessControl control = control(run.setup(), p);
        String buildout = run.setup().buildout(p.host());
        Timeouts t = run.setup().timeouts();
        Liveness before = liveness(run, p);
        if (!before.running()) {
            run.info(p.host(), p.part() + " is not running");
            return;
        }
        run.journal().append(new JournalEntry.ProcessStopped(run.journal().now(), p.host(), p.part()));
        run.serving(p, false);
        Instant deadline = Instant.now().plus(t.stop());
        long manager = signalled(run, p, control, before);
        if (manager <= 0) {
            run.exec(p.host(), control.stop(buildout, p.part()), t.stop());
        }
        Instant resignal = min(Instant.now().plus(RESIGNAL), deadline);
        boolean resent = false;
        while (true) {
            if (isGone(run, p, before) && (manager <= 0 || !alive(run, p.host(), manager))) {
                run.info(
                        p.host(),
                        p.part() + " stopped"
                                + (before.pid() > 0 ? " (pid " + before.pid() + " has exited)" : "")
                                + (manager > 0 ? " with its zdaemon manager (pid " + manager + ")" : ""));
                return;
            }
            if (!resent && Instant.now().isAfter(resignal)) {
                resent = true;
                run.log(
                        p.host(),
                        RunEvent.Level.WARNING,
                        p.part() + " is still running" + pidText(before) + " after the stop; sending the stop again");
                if (manager > 0) {
                    for (long pid : List.of(manager, before.pid())) {
                        if (alive(run, p.host(), pid)) {
                            run.exec(p.host(), ZdaemonManager.terminate(pid), t.command());
                        }
                    }
                } else {
                    run.exec(p.host(), control.stop(buildout, p.part()), t.stop());
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StepFailure(
                        p.host(),
                        p.label() + " did not stop within " + t.stop().toSeconds() + " s" + pidText(before)
                                + (resent ? " although the stop was sent twice" : ""));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * For zdaemon's scripts: SIGTERM to the process's daemon manager, then to the process
     * ({@link ZdaemonManager}), instead of {@code bin/<part> stop}, which starts a Python to ask zdrun for the
     * stop over zdrun's socket. Returns the manager's pid, or 0 when nothing was signalled (another
     * control, no pid known, a parent that is not zdrun, a refused signal): the script stops it then.
     */
    private static long signalled(StepRun run, ClusterProcess p, ProcessControl control, Liveness before)
            throws StepFailure, InterruptedException {
        if (!(control instanceof ProcessControl.BuildoutScripts) || before.pid() <= 0) {
            return 0;
        }
        Optional<Long> manager = ZdaemonManager.of(run, p, before.pid());
        if (manager.isEmpty()) {
            return 0;
        }
        Duration t = run.setup().timeouts().command();
        if (!run.exec(p.host(), ZdaemonManager.terminate(manager.get()), t).ok()) {
            return 0; // the manager still runs and would answer the script's stop
        }
        // zdrun's SIGTERM is pending before the process is signalled; its SIGCHLD can only come
        // later, and Python runs pending handlers in signal order: it exits, it does not restart
        // the process
        run.exec(p.host(), ZdaemonManager.terminate(before.pid()), t);
        return manager.get();
    }

    private static boolean isGone(StepRun run, ClusterProcess p, Liveness before)
            throws StepFailure, InterruptedException {
        if (before.pid() > 0) {
            return !alive(run, p.host(), before.pid());
        }
        return !isRunning(run, p);
    }

    private static String pidText(Liveness l) {
        return l.pid() > 0 ? " (pid " + l.pid() + ")" : "";
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Starts one process and waits until it serves: the ZEO port accepts, a client answers HTTP.
     * A start command that gives up early (zdaemon does on a slow machine) is not the end: the
     * process is watched until the deadline, and the start asked again while it is down.
     */
    public static void start(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        ProcessControl control = control(run.setup(), p);
        String buildout = run.setup().buildout(p.host());
        Timeouts t = run.setup().timeouts();
        Duration limit = p.server() ? t.zeoStart() : t.clientStart();
        Instant deadline = Instant.now().plus(limit);
        String http = p.server() ? null : HttpAddress.of(run, p).orElse(null);
        run.starting(p);
        String lastStart = "";
        Instant nextCheck = Instant.now();
        if (!startedAlready(run, p, control)) {
            lastStart = startCommand(run, p, control, buildout, limit);
            nextCheck = Instant.now().plus(RESTART_AFTER);
        }
        while (true) {
            if (serves(run, p, http)) {
                run.info(p.host(), p.part() + (p.server() ? " accepts connections" : " answers HTTP"));
                run.serving(p, true);
                return;
            }
            if (!Instant.now().isBefore(nextCheck)) {
                if (!isRunning(run, p)) {
                    lastStart = startCommand(run, p, control, buildout, limit);
                }
                nextCheck = Instant.now().plus(RESTART_AFTER);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StepFailure(
                        p.host(),
                        p.label() + " is not serving " + limit.toSeconds() + " s after start"
                                + (lastStart.isEmpty()
                                        ? ""
                                        : " ("
                                                + lastStart
                                                        .lines()
                                                        .reduce((a, b) -> b)
                                                        .orElse("") + ")")
                                + "; see its log in " + buildout + "/var/log/");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Whether the process runs before its start. zdaemon's {@code bin/<part> start} asks zdrun
     * itself and leaves a running process alone, so for it only the pid file is read: asking the
     * script's status where there is none (a process that exited cleanly removed it) would be a
     * Python start-up before the start's own.
     */
    private static boolean startedAlready(StepRun run, ClusterProcess p, ProcessControl control)
            throws StepFailure, InterruptedException {
        if (!(control instanceof ProcessControl.BuildoutScripts)) {
            return isRunning(run, p);
        }
        Optional<String> pidFile = PidFile.of(run.setup(), p);
        if (pidFile.isEmpty()) {
            return false;
        }
        Optional<Long> pid = readPid(run, p.host(), pidFile.get());
        return pid.isPresent() && alive(run, p.host(), pid.get());
    }

    private static String startCommand(
            StepRun run, ClusterProcess p, ProcessControl control, String buildout, Duration limit)
            throws StepFailure, InterruptedException {
        CommandResult started = run.exec(p.host(), control.start(buildout, p.part()), limit);
        if (!started.ok()) {
            run.log(p.host(), RunEvent.Level.WARNING, "starting " + p.part() + " reported a failure; waiting for it");
        }
        return (started.stdout() + started.stderr()).strip();
    }

    /** Serves now: the ZEO port accepts, or the client answers HTTP (its status alone where no address is known). */
    public static boolean serves(StepRun run, ClusterProcess p, String http) throws StepFailure, InterruptedException {
        if (p.server()) {
            return zeoListening(run, p);
        }
        if (http == null) {
            return isRunning(run, p); // no HTTP address known: the status alone has to do
        }
        CommandResult r = run.quiet(
                p.host(), ProcessProbe.httpCheck(http), run.setup().timeouts().command());
        String code = r.stdout().strip();
        return !code.isEmpty() && !code.equals("000");
    }

    /** The address a process on the server's own host reaches it at. */
    public static String localHost(Address a) {
        return a.host().isEmpty() || a.host().equals("0.0.0.0")
                ? "127.0.0.1"
                : a.host().equals("::") ? "::1" : a.host();
    }

    private static boolean zeoListening(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        for (Address a : p.addresses()) {
            if (a.isSocket()) {
                return run.quiet(
                                        p.host(),
                                        List.of("test", "-S", a.socketPath()),
                                        run.setup().timeouts().command())
                                .ok()
                        && isRunning(run, p);
            }
            if (run.quiet(
                            p.host(),
                            ProcessProbe.portCheck(localHost(a), a.port()),
                            run.setup().timeouts().command())
                    .ok()) {
                return true;
            }
        }
        return p.addresses().isEmpty() && isRunning(run, p);
    }
}
