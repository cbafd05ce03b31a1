package org.zeofreeze.runbook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.zeofreeze.apply.AppliedFile;

/**
 * The run's journal: a JSON file rewritten atomically and flushed to disk on every entry. The
 * state of a run (which steps are done where, which files were written, which modes changed,
 * which processes were stopped) is derived from the entries, never kept beside them.
 */
public final class Journal {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The file's content. */
    public record Document(JournalHeader header, List<JournalEntry> entries) {
    }

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

    public static Journal open(Path file, Clock clock) throws IOException {
        try {
            Document doc = JSON.readValue(file.toFile(), Document.class);
            return new Journal(file, doc.header(), doc.entries(), clock);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not a ZeoFreeze journal: " + e.getOriginalMessage(), e);
        }
    }

    /** Where journals go by default: {@code $XDG_STATE_HOME/zeofreeze/journals}, else ~/.local/state/... */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
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
        byte[] bytes = JSON.writeValueAsBytes(new Document(header, entries));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
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
            if (e instanceof JournalEntry.StepMarked m && m.step().equals(step) && java.util.Objects.equals(m.host(), host)) {
                state = m.state();
            }
        }
        return state;
    }

    /** Configuration files this run wrote (or began to write) and has not restored, by host. */
    public synchronized Map<String, List<AppliedFile>> filesToRestore() {
        Map<String, Map<String, AppliedFile>> out = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.FileWriting w) {
                out.computeIfAbsent(w.host(), h -> new LinkedHashMap<>()).put(w.file().path(), w.file());
            } else if (e instanceof JournalEntry.FileRestored r) {
                Optional.ofNullable(out.get(r.host())).ifPresent(m -> m.remove(r.path()));
            }
        }
        Map<String, List<AppliedFile>> result = new LinkedHashMap<>();
        out.forEach((h, m) -> {
            if (!m.isEmpty()) {
                result.put(h, List.copyOf(m.values()));
            }
        });
        return result;
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

    public synchronized Optional<JournalEntry.RunEnded> ended() {
        JournalEntry.RunEnded last = null;
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.RunEnded r) {
                last = r;
            }
        }
        return Optional.ofNullable(last);
    }
}
