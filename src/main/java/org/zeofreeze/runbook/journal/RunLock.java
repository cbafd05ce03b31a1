package org.zeofreeze.runbook.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.zeofreeze.apply.ApplyRecord;
import org.zeofreeze.host.Host;
import org.zeofreeze.runbook.setup.RunSetup;

/**
 * One run per cluster at a time, as Terraform locks its state: before anything is touched a run
 * creates {@code var/zeofreeze/run.lock} in the buildout of every cluster host, atomically and
 * exclusively, naming who holds it. A second run (another admin, the wizard beside the command
 * line) is refused with that text. A lock whose run is known to have ended (same machine and its
 * process gone, or its journal says it ended) is reported as such and can only be broken on
 * purpose, by naming its run ({@code --break-lock}); a resume or rollback of that very run takes
 * it over. The caller releases the lock when the run ends, whatever the outcome.
 */
public final class RunLock {
    static final String FILE = "run.lock";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RunLock() {}

    /** Who holds a lock, as its file says. {@code bootId} tells a restarted machine (whose processes are all gone). */
    public record Holder(
            String runId,
            String journal,
            String user,
            String machine,
            String bootId,
            long pid,
            String processStart,
            String since) {
        String describe() {
            return "run " + runId + " of " + user + "@" + machine + " (pid " + pid + ", since " + since + "), journal "
                    + journal;
        }

        boolean sameProcess(Holder other) {
            return machine.equals(other.machine)
                    && bootId.equals(other.bootId)
                    && pid == other.pid
                    && processStart.equals(other.processStart);
        }
    }

    /** The lock cannot be taken (or broken); the message names the holder and what to do. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** This process running the journal's run. */
    static Holder self(Journal journal) {
        ProcessHandle me = ProcessHandle.current();
        return new Holder(
                journal.header().runId(),
                journal.file().toAbsolutePath().toString(),
                System.getProperty("user.name", "?"),
                machine(),
                bootId(),
                me.pid(),
                me.info().startInstant().map(Instant::toString).orElse(""),
                journal.now());
    }

    public static String lockPath(String buildout) {
        return ApplyRecord.directory(buildout) + "/" + FILE;
    }

    /**
     * Takes the lock on every cluster host for the journal's run. Holding it already is no error
     * (the pre-flight of a resumed run). On a refusal the locks taken so far are given back.
     */
    public static void acquire(RunSetup setup, Journal journal, Consumer<String> log) throws Refused {
        Holder me = self(journal);
        List<String> taken = new ArrayList<>();
        try {
            for (String host : setup.clusterHosts()) {
                if (takeOn(setup, host, me, log)) {
                    taken.add(host);
                }
            }
        } catch (Refused e) {
            for (String host : taken) {
                releaseOn(setup, host, me);
            }
            throw e;
        }
    }

    /** Gives back every lock this process holds for the journal's run; what cannot be removed is returned, one line each. */
    public static List<String> release(RunSetup setup, Journal journal) {
        Holder me = self(journal);
        List<String> problems = new ArrayList<>();
        for (String host : setup.clusterHosts()) {
            Optional<String> problem = releaseOn(setup, host, me);
            problem.ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * Removes the locks that the named run ({@code name}: its run id or journal path) left, once it
     * is known not to be running any more, or cannot be known (it ran on another machine). A lock
     * of another run, or of a run still going on here, is refused. Returns what was broken.
     */
    public static List<String> breakLock(RunSetup setup, String name) throws Refused {
        List<String> broken = new ArrayList<>();
        for (String host : setup.clusterHosts()) {
            String path = lockPath(setup.buildout(host));
            Host h = host(setup, host);
            Optional<Holder> holder = read(h, host, path);
            if (holder.isEmpty()) {
                continue;
            }
            Holder held = holder.get();
            if (!name.equals(held.runId()) && !name.equals(held.journal())) {
                throw new Refused(host + ": the lock " + path + " is held by " + held.describe() + ", not by '" + name
                        + "'; nothing was broken. Name the run the lock names.");
            }
            if (state(held) == State.RUNNING) {
                throw new Refused(host + ": " + held.describe()
                        + " is still running; its lock is not broken. Wait for it to end.");
            }
            try {
                h.deleteFile(path);
            } catch (IOException e) {
                throw new Refused(host + ": cannot remove the lock " + path + ": " + e.getMessage());
            }
            broken.add(host + ": broke the lock of " + held.describe());
        }
        if (broken.isEmpty()) {
            broken.add("no host of the cluster holds a lock; nothing to break");
        }
        return broken;
    }

    private enum State {
        RUNNING,
        ENDED,
        UNKNOWN
    }

    private static boolean takeOn(RunSetup setup, String host, Holder me, Consumer<String> log) throws Refused {
        String buildout = setup.buildout(host);
        String path = lockPath(buildout);
        Host h = host(setup, host);
        byte[] mine;
        try {
            mine = JSON.writeValueAsBytes(me);
            h.makeDirectories(ApplyRecord.directory(buildout));
        } catch (IOException e) {
            throw new Refused(host + ": cannot create " + ApplyRecord.directory(buildout) + " for the run's lock: "
                    + e.getMessage() + "; nothing was changed");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                h.createFile(path, mine, 0644);
                log.accept(host + ": locked for this run (" + path + ")");
                return true;
            } catch (FileAlreadyExistsException e) {
                // Held: by whom decides what follows.
            } catch (IOException e) {
                throw new Refused(host + ": cannot create the run's lock " + path + ": " + e.getMessage()
                        + "; nothing was changed");
            }
            Optional<Holder> held = read(h, host, path);
            if (held.isEmpty()) {
                continue; // released meanwhile: try again
            }
            Holder other = held.get();
            if (other.sameProcess(me) && other.runId().equals(me.runId())) {
                return false;
            }
            State state = state(other);
            if (other.runId().equals(me.runId()) && state == State.ENDED) {
                // This run's own lock, left by its earlier process: resuming or rolling back takes it over.
                try {
                    h.deleteFile(path);
                } catch (IOException e) {
                    throw new Refused(host + ": cannot take over the lock " + path + ": " + e.getMessage());
                }
                log.accept(
                        host + ": took over the lock this run's earlier process left (pid " + other.pid() + ", ended)");
                continue;
            }
            throw new Refused(refusal(host, path, other, state));
        }
        throw new Refused(
                host + ": the lock " + path + " keeps changing hands; another run is starting. Nothing was changed.");
    }

    private static String refusal(String host, String path, Holder other, State state) {
        String base =
                host + ": the cluster is locked by " + other.describe() + " (" + path + "). Nothing was changed. ";
        return switch (state) {
            case RUNNING -> base + "Wait until that run ends.";
            case ENDED ->
                base + "That run has ended without giving the lock back; if nothing else works on this "
                        + "cluster, break the lock deliberately with --break-lock " + other.runId();
            case UNKNOWN ->
                base + "Wait until that run ends; if it is gone (its machine crashed), break the lock "
                        + "deliberately with --break-lock " + other.runId();
        };
    }

    private static Optional<String> releaseOn(RunSetup setup, String host, Holder me) {
        String path = lockPath(setup.buildout(host));
        try {
            Host h = host(setup, host);
            Optional<Holder> held = read(h, host, path);
            if (held.isPresent()
                    && held.get().runId().equals(me.runId())
                    && held.get().sameProcess(me)) {
                h.deleteFile(path);
            }
            return Optional.empty();
        } catch (IOException | Refused e) {
            return Optional.of(host + ": the lock " + path + " was not removed (" + e.getMessage()
                    + "); the next run finds it and can break it");
        }
    }

    /** Running, ended, or unknowable from here (another machine, or no way to tell). */
    private static State state(Holder holder) {
        if (!holder.machine().equals(machine())) {
            return State.UNKNOWN;
        }
        if (!holder.bootId().equals(bootId())) {
            return State.ENDED;
        }
        boolean alive = ProcessHandle.of(holder.pid())
                .filter(p -> holder.processStart().isEmpty()
                        || p.info()
                                .startInstant()
                                .map(Instant::toString)
                                .orElse("")
                                .equals(holder.processStart()))
                .map(ProcessHandle::isAlive)
                .orElse(false);
        if (!alive) {
            return State.ENDED;
        }
        try {
            return Journal.open(Path.of(holder.journal()), Clock.systemUTC())
                            .ended()
                            .isPresent()
                    ? State.ENDED
                    : State.RUNNING;
        } catch (IOException | RuntimeException e) {
            return State.RUNNING; // its process is there: believe it
        }
    }

    private static Optional<Holder> read(Host h, String host, String path) throws Refused {
        byte[] bytes;
        try {
            if (h.stat(path).isEmpty()) {
                return Optional.empty();
            }
            bytes = h.read(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new Refused(
                    host + ": cannot read the run's lock " + path + ": " + e.getMessage() + "; nothing was changed");
        }
        try {
            Holder holder = JSON.readValue(bytes, Holder.class);
            if (holder.runId() == null
                    || holder.machine() == null
                    || holder.bootId() == null
                    || holder.processStart() == null) {
                throw new IOException("fields are missing");
            }
            return Optional.of(holder);
        } catch (IOException e) {
            throw new Refused(host + ": " + path + " is not a ZeoFreeze lock ("
                    + new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8).strip()
                    + "); look at it and remove it by hand if no run is going on. Nothing was changed.");
        }
    }

    private static Host host(RunSetup setup, String name) throws Refused {
        try {
            return setup.hosts().get(name);
        } catch (IOException e) {
            throw new Refused(
                    "cannot reach " + name + " to lock the cluster: " + e.getMessage() + "; nothing was changed");
        }
    }

    private static String machine() {
        String name = firstLine(Path.of("/proc/sys/kernel/hostname"));
        if (name.isEmpty()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "unknown");
            }
        }
        return name;
    }

    private static String bootId() {
        return firstLine(Path.of("/proc/sys/kernel/random/boot_id"));
    }

    private static String firstLine(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
