package org.zeofreeze.plan;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.zeofreeze.cluster.Finding;
import org.zeofreeze.cluster.StorageId;

/**
 * The edits a choice needs, file by file, with the diff a person reviews before anything is written,
 * and the read-only state of every storage and database when it was planned, for the verification.
 */
public record Plan(Mode mode, List<StorageId> selected, List<FileChange> changes, List<Finding> findings,
                   List<String> notes, ReadOnlyState before) {
    public Plan {
        selected = List.copyOf(selected);
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changes of one host as one file that {@code patch -p1} applies in its buildout directory. */
    public String patch(String host) {
        return changes.stream().filter(c -> c.host().equals(host)).map(FileChange::diff).collect(Collectors.joining());
    }

    /** Every host's patch, in the order the hosts first appear. */
    public Map<String, String> patches() {
        return changes.stream().map(FileChange::host).distinct()
                .collect(Collectors.toMap(h -> h, this::patch, (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
