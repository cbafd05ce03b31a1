package org.zeofreeze.zconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The details in which ZConfig (Python) reads a file differently from what a Java programmer
 * would guess: Python's idea of whitespace, lines split on LF only, strict UTF-8, include URLs.
 */
class ReadLikeZConfigTest {
    private final Map<String, String> files = new HashMap<>();

    private ParsedConfig parse(String path, String text) throws ConfigSyntaxError {
        return new ConfigParser(
                        p -> {
                            String t = files.get(p);
                            if (t == null) {
                                throw new IOException("no such file");
                            }
                            return ConfigDocument.of(p, t);
                        },
                        name -> null)
                .parse(ConfigDocument.of(path, text));
    }

    private Section root(String text) throws ConfigSyntaxError {
        return parse("/etc/test.conf", text).root();
    }

    @Nested
    class Whitespace {
        /** Every character Python's str.isspace() accepts, apart from the LF that ends a line. */
        static final String PYTHON_SPACES = "\t\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680"
                + "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

        @Test
        void everyPythonSpaceSeparatesKeyAndValue() throws Exception {
            for (char c : PYTHON_SPACES.toCharArray()) {
                Section fs = root("<filestorage x>\nread-only" + c + "true\n</filestorage>\n")
                        .sections("filestorage")
                        .get(0);
                assertThat(fs.get("read-only")).as("U+%04X", (int) c).contains("true");
            }
        }

        @Test
        void everyPythonSpaceIsStrippedAroundALine() throws Exception {
            for (char c : PYTHON_SPACES.toCharArray()) {
                Section root = root(c + "<zeo>" + c + "\n" + c + "address 8100" + c + "\n</zeo>" + c + "\n");
                assertThat(root.sections("zeo")).as("U+%04X", (int) c).hasSize(1);
                assertThat(root.sections("zeo").get(0).get("address"))
                        .as("U+%04X", (int) c)
                        .contains("8100");
            }
        }

        @Test
        void charactersPythonDoesNotCallSpaceArePartOfTheKey() throws Exception {
            // U+200B (zero width space) and U+FEFF are not whitespace for Python.
            Section root = root("read-only\u200btrue\n\ufeffaddress 1\n");
            assertThat(root.get("read-only")).isEmpty();
            assertThat(root.get("read-only\u200btrue")).contains("");
            assertThat(root.get("address")).isEmpty();
        }

        @Test
        void sectionHeadersAndDefinesSplitOnPythonSpaces() throws Exception {
            Section root = root(
                    "%define\u3000base\u00a0/srv\n<filestorage\u2003cat\u001f>\npath $base/x.fs\n</filestorage\u0085>\n");
            Section fs = root.sections("filestorage").get(0);
            assertThat(fs.name()).isEqualTo("cat");
            assertThat(fs.get("path")).contains("/srv/x.fs");
        }
    }

    @Nested
    class LineBreaks {
        @Test
        void aLoneCarriageReturnDoesNotEndALine() throws Exception {
            Section root = root("<zeo>\naddress 1\rread-only true\n</zeo>\n");
            Section zeo = root.sections("zeo").get(0);
            assertThat(zeo.get("address")).contains("1\rread-only true");
            assertThat(zeo.get("read-only")).isEmpty();
        }

        @Test
        void aLoneCarriageReturnSeparatesKeyAndValueAsAnyPythonSpace() throws Exception {
            assertThat(root("read-only\rtrue\n").get("read-only")).contains("true");
        }

        @Test
        void otherUnicodeLineBreaksDoNotEndALineEither() throws Exception {
            Section root = root("a 1\u2028b 2\n");
            assertThat(root.keys().toList()).hasSize(1);
            assertThat(root.get("a")).contains("1\u2028b 2");
        }

        @Test
        void lineNumbersCountLineFeedsOnly() {
            assertThatThrownBy(() -> root("a 1\r\rb 2\n<zeo\n"))
                    .isInstanceOfSatisfying(
                            ConfigSyntaxError.class, e -> assertThat(e.line()).isEqualTo(2));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a\r\nb\r\n", "a\rb\r", "a\r\n\rb", "\r", "\r\r\n", "x 1\r\n<zeo>\r\n</zeo>"})
        void carriageReturnsRoundTrip(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(ConfigDocument.of("x.conf", text).bytes()).isEqualTo(bytes);
        }
    }

    @Nested
    class Encoding {
        @Test
        void aFileThatIsNotUtf8IsRefusedWithItsLine() {
            byte[] latin1 = {'a', ' ', '1', '\n', 'p', 'a', 't', 'h', ' ', (byte) 0xe9, '\n'};
            assertThatThrownBy(() -> ConfigDocument.read("/etc/x.conf", latin1))
                    .isInstanceOfSatisfying(ConfigSyntaxError.class, e -> {
                        assertThat(e.file()).isEqualTo("/etc/x.conf");
                        assertThat(e.line()).isEqualTo(2);
                        assertThat(e.reason()).contains("UTF-8");
                    });
        }

        @Test
        void encodedSurrogatesAreNotUtf8() {
            byte[] surrogate = {'a', ' ', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'};
            assertThatThrownBy(() -> ConfigDocument.read("/etc/x.conf", surrogate))
                    .isInstanceOf(ConfigSyntaxError.class);
        }

        @Test
        void aByteOrderMarkIsKeptAsACharacter() throws Exception {
            byte[] bom = "\ufeff# comment\n".getBytes(StandardCharsets.UTF_8);
            ConfigDocument doc = ConfigDocument.read("x.conf", bom);
            assertThat(doc.bytes()).isEqualTo(bom);
            // Python keeps U+FEFF, which is not whitespace: the line is data, not a comment.
            assertThat(ConfigParser.standalone().parse(doc).root().keys().toList())
                    .hasSize(1);
        }
    }

    @Nested
    class IncludeUrls {
        @Test
        void aFileUrlWithoutSlashesIsRelativeToTheIncludingFile() throws Exception {
            files.put("/etc/zeo/storages.conf", "<filestorage a>\npath /a.fs\n</filestorage>\n");
            assertThat(parse("/etc/zeo/zeo.conf", "%include file:storages.conf\n")
                            .root()
                            .sections("filestorage"))
                    .hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "file:/etc/other/s.conf",
                    "file:///etc/other/s.conf",
                    "FILE:///etc/other/s.conf",
                    "/etc/other/s.conf",
                    "../other/s.conf",
                    "file:../other/./s.conf",
                    "..//other/s.conf"
                })
        void fileUrlsAndPathsNameTheSameFile(String target) throws Exception {
            files.put("/etc/other/s.conf", "k v\n");
            assertThat(parse("/etc/zeo/zeo.conf", "%include " + target + "\n")
                            .root()
                            .get("k"))
                    .as(target)
                    .contains("v");
        }

        @Test
        void percentEscapesAreDecodedAsInAUrl() throws Exception {
            files.put("/etc/zeo/my file.conf", "k v\n");
            assertThat(parse("/etc/zeo/zeo.conf", "%include my%20file.conf\n")
                            .root()
                            .get("k"))
                    .contains("v");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://example.org/zeo.conf",
                    "package:ZEO:x.conf",
                    "file://otherhost/etc/x.conf",
                    "file://localhost/etc/x.conf",
                    "//otherhost/etc/x.conf",
                    "x.conf#part",
                    "x.conf?a=b"
                })
        void whatIsNotALocalFileIsRefusedWithASentence(String target) {
            assertThatThrownBy(() -> parse("/etc/zeo/zeo.conf", "\n%include " + target + "\n"))
                    .isInstanceOfSatisfying(ConfigSyntaxError.class, e -> {
                        assertThat(e.line()).isEqualTo(2);
                        assertThat(e.reason()).contains(target);
                    });
        }
    }

    @Nested
    class Limits {
        @Test
        void deeplyNestedSectionsAreRefusedNotOverflowed() {
            String text = "<a>\n".repeat(10_000) + "</a>\n".repeat(10_000);
            assertThatThrownBy(() -> root(text)).isInstanceOfSatisfying(ConfigSyntaxError.class, e -> {
                assertThat(e.line()).isEqualTo(ConfigParser.MAX_SECTION_DEPTH + 1);
                assertThat(e.reason()).contains("nested");
            });
        }

        @Test
        void nestingUpToTheLimitIsRead() throws Exception {
            int depth = ConfigParser.MAX_SECTION_DEPTH;
            Section root = root("<a>\n".repeat(depth) + "k v\n" + "</a>\n".repeat(depth));
            assertThat(root.walk().count()).isEqualTo(depth + 1);
        }

        @Test
        void longIncludeChainsAreRefused() {
            for (int i = 0; i < 10_000; i++) {
                files.put("/etc/c" + i + ".conf", "%include c" + (i + 1) + ".conf\n");
            }
            assertThatThrownBy(() -> parse("/etc/main.conf", "%include c0.conf\n"))
                    .isInstanceOfSatisfying(
                            ConfigSyntaxError.class, e -> assertThat(e.reason()).contains("deep"));
        }

        @Test
        void includesThatMultiplyAreRefusedBeforeTheyExhaustMemoryOrTime() {
            // Each level includes the next ten times: 10^8 lines in all.
            for (int i = 0; i < 8; i++) {
                files.put("/etc/m" + i + ".conf", ("%include m" + (i + 1) + ".conf\n").repeat(10));
            }
            files.put("/etc/m8.conf", "k v\n");
            assertThatThrownBy(() -> parse("/etc/main.conf", "%include m0.conf\n"))
                    .isInstanceOfSatisfying(
                            ConfigSyntaxError.class, e -> assertThat(e.reason()).contains("lines"));
        }

        @Test
        void walkingADeepTreeNeedsNoRecursion() throws Exception {
            int depth = ConfigParser.MAX_SECTION_DEPTH;
            Section root = root("<a>\n".repeat(depth) + "</a>\n".repeat(depth));
            assertThat(root.walk().map(Section::type).toList()).containsOnly("", "a");
            // Records compare deep trees structurally: the same text gives an equal tree, another innermost type not.
            Section again = root("<a>\n".repeat(depth) + "</a>\n".repeat(depth));
            assertThat(again).isEqualTo(root).hasSameHashCodeAs(root);
            assertThat(root("<a>\n".repeat(depth - 1) + "<b>\n</b>\n" + "</a>\n".repeat(depth - 1)))
                    .isNotEqualTo(root);
        }
    }
}
