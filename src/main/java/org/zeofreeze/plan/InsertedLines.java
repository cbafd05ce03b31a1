package org.zeofreeze.plan;

/**
 * The {@code read-only} lines that an earlier freeze by ZeoFreeze inserted (not a line the admin
 * wrote, whose value it only changed): a thaw removes them instead of writing {@code read-only
 * false}, so a freeze and its thaw leave every file byte for byte as it was.
 */
public interface InsertedLines {
    InsertedLines NONE = (host, file, lineIndex) -> false;

    /** Whether line {@code lineIndex} (0-based) of {@code file} on {@code host} is one a freeze inserted. */
    boolean inserted(String host, String file, int lineIndex);
}
