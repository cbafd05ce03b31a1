package org.zeofreeze.runbook.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.zeofreeze.apply.AppliedFile;
import org.zeofreeze.apply.JsonProblems;
import org.zeofreeze.runbook.event.StepState;

/**
 * The run's journal: a JSON file rewritten atomically and flushed to disk on every entry. The
 * state of a run (which steps are done where, which files were written, which modes changed,
 * which processes were stopped) is derived from the entries, never kept beside them.
 */
public final class Journal {
    /**
     * Made on first read or write, not with the class: the wizard asks for the journal directory on
     * the FX thread before its first page, and a mapper loads some 300 Jackson classes.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The file's content. */
    public record Document(JournalHeader header, List<JournalEntry> entries) {}

    private final Path file;
    private final JournalHeader header;
    private final List<JournalEntry> entries;
    private final Clock clock;
    private boolean keepGoing;
    private String writeFailure;

    private Journal(Path file, JournalHeader header, List<JournalEntry> entries, Clock clock) {
        this.file = file;
        this.header = header;
        this.entries = new ArrayList<>(entries);
        this.clock = clock;
    }

    public static Journal create(Path file, JournalHeader header, Clock clock) throws IOException {
        if (Files.exists(file)) {
            throw new IOException("journal " + file + " already exists");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Journal journal = new Journal(file, header, List.of(), clock);
        journal.flush();
        return journal;
    }

    /**
     * Reads a journal back. A file that is not one (not JSON, {@code null}, {@code {}}, an entry
     * without what it records) is refused with one sentence naming it, before anything uses it.
     */
    public static Journal open(Path file, Clock clock) throws IOException {
        Document doc;
        try {
            doc = Json.MAPPER.readValue(file.toFile(), Document.class);
        } catch (JsonProcessingException e) {
            throw notAJournal(file, JsonProblems.describe(e));
        }
        Optional<String> problem = problem(doc);
        if (problem.isPresent()) {
            throw notAJournal(file, problem.get());
        }
        return new Journal(file, doc.header(), doc.entries(), clock);
    }

    private static IOException notAJournal(Path file, String why) {
        return new UnreadableJournalException(file + " is not a ZeoFreeze journal that can be used: " + why + ".");
    }

    /** A journal file that does not read back as one: bad input, not a failed run. */
    public static final class UnreadableJournalException extends IOException {
        public UnreadableJournalException(String message) {
            super(message);
        }
    }

    private static Optional<String> problem(Document doc) {
        if (doc == null) {
            return Optional.of("it holds null");
        }
        JournalHeader h = doc.header();
        if (h == null) {
            return Optional.of("it has no header");
        }
        if (h.runId() == null || h.profile() == null || h.created() == null) {
            return Optional.of("its header lacks the run's id, start, profile, storages or reviewed files");
        }
        if (h.mode() == null) {
            return Optional.of("its header has no mode (FREEZE or THAW)");
        }
        if (doc.entries() == null) {
            return Optional.of("it has no list of entries");
        }
        for (int i = 0; i < doc.entries().size(); i++) {
            if (!complete(doc.entries().get(i))) {
                return Optional.of("entry " + (i + 1) + " lacks what it records");
            }
        }
        return Optional.empty();
    }

    /** Whether an entry holds every value the state derived from the journal reads. */
    private static boolean complete(JournalEntry e) {
        if (e instanceof JournalEntry.StepMarked m) {
            return m.step() != null && m.state() != null;
        } else if (e instanceof JournalEntry.FileWriting w) {
            return w.host() != null && file(w.file());
        } else if (e instanceof JournalEntry.FileWritten w) {
            return w.host() != null && file(w.file());
        } else if (e instanceof JournalEntry.FileRestored r) {
            return r.host() != null && r.path() != null;
        } else if (e instanceof JournalEntry.ModeChanged m) {
            return m.host() != null && m.path() != null;
        } else if (e instanceof JournalEntry.ModeRestored r) {
            return r.host() != null && r.path() != null;
        } else if (e instanceof JournalEntry.ProcessStopped p) {
            return p.host() != null && p.part() != null;
        } else if (e instanceof JournalEntry.ProcessStarted p) {
            return p.host() != null && p.part() != null;
        } else if (e instanceof JournalEntry.PreSynced p) {
            return p.host() != null
                    && p.source() != null
                    && p.target() != null
                    && p.sourceInode() != null
                    && p.targetInode() != null
                    && p.targetModified() != null;
        } else if (e instanceof JournalEntry.CopyVerified c) {
            return c.host() != null && c.storage() != null && c.at() != null;
        } else if (e instanceof JournalEntry.RunEnded r) {
            return r.outcome() != null;
        } else if (e instanceof JournalEntry.CommandStarted c) {
            return c.host() != null && c.program() != null && c.groupFile() != null;
        } else if (e instanceof JournalEntry.CommandEnded c) {
            return c.host() != null && c.groupFile() != null;
        }
        return false;
    }

    private static boolean file(AppliedFile f) {
        return f != null
                && f.path() != null
                && f.backup() != null
                && f.beforeSha256() != null
                && f.afterSha256() != null;
    }

    /** Where journals go by default: {@code $XDG_STATE_HOME/zeofreeze/journals}, else ~/.local/state/... */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("zeofreeze").resolve("journals");
    }

    public Path file() {
        return file;
    }

    public JournalHeader header() {
        return header;
    }

    public String now() {
        return clock.instant().toString();
    }

    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void append(JournalEntry entry) {
        entries.add(entry);
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            String text = "cannot write the journal " + file + ": " + e.getMessage();
            if (writeFailure == null) {
                writeFailure = text;
            }
            if (!keepGoing) {
                throw new UncheckedIOException(text, e instanceof IOException io ? io : new IOException(e));
            }
        }
    }

    /**
     * From now on a failed write does not throw: the entry is kept in memory (where the run's
     * state is derived from) so that putting the site back is never stopped by the journal.
     */
    public synchronized void keepGoingOnWriteFailure() {
        keepGoing = true;
    }

    /** The first write that failed, if any. */
    public synchronized Optional<String> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    private void flush() throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(new Document(header, entries));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // Owner only: a move's journal holds the configuration files it writes, which may hold a password.
        try (FileChannel ch = FileChannel.open(
                tmp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be flushed
        }
    }

    // ---- state derived from the entries ----

    public synchronized StepState stateOf(String step, String host) {
        StepState state = StepState.PENDING;
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.StepMarked m && m.step().equals(step) && Objects.equals(m.host(), host)) {
                state = m.state();
            }
        }
        return state;
    }

    /**
     * Configuration files this run wrote (or began to write) and has not restored, by host: for a
     * file written more than once (a move writes a client's file in each phase), the newest write,
     * whose backup holds what the one before left. Each restore takes back one write.
     */
    public synchronized Map<String, List<AppliedFile>> filesToRestore() {
        Map<String, Map<String, Deque<AppliedFile>>> out = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.FileWriting w) {
                out.computeIfAbsent(w.host(), h -> new LinkedHashMap<>())
                        .computeIfAbsent(w.file().path(), p -> new ArrayDeque<>())
                        .push(w.file());
            } else if (e instanceof JournalEntry.FileRestored r) {
                Optional.ofNullable(out.get(r.host()))
                        .map(m -> m.get(r.path()))
                        .filter(d -> !d.isEmpty())
                        .ifPresent(Deque::pop);
            }
        }
        Map<String, List<AppliedFile>> result = new LinkedHashMap<>();
        out.forEach((h, m) -> {
            List<AppliedFile> files = m.values().stream()
                    .filter(d -> !d.isEmpty())
                    .map(Deque::peek)
                    .toList();
            if (!files.isEmpty()) {
                result.put(h, files);
            }
        });
        return result;
    }

    /** Whether this run ever began to write these bytes ({@code afterSha256}) into the file, restored since or not. */
    public synchronized boolean everWrote(String host, String path, String afterSha256) {
        return entries.stream()
                .anyMatch(e -> e instanceof JournalEntry.FileWriting w
                        && w.host().equals(host)
                        && w.file().path().equals(path)
                        && w.file().afterSha256().equals(afterSha256));
    }

    /** Permission changes not yet undone. */
    public synchronized List<JournalEntry.ModeChanged> modesToRestore() {
        Map<String, JournalEntry.ModeChanged> out = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.ModeChanged m) {
                out.putIfAbsent(m.host() + ":" + m.path(), m);
            } else if (e instanceof JournalEntry.ModeRestored r) {
                out.remove(r.host() + ":" + r.path());
            }
        }
        return List.copyOf(out.values());
    }

    /** Processes this run stopped, as "host part". */
    public synchronized Set<List<String>> stoppedProcesses() {
        Set<List<String>> out = new LinkedHashSet<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.ProcessStopped p) {
                out.add(List.of(p.host(), p.part()));
            }
        }
        return out;
    }

    /** The long commands this run started whose end it did not record: a run that died may have left them running. */
    public synchronized List<JournalEntry.CommandStarted> commandsLeft() {
        Map<List<String>, JournalEntry.CommandStarted> open = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.CommandStarted c) {
                open.put(List.of(c.host(), c.groupFile()), c);
            } else if (e instanceof JournalEntry.CommandEnded c) {
                open.remove(List.of(c.host(), c.groupFile()));
            }
        }
        return List.copyOf(open.values());
    }

    /** The processes this run started that had not been running (the move's target server). */
    public synchronized Set<List<String>> startedProcesses() {
        Set<List<String>> out = new LinkedHashSet<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.ProcessStarted p) {
                out.add(List.of(p.host(), p.part()));
            }
        }
        return out;
    }

    public synchronized Optional<JournalEntry.RunEnded> ended() {
        JournalEntry.RunEnded last = null;
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.RunEnded r) {
                last = r;
            }
        }
        return Optional.ofNullable(last);
    }

    /** What the pre-sync last recorded of {@code source} on {@code host}. */
    public synchronized Optional<JournalEntry.PreSynced> preSynced(String host, String source) {
        JournalEntry.PreSynced last = null;
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.PreSynced p
                    && p.host().equals(host)
                    && p.source().equals(source)) {
                last = p;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * When this run began to take the storages out of writes: its first stopped process or
     * written configuration file; empty while it has done neither.
     */
    public synchronized Optional<Instant> freezeBegan() {
        return entries.stream()
                .filter(e -> e instanceof JournalEntry.ProcessStopped || e instanceof JournalEntry.FileWriting)
                .map(e -> Instant.parse(e.at()))
                .min(Comparator.naturalOrder());
    }

    /** Each storage ("name@host") whose copy was verified, with the first time it was. */
    public synchronized Map<String, Instant> copiesVerified() {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.CopyVerified c) {
                out.putIfAbsent(c.storage() + "@" + c.host(), Instant.parse(c.at()));
            }
        }
        return out;
    }
}
