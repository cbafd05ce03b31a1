package org.zeofreeze.runbook.copy;

import java.util.List;

/** What a copy of a storage leaves out, and how rsync's {@code -e} is quoted: one place for the runbook and the export. */
public final class CopyRules {
    /** Never copied: the index, lock, temporary, pack and old files of a FileStorage. */
    public static final List<String> NEVER_COPIED =
            List.of("*.fs.index", "*.fs.lock", "*.fs.tmp", "*.fs.pack", "*.fs.old", "*.lock", ".lock");

    private CopyRules() {}

    /** rsync splits {@code -e} at blanks and honours quotes: quote what needs it. */
    public static String shellWords(List<String> words) {
        return String.join(
                " ",
                words.stream()
                        .map(w -> w.matches("[A-Za-z0-9_./=:@%+,-]+") ? w : "'" + w.replace("'", "'\\''") + "'")
                        .toList());
    }
}
