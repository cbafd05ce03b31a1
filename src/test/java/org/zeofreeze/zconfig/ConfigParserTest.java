package org.zeofreeze.zconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {

    private static ParsedConfig parse(String text) throws ConfigSyntaxError {
        return new ConfigParser(
                        path -> {
                            throw new IOException("no such file");
                        },
                        Map.of("HOME", "/home/zope")::get)
                .parse(ConfigDocument.of("/etc/test.conf", text));
    }

    @Nested
    class Classification {
        @Test
        void linesAreStrippedBeforeTheyAreClassified() throws Exception {
            Section root =
                    parse("   <zeo>  \n\t address   8100  \n  </zeo>\t\n").root();
            Section zeo = root.sections("zeo").get(0);
            assertThat(zeo.get("address")).contains("8100");
        }

        @Test
        void onlyALineStartingWithHashIsAComment() throws Exception {
            Section root =
                    parse("  # address 1\nformat %(message)s # not a comment\n").root();
            assertThat(root.keys().toList()).hasSize(1);
            assertThat(root.get("format")).contains("%(message)s # not a comment");
        }

        @Test
        void typesAndNamesAreLowerCasedAndKeysCompareWithoutCase() throws Exception {
            Section root = parse("<FileStorage Catalog>\n  PATH /x.fs\n</FILESTORAGE>\n")
                    .root();
            Section fs = root.sections("filestorage").get(0);
            assertThat(fs.name()).isEqualTo("catalog");
            assertThat(fs.get("path")).contains("/x.fs");
            assertThat(fs.values("Path").get(0).key()).isEqualTo("PATH");
        }

        @Test
        void keyAndValueSplitAtTheFirstBlank() throws Exception {
            Section root = parse("exit-codes 0, 2\nempty\n").root();
            assertThat(root.get("exit-codes")).contains("0, 2");
            assertThat(root.get("empty")).contains("");
        }

        @Test
        void emptySectionsHaveNoEndLine() throws Exception {
            Section root =
                    parse("<temporarystorage sessions/>\n<zeo >\n</zeo>\n").root();
            Section empty = root.sections("temporarystorage").get(0);
            assertThat(empty.emptyForm()).isTrue();
            assertThat(empty.name()).isEqualTo("sessions");
            assertThat(root.sections("zeo").get(0).endIndex()).isEqualTo(2);
        }

        @Test
        void sectionNamesAreNotSubstituted() throws Exception {
            Section root =
                    parse("%define x y\n<filestorage $x>\n</filestorage>\n").root();
            assertThat(root.sections("filestorage").get(0).name()).isEqualTo("$x");
        }
    }

    @Nested
    class Substitutions {
        @Test
        void definesAreSubstitutedInValuesAndDefinitions() throws Exception {
            Section root = parse("%define BASE /srv\n%define DATA $base/var\npath ${DATA}/Data.fs\n")
                    .root();
            assertThat(root.get("path")).contains("/srv/var/Data.fs");
        }

        @Test
        void doubleDollarIsADollarAndEnvironmentNamesKeepTheirCase() throws Exception {
            Section root = parse("price $$5\nhome $(HOME)/x\n").root();
            assertThat(root.get("price")).contains("$5");
            assertThat(root.get("home")).contains("/home/zope/x");
        }

        @Test
        void rawValueIsKeptForEditing() throws Exception {
            KeyValue kv = parse("%define a 1\nkey $a\n").root().values("key").get(0);
            assertThat(kv.rawValue()).isEqualTo("$a");
            assertThat(kv.value()).isEqualTo("1");
        }
    }

    @Nested
    class Errors {
        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "<zeo>\\naddress 1\\n|2|never closed",
                    "<zeo>\\n</filestorage>\\n|2|unbalanced section end",
                    "</zeo>\\n|1|never opened",
                    "<zeo\\n|1|malformed section start",
                    "<zeo a b>\\n</zeo>\\n|1|malformed section header",
                    "</zeo\\n|1|malformed section end",
                    "%frobnicate x\\n|1|unknown directive",
                    "%define\\n|1|needs an argument",
                    "path $nowhere/x\\n|1|'nowhere' is not defined",
                    "path ${a\\n|1|not followed by",
                    "cost 5$\\n|1|lone '$'",
                    "home $(NO_SUCH_VARIABLE_HERE)\\n|1|environment variable",
                    "%define a 1\\n%define a 2\\n|2|cannot redefine",
                    "(x y\\n|1|malformed line",
                })
        void carryFileLineAndAPlainSentence(String text, int line, String reason) {
            assertThatThrownBy(() -> parse(text.replace("\\n", "\n")))
                    .isInstanceOfSatisfying(ConfigSyntaxError.class, e -> {
                        assertThat(e.file()).isEqualTo("/etc/test.conf");
                        assertThat(e.line()).isEqualTo(line);
                        assertThat(e.reason()).contains(reason);
                        assertThat(e.getMessage()).startsWith("/etc/test.conf, line " + line + ": ");
                    });
        }
    }

    @Nested
    class Includes {
        private final Map<String, String> files = new HashMap<>();

        private ParsedConfig parseWithFiles(String main) throws ConfigSyntaxError {
            return new ConfigParser(
                            path -> {
                                String text = files.get(path);
                                if (text == null) {
                                    throw new IOException("no such file");
                                }
                                return ConfigDocument.of(path, text);
                            },
                            name -> null)
                    .parse(ConfigDocument.of("/etc/zope/main.conf", main));
        }

        @Test
        void includedSectionsAreSplicedInAndKnowTheirFile() throws Exception {
            files.put("/etc/zope/conf.d/dbs.conf", "<zodb_db catalog>\n  mount-point /$site/catalog\n</zodb_db>\n");
            ParsedConfig config =
                    parseWithFiles("%define site plone\n<section>\n%include conf.d/dbs.conf\n</section>\n");
            Section db =
                    config.root().sections("section").get(0).sections("zodb_db").get(0);
            assertThat(db.file()).isEqualTo("/etc/zope/conf.d/dbs.conf");
            assertThat(db.get("mount-point")).contains("/plone/catalog");
            assertThat(config.documents()).containsOnlyKeys("/etc/zope/main.conf", "/etc/zope/conf.d/dbs.conf");
        }

        @Test
        void eachFileMustBalanceItsOwnSections() {
            files.put("/etc/zope/open.conf", "<zodb_db x>\n");
            assertThatThrownBy(() -> parseWithFiles("%include open.conf\n</zodb_db>\n"))
                    .isInstanceOfSatisfying(
                            ConfigSyntaxError.class, e -> assertThat(e.file()).isEqualTo("/etc/zope/open.conf"));
        }

        @Test
        void aMissingIncludeNamesTheFile() {
            assertThatThrownBy(() -> parseWithFiles("\n%include ../missing.conf\n"))
                    .isInstanceOfSatisfying(ConfigSyntaxError.class, e -> {
                        assertThat(e.line()).isEqualTo(2);
                        assertThat(e.reason()).contains("/etc/missing.conf");
                    });
        }

        @Test
        void includeLoopsAreReported() {
            files.put("/etc/zope/a.conf", "%include main.conf\n");
            assertThatThrownBy(() -> parseWithFiles("%include a.conf\n"))
                    .isInstanceOfSatisfying(
                            ConfigSyntaxError.class, e -> assertThat(e.reason()).contains("include loop"));
        }

        @Test
        void importIsAccepted() throws Exception {
            assertThat(parseWithFiles("%import tempstorage\n").root().children())
                    .isEmpty();
        }
    }
}
