package org.zeofreeze.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.cluster.StorageId;

/**
 * What a move does after the freeze and the verified copy, in two phases that a run applies one
 * after the other. {@code serve}: the target's zeo.conf gets each moved storage, read-only, and
 * every client that uses one is pointed at the target, still read-only — every client then reads
 * the identical copy. {@code writable}: the target's storages and then the clients become
 * writable. {@code retire} (asked for with {@code --retire}, empty otherwise): the moved storages'
 * sections taken out of the old server's zeo.conf, which restarts alone. Each phase's changes
 * start from the files as the phase before leaves them, so the run can refuse a file that changed
 * in between.
 */
public record MovePlan(
        String targetHost,
        String targetBuildout,
        String targetServer,
        Address address,
        List<MovedStorage> storages,
        List<FileChange> serve,
        List<FileChange> writable,
        List<FileChange> retire,
        List<String> notes) {
    public MovePlan {
        storages = List.copyOf(storages);
        serve = List.copyOf(serve);
        writable = List.copyOf(writable);
        retire = retire == null ? List.of() : List.copyOf(retire); // a journal from before --retire has none
        notes = List.copyOf(notes);
    }

    /** A move that does not retire the old sections. */
    public MovePlan(
            String targetHost,
            String targetBuildout,
            String targetServer,
            Address address,
            List<MovedStorage> storages,
            List<FileChange> serve,
            List<FileChange> writable,
            List<String> notes) {
        this(targetHost, targetBuildout, targetServer, address, storages, serve, writable, List.of(), notes);
    }

    /** Whether the run ends by retiring the moved sections from the old server. */
    public boolean retires() {
        return !retire.isEmpty();
    }

    /** A frozen storage and where its copy is served at the target; {@code present}: the target's zeo.conf had it already. */
    public record MovedStorage(StorageId source, String path, String blobDir, boolean present) {
        public String name() {
            return source.name();
        }
    }

    /** The phases in the order a run applies them. */
    public enum Phase {
        SERVE("put into service at the target, read-only"),
        WRITABLE("writable at the target"),
        RETIRE("retired from the old server");

        private final String text;

        Phase(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public List<FileChange> changes(Phase phase) {
        return switch (phase) {
            case SERVE -> serve;
            case WRITABLE -> writable;
            case RETIRE -> retire;
        };
    }

    /**
     * Every file the move changes, from as the freeze leaves it to as the move ends: one change per
     * file, the target's zeo.conf first.
     */
    public List<FileChange> overall() {
        Map<String, FileChange> first = new LinkedHashMap<>();
        Map<String, FileChange> last = new LinkedHashMap<>();
        for (FileChange c : serve) {
            first.putIfAbsent(c.host() + ":" + c.path(), c);
            last.put(c.host() + ":" + c.path(), c);
        }
        for (FileChange c : writable) {
            first.putIfAbsent(c.host() + ":" + c.path(), c);
            last.put(c.host() + ":" + c.path(), c);
        }
        for (FileChange c : retire) {
            first.putIfAbsent(c.host() + ":" + c.path(), c);
            last.put(c.host() + ":" + c.path(), c);
        }
        List<FileChange> out = new ArrayList<>();
        first.forEach((key, f) -> {
            FileChange l = last.get(key);
            out.add(FileChange.between(f.host(), f.path(), f.relativePath(), f.before(), l.after(), l.summary()));
        });
        return out;
    }
}
