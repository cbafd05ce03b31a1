package org.zeofreeze.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configuration files made to hurt the reader, as a careless or hostile edit could leave them. */
public final class HostileFiles {
    private HostileFiles() {}

    /**
     * Puts nine {@code %define}s before the file's text, each naming the one before sixteen times: a
     * few hundred bytes on disk that ZConfig's substitution, and so any reader that reads the file as
     * ZConfig does, expands to 16^9 × 8 characters — far beyond any memory.
     */
    public static void defineBomb(Path file) throws IOException {
        StringBuilder b = new StringBuilder("%define l0 laughter\n");
        for (int level = 1; level <= 9; level++) {
            b.append("%define l")
                    .append(level)
                    .append(' ')
                    .append(("${l" + (level - 1) + "}").repeat(16))
                    .append('\n');
        }
        b.append("%define laughs ${l9}\n");
        Files.writeString(file, b + Files.readString(file));
    }
}
