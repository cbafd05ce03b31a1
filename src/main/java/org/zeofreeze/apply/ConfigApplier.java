package org.zeofreeze.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.Host;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.plan.Plan;

/**
 * Writes a plan's config edits and takes them back. Nothing is written unless every file is
 * still what the plan was made from; each file is checked again right before its own write,
 * backed up next to itself from the bytes on disk at that moment, and replaced atomically only if
 * it still holds them; a failure half-way puts back what was already written.
 */
public final class ConfigApplier {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Function<String, Host> hosts;
    private final Clock clock;

    public ConfigApplier(Function<String, Host> hosts, Clock clock) {
        this.hosts = hosts;
        this.clock = clock;
    }

    /** Told about each file before it is written (with its backup path) and after, so a journal can follow. */
    public interface FileListener {
        FileListener NONE = new FileListener() {};

        default void writing(String host, AppliedFile file) throws IOException {}

        default void written(String host, AppliedFile file) throws IOException {}
    }

    /** Applies every change of the plan; returns one record per host that had changes. */
    public List<ApplyRecord> apply(Plan plan, List<Buildout> buildouts) throws ApplyException {
        return apply(plan, buildouts, FileListener.NONE);
    }

    public List<ApplyRecord> apply(Plan plan, List<Buildout> buildouts, FileListener listener) throws ApplyException {
        checkUnchanged(plan);
        String stamp = STAMP.format(clock.instant());
        Map<String, List<AppliedFile>> done = new LinkedHashMap<>();
        List<FileChange> written = new ArrayList<>();
        try {
            for (FileChange change : plan.changes()) {
                Host host = hosts.apply(change.host());
                // Checked again right before its own write, and backed up from what is on disk now:
                // an edit made since the first check is neither overwritten nor missing from the backup.
                byte[] now = host.read(change.path());
                if (!Hashes.sha256(now).equals(change.beforeSha256())) {
                    throw new IOException(where(change.host()) + change.path() + " changed since the plan was made; "
                            + "it was left as it is. Make the plan again and review it");
                }
                FileStat stat =
                        host.stat(change.path()).orElseThrow(() -> new IOException(change.path() + " vanished"));
                String backup = change.path() + ".zeofreeze-" + stamp + ".bak";
                AppliedFile file = new AppliedFile(change.path(), backup, change.beforeSha256(), change.afterSha256());
                listener.writing(change.host(), file);
                host.createFile(backup, now, stat.mode());
                written.add(change);
                // Replaces only the bytes just checked (an edit in the last instant fails it).
                host.writeAtomically(change.path(), change.after(), now);
                byte[] reread = host.read(change.path());
                if (!Hashes.sha256(reread).equals(change.afterSha256())) {
                    throw new IOException("reading " + change.path() + " back gave other bytes than were written");
                }
                listener.written(change.host(), file);
                done.computeIfAbsent(change.host(), h -> new ArrayList<>()).add(file);
            }
        } catch (IOException e) {
            String undone = putBack(written);
            throw new ApplyException("writing the configuration stopped: " + e.getMessage() + ". " + undone, e);
        }
        List<ApplyRecord> records = new ArrayList<>();
        for (Map.Entry<String, List<AppliedFile>> e : done.entrySet()) {
            Buildout buildout = buildouts.stream()
                    .filter(b -> b.host().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow();
            ApplyRecord record = new ApplyRecord(
                    stamp,
                    e.getKey(),
                    buildout.dir(),
                    plan.mode().name().toLowerCase(),
                    plan.selected().stream().map(Object::toString).toList(),
                    e.getValue());
            try {
                Host host = hosts.apply(e.getKey());
                host.makeDirectories(ApplyRecord.directory(buildout.dir()));
                host.createFile(record.recordPath(), JSON.writeValueAsBytes(record), 0644);
            } catch (IOException ex) {
                throw new ApplyException(
                        "the configuration was changed, but the record for 'revert' could not be "
                                + "written (" + ex.getMessage() + "); the backups are next to each file: "
                                + e.getValue().stream().map(AppliedFile::backup).toList(),
                        ex);
            }
            records.add(record);
        }
        return records;
    }

    /** Refuses, writing nothing, when any file of the plan is no longer the one it was made from. */
    public void checkUnchanged(Plan plan) throws ApplyException {
        for (FileChange change : plan.changes()) {
            try {
                byte[] now = hosts.apply(change.host()).read(change.path());
                if (!Hashes.sha256(now).equals(change.beforeSha256())) {
                    throw new ApplyException(where(change.host()) + change.path() + " changed since the plan was made; "
                            + "nothing was written. Make the plan again and review it.");
                }
            } catch (IOException e) {
                throw new ApplyException(
                        where(change.host()) + "cannot read " + change.path() + ": " + e.getMessage()
                                + "; nothing was written.",
                        e);
            }
        }
    }

    private String putBack(List<FileChange> written) {
        List<String> failed = new ArrayList<>();
        for (FileChange change : written) {
            try {
                restore(
                        hosts.apply(change.host()),
                        new AppliedFile(change.path(), null, change.beforeSha256(), change.afterSha256()),
                        change.before());
            } catch (IOException e) {
                failed.add(change.path() + " (" + e.getMessage() + ")");
            }
        }
        if (failed.isEmpty()) {
            return written.isEmpty() ? "Nothing was changed." : "The files already written were put back as they were.";
        }
        return "Could not put back " + failed + "; restore them from the .bak files next to them.";
    }

    /**
     * Puts one file back as it was before the apply: rewritten only if it holds what the apply
     * wrote; left alone if it is already as it was. Anything else is someone else's edit and is
     * refused, naming the backup.
     */
    public static boolean restore(Host host, AppliedFile file, byte[] before) throws IOException {
        byte[] current = host.read(file.path());
        String now = Hashes.sha256(current);
        if (now.equals(file.beforeSha256())) {
            return false;
        }
        if (!now.equals(file.afterSha256())) {
            throw new IOException(file.path() + " was changed by someone else since it was written; left as it is"
                    + (file.backup() == null ? "" : " (the original is in " + file.backup() + ")"));
        }
        if (!Hashes.sha256(before).equals(file.beforeSha256())) {
            throw new IOException("the backup of " + file.path() + " is not the file as it was");
        }
        host.writeAtomically(file.path(), before, current);
        return true;
    }

    /** Restores a file from its backup next to it (see {@link #restore(Host, AppliedFile, byte[])}). */
    public static boolean restoreFromBackup(Host host, AppliedFile file) throws IOException {
        if (Hashes.sha256(host.read(file.path())).equals(file.beforeSha256())) {
            return false;
        }
        return restore(host, file, host.read(file.backup()));
    }

    /**
     * The newest apply on this buildout that was not reverted yet. A record that does not read
     * back, or does not describe what an apply there could have written, is refused as a whole.
     */
    public Optional<ApplyRecord> latest(Host host, String buildout) throws IOException, RecordException {
        List<String> names = recordNames(host, buildout);
        return names.isEmpty() ? Optional.empty() : Optional.of(record(host, buildout, names.get(0)));
    }

    /** The names of the buildout's apply records not reverted yet, newest first. */
    static List<String> recordNames(Host host, String buildout) throws IOException {
        List<String> names = host.list(ApplyRecord.directory(buildout));
        return names.stream()
                .filter(n -> n.startsWith("apply-") && n.endsWith(".json"))
                .filter(n -> !names.contains(n.replace(".json", ".reverted")))
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    /** The record {@code name} of the buildout, refused whole when it is not one an apply there wrote. */
    static ApplyRecord record(Host host, String buildout, String name) throws IOException, RecordException {
        String file = ApplyRecord.directory(buildout) + "/" + name;
        String fileStamp = name.substring("apply-".length(), name.length() - ".json".length());
        ApplyRecord record;
        try {
            record = JSON.readValue(host.read(file), ApplyRecord.class);
        } catch (JsonProcessingException e) {
            throw unreadable(file, JsonProblems.describe(e));
        }
        if (record == null) {
            throw unreadable(file, "it holds no record");
        }
        Optional<String> problem = record.problem(buildout, fileStamp);
        if (problem.isPresent()) {
            throw unreadable(file, problem.get());
        }
        return record;
    }

    private static RecordException unreadable(String file, String why) {
        return new RecordException(
                "the apply record " + file + " cannot be used: " + why
                        + "; nothing was reverted. Put the files back by hand from their .bak files, or move the record aside.");
    }

    /**
     * Puts back every file of the newest apply, byte for byte. A file that changed since the apply
     * is left alone (and nothing is written) unless {@code force}. A file outside the buildout
     * (one the configuration {@code %include}s) is restored only while it holds exactly what the
     * apply wrote, {@code force} or not: the record is no licence to overwrite any file there.
     */
    public ApplyRecord revert(Host host, String buildout, boolean force) throws ApplyException {
        ApplyRecord record;
        Map<AppliedFile, byte[]> backups = new LinkedHashMap<>();
        try {
            record = latest(host, buildout)
                    .orElseThrow(() -> new ApplyException(
                            "nothing to revert: no apply record in " + ApplyRecord.directory(buildout)));
            for (AppliedFile file : record.files()) {
                byte[] now = host.read(file.path());
                if (!ApplyRecord.inside(file.path(), buildout)
                        && !Hashes.sha256(now).equals(file.afterSha256())) {
                    throw new ApplyException(file.path() + " is outside the buildout and is not what ZeoFreeze wrote "
                            + "there (" + record.stamp() + "); nothing was reverted. Such a file is restored only "
                            + "while it is unchanged: look at it and restore " + file.backup()
                            + " by hand if it is right.");
                }
                if (!force && !Hashes.sha256(now).equals(file.afterSha256())) {
                    throw new ApplyException(file.path() + " changed since ZeoFreeze wrote it (" + record.stamp()
                            + "); nothing was reverted. Look at it, then revert with --force to restore "
                            + file.backup() + " anyway.");
                }
                byte[] backup = host.read(file.backup());
                if (!Hashes.sha256(backup).equals(file.beforeSha256())) {
                    throw new ApplyException(
                            "the backup " + file.backup() + " is not the file as it was; nothing was reverted.");
                }
                backups.put(file, backup);
            }
        } catch (IOException e) {
            throw new ApplyException("cannot read what revert needs: " + e.getMessage() + "; nothing was reverted.", e);
        }
        List<String> restored = new ArrayList<>();
        try {
            for (Map.Entry<AppliedFile, byte[]> e : backups.entrySet()) {
                host.writeAtomically(e.getKey().path(), e.getValue());
                restored.add(e.getKey().path());
            }
            host.createFile(
                    record.revertedMarker(),
                    ("reverted " + STAMP.format(clock.instant()) + "\n").getBytes(StandardCharsets.UTF_8),
                    0644);
        } catch (IOException e) {
            throw new ApplyException(
                    "revert stopped after restoring " + restored + ": " + e.getMessage()
                            + "; the other files still have their backups next to them.",
                    e);
        }
        return record;
    }

    private static String where(String host) {
        return host.equals("local") ? "" : host + ": ";
    }
}
