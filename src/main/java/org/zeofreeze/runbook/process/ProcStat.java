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
