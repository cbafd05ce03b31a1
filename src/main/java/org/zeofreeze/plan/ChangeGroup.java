package org.zeofreeze.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files whose changes are identical: the same lines added and removed at the same line numbers,
 * with the same summary. Twenty clients made by one buildout get the same zope.conf edit; a
 * person reads it once, with the list of files it applies to. Context lines do not count: a
 * generated zope.conf names its client in the {@code var} line next to the edit. Each file keeps
 * its own change (bytes, hash, full diff), so nothing about applying it is shared.
 */
public record ChangeGroup(List<FileChange> files) {
    public ChangeGroup {
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a change group needs at least one file");
        }
    }

    /** The changes grouped, groups in the order of their first file, files in plan order within a group. */
    public static List<ChangeGroup> of(List<FileChange> changes) {
        Map<List<Object>, List<FileChange>> byChange = new LinkedHashMap<>();
        for (FileChange c : changes) {
            byChange.computeIfAbsent(List.of(edits(c.diff()), c.summary()), k -> new ArrayList<>())
                    .add(c);
        }
        return byChange.values().stream().map(ChangeGroup::new).toList();
    }

    /** The file shown for the whole group. */
    public FileChange first() {
        return files.get(0);
    }

    public boolean shared() {
        return files.size() > 1;
    }

    /** The first file's diff without its {@code ---}/{@code +++} header, which names the file. */
    public String hunks() {
        return hunks(first().diff());
    }

    /** What a diff changes: hunk headers and added or removed lines; each context line only counts as one. */
    static List<String> edits(String diff) {
        return hunks(diff).lines().map(l -> l.startsWith(" ") ? " " : l).toList();
    }

    static String hunks(String diff) {
        int at = diff.indexOf("\n@@");
        return at < 0 ? diff : diff.substring(at + 1);
    }
}
