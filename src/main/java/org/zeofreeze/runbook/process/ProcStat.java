package org.zeofreeze.runbook.process;

import java.util.List;
import java.util.Optional;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/** A process's state letter and parent, from {@code /proc/PID/stat} on its host. */
record ProcStat(char state, long parent) {

    /** Exited, not reaped yet: {@code kill -0} still succeeds for it. */
    boolean exited() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /** Empty where the host has no such process or no {@code /proc}. */
    static Optional<ProcStat> of(StepRun run, String host, long pid) throws StepFailure, InterruptedException {
        CommandResult r = run.quiet(
                host,
                List.of("cat", "--", "/proc/" + pid + "/stat"),
                run.setup().timeouts().command());
        return r.ok() ? parse(r.stdout()) : Optional.empty();
    }

    /**
     * Whether the process runs, in one round trip: {@code kill -0}, then its {@code /proc} state.
     * kill -0 also reaches a process that has exited but is not reaped yet (one whose parent is
     * gone, a program stopped past its zdaemon manager, under an init that does not reap), so a
     * zombie counts as gone; a host without {@code /proc} answers by kill -0 alone.
     */
    static boolean alive(StepRun run, String host, long pid) throws StepFailure, InterruptedException {
        if (pid <= 0) {
            return false; // not a process of its own: 0 and negatives name groups
        }
        CommandResult r = run.quiet(
                host,
                List.of("sh", "-c", ALIVE, "alive", Long.toString(pid)),
                run.setup().timeouts().command());
        return r.ok() && parse(r.stdout()).map(s -> !s.exited()).orElse(true);
    }

    /**
     * $1 is the pid, a positive number (so no "--", which dash's built-in kill refuses); no
     * output with exit 0 where there is no /proc.
     */
    static final String ALIVE = "kill -0 \"$1\" 2>/dev/null || exit 1; cat \"/proc/$1/stat\" 2>/dev/null; exit 0";

    /** "PID (COMM) S PPID ...": COMM may hold spaces and parentheses, so the fields are read after the last ')'. */
    static Optional<ProcStat> parse(String text) {
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] fields = text.substring(close + 1).strip().split("\\s+");
        if (fields.length < 2 || fields[0].length() != 1 || !fields[1].matches("\\d{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(new ProcStat(fields[0].charAt(0), Long.parseLong(fields[1])));
    }
}
