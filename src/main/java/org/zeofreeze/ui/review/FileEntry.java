package org.zeofreeze.ui.review;

import java.util.List;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Secrets;

/**
 * A changed file in the Review page's list: where it is, how many lines change, its rows and its
 * unified diff, as a person reads them: with secret values masked. The rows and the masked diff
 * are made when first asked for, once: a plan of a hundred files shows one of them at a time.
 */
public final class FileEntry {
    private final FileChange change;
    private final String label;
    private final int changedLines;
    private final Secrets secrets;
    private List<DiffRow> rows;
    private String diff;

    private FileEntry(FileChange change, String label, Secrets secrets) {
        this.change = change;
        this.label = label;
        this.changedLines = change.changedLines();
        this.secrets = secrets;
    }

    public static FileEntry of(FileChange change, boolean manyHosts) {
        return of(change, manyHosts, Secrets.NONE);
    }

    public static FileEntry of(FileChange change, boolean manyHosts, Secrets secrets) {
        return new FileEntry(change, (manyHosts ? change.host() + ": " : "") + change.relativePath(), secrets);
    }

    public FileChange change() {
        return change;
    }

    public String label() {
        return label;
    }

    public int changedLines() {
        return changedLines;
    }

    /** The whole file side by side, old and new; computed on first use (the FX thread only reads it). */
    public synchronized List<DiffRow> rows() {
        if (rows == null) {
            rows = SideBySide.rows(change.before(), change.after()).stream()
                    .map(r -> new DiffRow(r.kind(), r.oldNumber(), secrets.mask(r.oldText()), r.newNumber(),
                            secrets.mask(r.newText())))
                    .toList();
        }
        return rows;
    }

    /** The unified diff, secret values masked. */
    public synchronized String diff() {
        if (diff == null) {
            diff = secrets.mask(change.diff());
        }
        return diff;
    }

    /** The new text of every changed or added line, as a reviewer sees it on the right. */
    public List<String> newChangedLines() {
        return rows().stream().filter(DiffRow::changed).map(DiffRow::newText).filter(t -> t != null).toList();
    }

    @Override
    public String toString() {
        return label;
    }
}
