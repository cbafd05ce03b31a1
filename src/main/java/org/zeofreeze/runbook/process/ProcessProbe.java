package org.zeofreeze.runbook.process;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeofreeze.host.CommandResult;

/**
 * Reads what a status command said: zdaemon prints {@code program running; pid=N} (exit 0) or
 * {@code daemon manager not running} (exit 3); supervisorctl prints {@code NAME RUNNING pid N};
 * {@code systemctl show} prints {@code ActiveState=active}, {@code SubState=running} and
 * {@code MainPID=N} lines, read as such (never by words that its unit's text might contain).
 */
public final class ProcessProbe {
    private static final Pattern PID = Pattern.compile("pid[= ](\\d+)");
    private static final Pattern ACTIVE_STATE = Pattern.compile("(?m)^ActiveState=(\\S*)\\s*$");
    private static final Pattern SUB_STATE = Pattern.compile("(?m)^SubState=(\\S*)\\s*$");
    private static final Pattern MAIN_PID = Pattern.compile("(?m)^MainPID=(\\d+)\\s*$");

    private ProcessProbe() {}

    public static boolean running(CommandResult status) {
        Matcher active = ACTIVE_STATE.matcher(status.stdout());
        if (active.find()) {
            // systemd: running while the unit is active with its main process (not activating, not exited)
            Matcher sub = SUB_STATE.matcher(status.stdout());
            return status.exitCode() == 0
                    && active.group(1).equals("active")
                    && sub.find()
                    && sub.group(1).equals("running");
        }
        String out = (status.stdout() + status.stderr()).toLowerCase(Locale.ROOT);
        if (out.contains("not running") || out.contains("stopped") || out.contains("exited") || out.contains("fatal")) {
            return false;
        }
        return status.exitCode() == 0 && (out.contains("running") || out.contains("pid"));
    }

    public static Optional<Long> pid(CommandResult status) {
        Matcher main = MAIN_PID.matcher(status.stdout());
        if (main.find()) {
            long pid = Long.parseLong(main.group(1));
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        }
        Matcher m = PID.matcher(status.stdout() + status.stderr());
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** A check, run on the process's host, that a TCP port accepts connections (bash's /dev/tcp). */
    static List<String> portCheck(String host, int port) {
        return List.of("bash", "-c", "exec 3<>\"/dev/tcp/$1/$2\"", "port-check", host, Integer.toString(port));
    }

    /** Asks the HTTP server with curl on the client's own host; prints the status code (000: no answer). */
    static List<String> httpCheck(String hostPort) {
        return List.of("curl", "-s", "-o", "/dev/null", "-m", "10", "-w", "%{http_code}", "http://" + hostPort + "/");
    }
}
