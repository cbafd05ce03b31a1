package org.zeofreeze.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Expected outputs kept in src/test/resources/golden. Run with {@code -Dgolden.update=true} to
 * rewrite them after a deliberate change, then review the diff before committing.
 */
public final class Golden {
    private Golden() {}

    public static void assertMatches(String name, String actual) throws IOException {
        Path source = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(source.getParent());
            Files.writeString(source, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(source))
                .as("golden file %s exists (create it with -Dgolden.update=true)", source)
                .isTrue();
        assertThat(actual).isEqualTo(Files.readString(source, StandardCharsets.UTF_8));
    }
}
