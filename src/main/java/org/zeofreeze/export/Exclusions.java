package org.zeofreeze.export;

import java.util.List;

/** What the copy leaves out and how rsync's {@code -e} is quoted: the same as ZeoFreeze's own copy step. */
public final class Exclusions {
    /** Never copied: the index, lock, temporary, pack and old files of a FileStorage. */
    public static final List<String> NEVER_COPIED = List.of("*.fs.index", "*.fs.lock", "*.fs.tmp", "*.fs.pack", "*.fs.old",
            "*.lock", ".lock");

    private Exclusions() {
    }

    /** rsync splits {@code -e} at blanks and honours quotes: quote what needs it. */
    public static String shellWords(List<String> words) {
        return String.join(" ", words.stream()
                .map(w -> w.matches("[A-Za-z0-9_./=:@%+,-]+") ? w : "'" + w.replace("'", "'\\''") + "'").toList());
    }
}
