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
    private final String phase;
    private List<DiffRow> rows;
    private String diff;

    private FileEntry(FileChange change, String label, Secrets secrets, String phase) {
        this.change = change;
        this.label = label;
        this.changedLines = change.changedLines();
        this.secrets = secrets;
        this.phase = phase;
    }

    public static FileEntry of(FileChange change, boolean manyHosts) {
        return of(change, manyHosts, Secrets.NONE);
    }

    public static FileEntry of(FileChange change, boolean manyHosts, Secrets secrets) {
        return of(change, manyHosts, secrets, "");
    }

    /**
     * A file of one phase of a move ({@code phase}: when it is written, in words); a move writes
     * some files twice, so the phase tells the two diffs of one file apart.
     */
    public static FileEntry of(FileChange change, boolean manyHosts, Secrets secrets, String phase) {
        return new FileEntry(change, (manyHosts ? change.host() + ": " : "") + change.relativePath(), secrets, phase);
    }

    /** When the file is written, for a move ("writable at the target"); empty for a freeze or thaw on its own. */
    public String phase() {
        return phase;
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
                    .map(r -> new DiffRow(
                            r.kind(),
                            r.oldNumber(),
                            secrets.mask(r.oldText()),
                            r.newNumber(),
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
        return rows().stream()
                .filter(DiffRow::changed)
                .map(DiffRow::newText)
                .filter(t -> t != null)
                .toList();
    }

    @Override
    public String toString() {
        return phase.isEmpty() ? label : label + " (" + phase + ")";
    }
}
