package org.zeofreeze.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.zeofreeze.cluster.Finding;
import org.zeofreeze.cluster.StorageId;

/**
 * The edits a choice needs, file by file, with the diff a person reviews before anything is written,
 * and the read-only state of every storage and database when it was planned, for the verification.
 */
public record Plan(
        Mode mode,
        List<StorageId> selected,
        List<FileChange> changes,
        List<Finding> findings,
        List<String> notes,
        ReadOnlyState before) {
    public Plan {
        selected = List.copyOf(selected);
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changes of one host's buildout as one file that {@code patch -p1} applies in that directory. */
    public String patch(String host) {
        return changes.stream()
                .filter(c -> c.host().equals(host) && !c.outsideBuildout())
                .map(FileChange::diff)
                .collect(Collectors.joining());
    }

    /** Every host's buildout patch, in the order the hosts first appear. */
    public Map<String, String> patches() {
        return byHost(c -> !c.outsideBuildout(), this::patch);
    }

    /**
     * The changes of one host's files outside its buildout ({@code %include}d from elsewhere), named
     * from {@code /}: {@code patch -p1 -d /} applies them. GNU patch refuses absolute names and
     * {@code ..}, so no name in the buildout's patch could reach them.
     */
    public String outsidePatch(String host) {
        return changes.stream()
                .filter(c -> c.host().equals(host) && c.outsideBuildout())
                .map(FileChange::diff)
                .collect(Collectors.joining());
    }

    /** Every host's patch of files outside its buildout, for the hosts that have such files. */
    public Map<String, String> outsidePatches() {
        return byHost(FileChange::outsideBuildout, this::outsidePatch);
    }

    /** The files outside their buildout, which no buildout patch holds. */
    public List<FileChange> outsideFiles() {
        return changes.stream().filter(FileChange::outsideBuildout).toList();
    }

    private Map<String, String> byHost(Predicate<FileChange> which, Function<String, String> patch) {
        return changes.stream()
                .filter(which)
                .map(FileChange::host)
                .distinct()
                .collect(Collectors.toMap(h -> h, patch, (a, b) -> a, LinkedHashMap::new));
    }
}
