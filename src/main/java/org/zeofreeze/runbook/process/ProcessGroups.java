package org.zeofreeze.runbook.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.zeofreeze.apply.ApplyRecord;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.OutputListener;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * The long commands of a run (rsync, hashing, the probe) each run in a process group of their own,
 * whose id is written on their host into a group file that the journal names before the command
 * starts. A run that dies (SIGKILL, a lost SSH connection) may leave such a command running — an
 * rsync still writing to the target; a resume or a rollback first stops what is left of every
 * command the journal did not see end, and touches nothing while one still runs.
 */
public final class ProcessGroups {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    /*
     * A background job of a non-interactive sh is not a group leader, so setsid makes it the leader
     * of a new session and process group without forking: its pid is the group's id. The sh stays
     * in front, passes the output through and returns the command's exit status.
     */
    private static final String LAUNCH = "setsid \"$@\" & pid=$!; printf '%s\\n' \"$pid\" > \"$0\"; wait \"$pid\"";
    // The shell's own kill: dash's and bash's both take a negative pid (a group) after the signal.
    private static final String SIGNAL = "kill -$1 -$2";

    private ProcessGroups() {}

    /** Runs {@code argv} on the host in its own process group; on a timeout, a cancel or a lost host, the group is stopped. */
    public static CommandResult run(
            StepRun run, String host, List<String> argv, Duration timeout, OutputListener listener)
            throws IOException, InterruptedException, StepFailure {
        Host h = run.host(host);
        String dir = ApplyRecord.directory(run.setup().buildout(host));
        h.makeDirectories(dir);
        String groupFile = dir + "/command-" + run.journal().header().runId() + "-"
                + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + ".pgid";
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        JournalEntry.CommandStarted started =
                new JournalEntry.CommandStarted(run.journal().now(), run.stepId(), host, program, groupFile);
        run.journal().append(started);
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", LAUNCH, groupFile));
        wrapped.addAll(argv);
        boolean ended = false;
        try {
            CommandResult result = h.run(wrapped, timeout, listener);
            ended = true;
            return result;
        } finally {
            boolean interrupted = Thread.interrupted(); // the cleanup must run even when the run was cancelled
            try {
                if (!ended) {
                    stopGroup(run, started); // the command did not end by itself: nothing of it may go on
                } else {
                    forget(run, started);
                }
            } catch (StepFailure | IOException e) {
                run.log(
                        host,
                        RunEvent.Level.ERROR,
                        "could not stop " + program + " (group file " + groupFile + "): " + e.getMessage());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The command itself, of one that {@link #run} wrapped; any other as it is. */
    public static List<String> unwrap(List<String> argv) {
        return argv.size() > 4
                        && argv.get(0).equals("sh")
                        && argv.get(1).equals("-c")
                        && argv.get(2).equals(LAUNCH)
                ? argv.subList(4, argv.size())
                : argv;
    }

    /** {@link #run} without output to follow, a lost host a step failure: for the probes. */
    public static CommandResult quiet(StepRun run, String host, List<String> argv, Duration timeout)
            throws StepFailure, InterruptedException {
        try {
            return run(run, host, argv, timeout, OutputListener.NONE);
        } catch (IOException e) {
            throw new StepFailure(host, host + ": " + String.join(" ", argv) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Before a resume or a rollback touches anything: every command an earlier attempt of this run
     * started and did not see end is stopped (its group signalled, TERM then KILL, and proven gone),
     * and said so. One that cannot be stopped fails this, naming it.
     */
    public static void stopLeftovers(Journal journal, Function<String, StepRun> runFor)
            throws StepFailure, InterruptedException {
        for (JournalEntry.CommandStarted c : journal.commandsLeft()) {
            StepRun run = runFor.apply(c.step());
            try {
                stopGroup(run, c);
            } catch (IOException e) {
                throw new StepFailure(
                        c.host(),
                        "cannot check whether " + c.program() + " of the earlier attempt still "
                                + "runs on " + c.host() + " (" + e.getMessage()
                                + "); nothing was touched. Run again when the host "
                                + "is reachable");
            }
        }
    }

    /** The group of a started command stopped (if it runs and is that command), then its file removed and its end journaled. */
    private static void stopGroup(StepRun run, JournalEntry.CommandStarted c)
            throws IOException, StepFailure, InterruptedException {
        Host h = run.host(c.host());
        Optional<Long> group = groupOf(h, c.groupFile());
        if (group.isPresent() && alive(h, group.get())) {
            if (!isThatCommand(h, group.get(), c.program())) {
                run.log(
                        c.host(),
                        RunEvent.Level.WARNING,
                        "process group " + group.get() + " on " + c.host() + " is not " + c.program()
                                + " of this run any more; left alone");
            } else {
                signal(h, "TERM", group.get());
                if (!gone(h, group.get(), GRACE)) {
                    signal(h, "KILL", group.get());
                    if (!gone(h, group.get(), GRACE)) {
                        throw new StepFailure(
                                c.host(),
                                c.program() + " of this run still runs on " + c.host()
                                        + " (process group " + group.get()
                                        + ") after TERM and KILL; stop it, then run again. "
                                        + "Nothing was touched");
                    }
                }
                run.log(
                        c.host(),
                        RunEvent.Level.WARNING,
                        "stopped " + c.program() + " left running by an earlier attempt " + "of this run on " + c.host()
                                + " (process group " + group.get() + ")");
            }
        }
        forget(run, c);
    }

    private static void forget(StepRun run, JournalEntry.CommandStarted c) throws IOException, StepFailure {
        run.host(c.host()).deleteFile(c.groupFile());
        run.journal().append(new JournalEntry.CommandEnded(run.journal().now(), c.host(), c.groupFile()));
    }

    private static Optional<Long> groupOf(Host h, String groupFile) throws IOException {
        if (!h.exists(groupFile)) {
            return Optional.empty(); // the command never started, or the file was never written
        }
        String text = new String(h.read(groupFile), StandardCharsets.UTF_8).strip();
        return text.matches("[1-9][0-9]{0,9}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    }

    private static boolean alive(Host h, long group) throws IOException, InterruptedException {
        return h.run(List.of("sh", "-c", SIGNAL, "sh", "0", Long.toString(group)), Duration.ofSeconds(30))
                .ok();
    }

    /** A group id can be reused once its processes are gone: it is ours only if one of its members runs our program. */
    private static boolean isThatCommand(Host h, long group, String program) throws IOException, InterruptedException {
        CommandResult r = h.run(List.of("pgrep", "-a", "-g", Long.toString(group)), Duration.ofSeconds(30));
        return r.stdout()
                .lines()
                .map(l -> l.strip().split("\\s+"))
                .anyMatch(f -> f.length > 1 && (f[1].equals(program) || f[1].endsWith("/" + program)));
    }

    private static void signal(Host h, String signal, long group) throws IOException, InterruptedException {
        h.run(List.of("sh", "-c", SIGNAL, "sh", signal, Long.toString(group)), Duration.ofSeconds(30));
    }

    private static boolean gone(Host h, long group, Duration within) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (alive(h, group)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }
}
