package org.zeofreeze.ui.review;

import java.util.List;
import org.zeofreeze.plan.FileChange;

/** A changed file in the Review page's list: where it is, how many lines change, its rows. */
public record FileEntry(FileChange change, String label, int changedLines, List<DiffRow> rows) {
    public FileEntry {
        rows = List.copyOf(rows);
    }

    public static FileEntry of(FileChange change, boolean manyHosts) {
        String label = (manyHosts ? change.host() + ": " : "") + change.relativePath();
        return new FileEntry(change, label, change.changedLines(), SideBySide.rows(change.before(), change.after()));
    }

    /** The new text of every changed or added line, as a reviewer sees it on the right. */
    public List<String> newChangedLines() {
        return rows.stream().filter(DiffRow::changed).map(DiffRow::newText).filter(t -> t != null).toList();
    }
}
