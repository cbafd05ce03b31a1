package org.zeofreeze.ui.review;

/**
 * One line of a side-by-side diff: the old line (number and text) on the left, the new one on
 * the right; a side is empty (null number) where the other side added or removed a line.
 */
public record DiffRow(Kind kind, Integer oldNumber, String oldText, Integer newNumber, String newText) {
    public enum Kind {
        SAME,
        CHANGED,
        ADDED,
        REMOVED
    }

    public boolean changed() {
        return kind != Kind.SAME;
    }
}
