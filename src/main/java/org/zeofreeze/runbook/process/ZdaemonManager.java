package org.zeofreeze.runbook.process;

import java.util.List;
import java.util.Optional;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * zdaemon's daemon manager (zdrun) of a process that {@code bin/zeoserver} or {@code bin/client1}
 * started, found from the process's pid through {@code /proc}, so that it can be stopped by
 * signals instead of a {@code bin/<part> stop} (a Python start-up).
 *
 * <p>What zdaemon does: {@code zdctl stop} sends {@code stop} over zdrun's control socket; zdrun
 * then sends SIGTERM to the program, reaps it and exits. SIGTERM to zdrun itself only makes zdrun
 * exit (it removes its socket on the way out) and leaves the program running; a program that dies
 * while zdrun lives is started again. So the manager is signalled first and the program after it:
 * zdrun handles its SIGTERM (exit) before the program's exit can reach it as SIGCHLD, and nothing
 * starts the program again. The program, left without its manager, is reaped by init.
 */
public final class ZdaemonManager {
    private ZdaemonManager() {}

    /**
     * The pid of the process's daemon manager: the parent of {@code pid}, when its command line
     * names zdrun ({@code .../zdaemon/zdrun.py}, as plone.recipe.zope2instance starts it) or the
     * part's own control script (zdctl acting as its own manager, as ZEO's zeoctl does). Empty when
     * anything does not match, {@code /proc} included: the caller then stops through the script.
     */
    public static Optional<Long> of(StepRun run, ClusterProcess p, long pid) throws StepFailure, InterruptedException {
        Optional<ProcStat> stat = ProcStat.of(run, p.host(), pid);
        if (stat.isEmpty() || stat.get().parent() <= 1) {
            return Optional.empty();
        }
        long parent = stat.get().parent();
        CommandResult cmdline = run.quiet(
                p.host(),
                List.of("cat", "--", "/proc/" + parent + "/cmdline"),
                run.setup().timeouts().command());
        if (!cmdline.ok() || !isManager(cmdline.stdout(), p.part())) {
            return Optional.empty();
        }
        return Optional.of(parent);
    }

    /** Whether a {@code /proc/PID/cmdline} (arguments ended by NUL) is zdaemon's manager of {@code part}. */
    static boolean isManager(String cmdline, String part) {
        for (String arg : cmdline.split("\0")) {
            String name = arg.substring(arg.lastIndexOf('/') + 1);
            if (name.equals("zdrun") || name.equals("zdrun.py") || name.equals("zdrun.pyc")) {
                return true;
            }
            // zdctl without a runner.zdrun runs "python bin/<part> ..." as the manager
            if (name.equals(part) && (arg.endsWith("/bin/" + part) || arg.equals("bin/" + part))) {
                return true;
            }
        }
        return false;
    }

    /**
     * SIGTERM to one pid, as digits: a positive number cannot be read as an option, so no "--",
     * which dash's built-in kill refuses. The supervised command runs it through setsid, as the
     * program kill; on a host without setsid the supervising sh runs it, as its own built-in.
     */
    public static List<String> terminate(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("not a process id: " + pid);
        }
        return List.of("kill", "-TERM", Long.toString(pid));
    }
}
