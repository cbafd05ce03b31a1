package org.zeofreeze.zconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeofreeze.testing.Fixtures;

class ConfigDocumentTest {

    static Stream<Path> fixtures() {
        return Fixtures.allConfigFiles().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixturePrintsBackByteForByte(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(ConfigDocument.read(file.toString(), bytes).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "\n",
                "a",
                "a\n",
                "a\r\nb\r\n",
                "a\r\nb",
                "a\rb\r",
                "\t<zeo>\t \n  \n",
                "mixed\nendings\r\nhere\r",
                "trailing spaces   \n# comment\n\n\n",
                "no final newline</zodb_db>"
            })
    void oddTextsPrintBackByteForByte(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(ConfigDocument.read("x.conf", bytes).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"caf\u00e9 path /srv/\u00e9t\u00e9\n"})
    void utf8TextIsKept(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(ConfigDocument.read("x.conf", bytes).bytes()).isEqualTo(bytes);
    }

    @Test
    void removingTheLastLineKeepsAMissingFinalNewlineMissing() {
        ConfigDocument doc = ConfigDocument.of("x.conf", "a\nb\nc");
        assertThat(doc.withoutLine(2).text()).isEqualTo("a\nb");
        assertThat(doc.withoutLine(1).text()).isEqualTo("a\nc");
    }
}
