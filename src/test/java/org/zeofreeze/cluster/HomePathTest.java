package org.zeofreeze.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ConfigParser;

/** A storage's path and blob-dir are what ZEO opens: '~' expanded as Python's os.path.expanduser does. */
class HomePathTest {
    private static Storage storage(String path, UnaryOperator<String> env, ClusterBuilder reader) throws Exception {
        String text = "<zeo>\naddress 8100\n</zeo>\n<filestorage x>\n  path " + path + "\n  blob-dir " + path
                + "\n</filestorage>\n";
        var config = new ConfigParser(p -> null, env).parse(ConfigDocument.of("/b/parts/zeoserver/etc/zeo.conf", text));
        return reader.readServer("local", "zeoserver", config).storages().get(0);
    }

    @ParameterizedTest(name = "{0} with HOME={1}")
    @CsvSource({
        "~/var/x.fs, /home/zope, /home/zope/var/x.fs",
        "~/var/x.fs, /home/zope/, /home/zope/var/x.fs",
        "~, /home/zope, /home/zope",
        "~, /, /",
        "/srv/~/x.fs, /home/zope, /srv/~/x.fs",
        "var~/x.fs, /home/zope, var~/x.fs",
    })
    void tildeIsTheHomeOfTheEnvironmentTheFileIsReadWith(String written, String home, String expected)
            throws Exception {
        ClusterBuilder reader = new ClusterBuilder();
        Storage s = storage(written, Map.of("HOME", home)::get, reader);
        assertThat(s.path()).isEqualTo(expected);
        assertThat(s.blobDir()).isEqualTo(expected);
        assertThat(reader.findings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"~zope/var/x.fs", "~/var/x.fs"})
    void aHomeThatCannotBeKnownLeavesThePathAsWrittenWithAWarning(String written) throws Exception {
        ClusterBuilder reader = new ClusterBuilder();
        Storage s = storage(written, name -> null, reader);
        assertThat(s.path()).isEqualTo(written);
        assertThat(reader.findings())
                .anySatisfy(f -> assertThat(f.message())
                        .contains("'path " + written + "'")
                        .contains("write the absolute path"));
    }
}
