package org.zeofreeze.ui.review;

import java.util.List;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Secrets;

/**
 * A changed file in the Review page's list: where it is, how many lines change, its rows and its
 * unified diff, as a person reads them: with secret values masked.
 */
public record FileEntry(FileChange change, String label, int changedLines, List<DiffRow> rows, String diff) {
    public FileEntry {
        rows = List.copyOf(rows);
    }

    public static FileEntry of(FileChange change, boolean manyHosts) {
        return of(change, manyHosts, Secrets.NONE);
    }

    public static FileEntry of(FileChange change, boolean manyHosts, Secrets secrets) {
        String label = (manyHosts ? change.host() + ": " : "") + change.relativePath();
        List<DiffRow> rows = SideBySide.rows(change.before(), change.after()).stream()
                .map(r -> new DiffRow(r.kind(), r.oldNumber(), secrets.mask(r.oldText()), r.newNumber(),
                        secrets.mask(r.newText())))
                .toList();
        return new FileEntry(change, label, change.changedLines(), rows, secrets.mask(change.diff()));
    }

    /** The new text of every changed or added line, as a reviewer sees it on the right. */
    public List<String> newChangedLines() {
        return rows.stream().filter(DiffRow::changed).map(DiffRow::newText).filter(t -> t != null).toList();
    }
}
