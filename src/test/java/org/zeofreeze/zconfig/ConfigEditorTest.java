package org.zeofreeze.zconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zeofreeze.testing.Fixtures;

class ConfigEditorTest {

    private static ParsedConfig parse(String text) throws ConfigSyntaxError {
        return ConfigParser.standalone().parse(ConfigDocument.of("/t.conf", text));
    }

    private static String set(String text, String type, String key, String value) throws Exception {
        ParsedConfig config = parse(text);
        Section section = config.root()
                .walk()
                .filter(s -> s.type().equals(type))
                .findFirst()
                .orElseThrow();
        return ConfigEditor.apply(config.main(), ConfigEditor.setKey(config, section, key, value))
                .text();
    }

    @Test
    void anExistingKeyInAnyCaseIsRewrittenOnItsOwnLine() throws Exception {
        String text = "<zeoclient>\n\t\tREAD-ONLY   false  \n  server 8100\n</zeoclient>\n";
        assertThat(set(text, "zeoclient", "read-only", "true"))
                .isEqualTo("<zeoclient>\n\t\tREAD-ONLY   true  \n  server 8100\n</zeoclient>\n");
    }

    @Test
    void aNewKeyGoesAfterTheLastKeyWithItsIndentation() throws Exception {
        String text = "<filestorage x>\n    path /x.fs\n    blob-dir /b\n    # comment\n</filestorage>\n";
        assertThat(set(text, "filestorage", "read-only", "true"))
                .isEqualTo(
                        "<filestorage x>\n    path /x.fs\n    blob-dir /b\n    read-only true\n    # comment\n</filestorage>\n");
    }

    @Test
    void aNewKeyIgnoresTheKeysOfNestedSections() throws Exception {
        String text = "<zodb_db x>\n  <zeoclient>\n\tserver 1\n  </zeoclient>\n  mount-point /x\n</zodb_db>\n";
        String out = set(text, "zeoclient", "read-only", "true");
        assertThat(out)
                .isEqualTo(
                        "<zodb_db x>\n  <zeoclient>\n\tserver 1\n\tread-only true\n  </zeoclient>\n  mount-point /x\n</zodb_db>\n");
    }

    @Test
    void aSectionWithoutKeysGetsTheIndentationOfItsContentOrTwoMoreThanItsHeader() throws Exception {
        assertThat(set("  <a>\n  </a>\n", "a", "k", "v")).isEqualTo("  <a>\n    k v\n  </a>\n");
        assertThat(set("<a>\n   # note\n</a>\n", "a", "k", "v")).isEqualTo("<a>\n   k v\n   # note\n</a>\n");
    }

    @Test
    void aValueAfterAnyPythonWhitespaceIsReplacedNotAppendedTo() throws Exception {
        for (String space : List.of("\u00a0", "\u3000", "\u001c", "\u2007", "\u0085", "\r")) {
            String text = "<zeoclient>\n  read-only" + space + "false" + space + "\n</zeoclient>\n";
            assertThat(set(text, "zeoclient", "read-only", "true"))
                    .as("U+%04X", (int) space.charAt(0))
                    .isEqualTo("<zeoclient>\n  read-only" + space + "true" + space + "\n</zeoclient>\n");
        }
    }

    @Test
    void aKeyFollowedByAParenthesisEndsThere() throws Exception {
        assertThat(set("<a>\n  read-only(x)\n</a>\n", "a", "read-only", "true"))
                .isEqualTo("<a>\n  read-only true\n</a>\n");
    }

    @Test
    void crlfFilesRoundTripAndKeepTheirEndingsWhenALineIsRewritten() throws Exception {
        assertThat(set("<a>\r\n  read-only false\r\n</a>\r\n", "a", "read-only", "true"))
                .isEqualTo("<a>\r\n  read-only true\r\n</a>\r\n");
    }

    @Test
    void crlfFilesGetCrlfLines() throws Exception {
        assertThat(set("<a>\r\n  p 1\r\n</a>", "a", "k", "v")).isEqualTo("<a>\r\n  p 1\r\n  k v\r\n</a>");
    }

    @Test
    void removingAKeyDeletesOnlyItsLines() throws Exception {
        ParsedConfig config = parse("<a>\n  read-only true\n  p 1\n  Read-Only on\n</a>");
        Section a = config.root().sections("a").get(0);
        assertThat(ConfigEditor.apply(config.main(), ConfigEditor.removeKey(a, "read-only"))
                        .text())
                .isEqualTo("<a>\n  p 1\n</a>");
    }

    @Test
    void theEmptyFormCannotTakeKeys() throws Exception {
        ParsedConfig config = parse("\n<zeoclient/>\n");
        Section zc = config.root().sections("zeoclient").get(0);
        assertThatThrownBy(() -> ConfigEditor.setKey(config, zc, "read-only", "true"))
                .isInstanceOfSatisfying(ConfigEditor.EditException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("empty form");
                });
    }

    /** Random edits of every fixture: the edited key reads back, and every other line stays as it was. */
    @Test
    void randomEditsLeaveEveryUntouchedLineAsItWas() throws Exception {
        Random random = new Random(20261125);
        String[] keys = {"read-only", "READ-ONLY", "path", "new-key", "blob-dir", "server"};
        int checked = 0;
        for (Path file : Fixtures.allConfigFiles()) {
            ConfigDocument original = ConfigDocument.read(file.toString(), Files.readAllBytes(file));
            ParsedConfig config;
            try {
                config = ConfigParser.standalone().parse(original);
            } catch (ConfigSyntaxError e) {
                continue; // the malformed fixtures are covered elsewhere
            }
            List<Section> sections = config.root()
                    .walk()
                    .filter(s -> !s.isRoot() && !s.emptyForm())
                    .toList();
            for (int round = 0; round < 200 && !sections.isEmpty(); round++) {
                Section section = sections.get(random.nextInt(sections.size()));
                String key = keys[random.nextInt(keys.length)];
                boolean remove = random.nextBoolean();
                String value = "v" + random.nextInt(1000);
                List<LineEdit> edits = remove
                        ? ConfigEditor.removeKey(section, key)
                        : ConfigEditor.setKey(config, section, key, value);
                ConfigDocument edited = ConfigEditor.apply(original, edits);

                Set<Integer> touched = new HashSet<>();
                edits.stream().filter(e -> !(e instanceof LineEdit.InsertAfter)).forEach(e -> touched.add(e.index()));
                List<Line> untouched = new ArrayList<>();
                for (int i = 0; i < original.lines().size(); i++) {
                    if (!touched.contains(i)) {
                        untouched.add(original.line(i));
                    }
                }
                assertThat(isSubsequence(untouched, edited.lines(), original, touched))
                        .as(
                                "%s: untouched lines kept after %s %s in %s",
                                file, remove ? "removing" : "setting", key, section.header())
                        .isTrue();
                long changed = edits.stream()
                        .filter(e -> !(e instanceof LineEdit.Delete))
                        .count();
                assertThat(edited.lines()).hasSize(untouched.size() + (int) changed);

                Section reread = ConfigParser.standalone()
                        .parse(edited)
                        .root()
                        .walk()
                        .filter(s -> s.lineIndex() == section.lineIndex()) // edits never move the header
                        .findFirst()
                        .orElseThrow();
                if (remove) {
                    assertThat(reread.values(key)).isEmpty();
                } else {
                    assertThat(reread.values(key))
                            .isNotEmpty()
                            .allSatisfy(kv -> assertThat(kv.value()).isEqualTo(value));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    /** Whether {@code kept} appears in {@code lines} in order; the last line may only have lost its ending. */
    private static boolean isSubsequence(
            List<Line> kept, List<Line> lines, ConfigDocument original, Set<Integer> touched) {
        int j = 0;
        for (Line line : lines) {
            if (j < kept.size() && (line.equals(kept.get(j)) || sameButFinalEnding(line, kept.get(j), lines))) {
                j++;
            }
        }
        return j == kept.size();
    }

    private static boolean sameButFinalEnding(Line line, Line kept, List<Line> lines) {
        return line == lines.get(lines.size() - 1)
                && line.ending().isEmpty()
                && line.text().equals(kept.text());
    }
}
