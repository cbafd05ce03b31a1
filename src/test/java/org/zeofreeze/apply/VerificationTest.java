package org.zeofreeze.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testing.Engines;

/** The check after writing looks at every storage and database, not only the chosen ones. */
class VerificationTest {
    @TempDir
    Path buildout;

    private Path zeoConf;
    private Path zopeConf;

    @BeforeEach
    void cluster() throws Exception {
        zeoConf =
                Files.createDirectories(buildout.resolve("parts/zeoserver/etc")).resolve("zeo.conf");
        Files.writeString(zeoConf, """
                <zeo>
                  address 8100
                </zeo>
                <filestorage 1>
                  path /srv/Data.fs
                </filestorage>
                <filestorage catalog>
                  path /srv/catalog.fs
                </filestorage>
                <filestorage images>
                  path /srv/images.fs
                </filestorage>
                """);
        zopeConf =
                Files.createDirectories(buildout.resolve("parts/client1/etc")).resolve("zope.conf");
        StringBuilder zope = new StringBuilder();
        for (String[] db :
                new String[][] {{"main", "/", "1"}, {"catalog", "/catalog", "catalog"}, {"images", "/images", "images"}
                }) {
            zope.append("<zodb_db ")
                    .append(db[0])
                    .append(">\n  mount-point ")
                    .append(db[1])
                    .append("\n  <zeoclient>\n    server 8100\n    storage ")
                    .append(db[2])
                    .append("\n    read-only false\n  </zeoclient>\n</zodb_db>\n");
        }
        Files.writeString(zopeConf, zope);
    }

    private Plan applied(Selection choice) throws Exception {
        Plan plan = Engines.plan(buildout, choice);
        for (FileChange change : plan.changes()) {
            Files.write(Path.of(change.path()), change.after());
        }
        return plan;
    }

    private static void replaceIn(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replaceFirst(Pattern.quote(from), to));
    }

    @Test
    void whatThePlanWroteVerifies() throws Exception {
        Plan plan = applied(Selection.freeze("catalog"));
        assertThat(Verification.check(Engines.discover(buildout), plan)).isEmpty();
    }

    @Test
    void aRootDatabaseFrozenBesideTheChosenStorageIsReported() throws Exception {
        Plan plan = applied(Selection.freeze("catalog"));
        replaceIn(zopeConf, "storage 1\n    read-only false", "storage 1\n    read-only true");
        assertThat(Verification.check(Engines.discover(buildout), plan))
                .contains(
                        "the root database 'main' of client1 was not to change but is now read-only (it was writable)");
    }

    @Test
    void anotherStorageFrozenOnTheServerIsReported() throws Exception {
        Plan plan = applied(Selection.freeze("catalog"));
        replaceIn(zeoConf, "path /srv/images.fs", "path /srv/images.fs\n  read-only true");
        assertThat(Verification.check(Engines.discover(buildout), plan))
                .contains("storage zeoserver/images was not to change but is now read-only (it was writable)");
    }

    @Test
    void theRootStorageFrozenOnTheServerIsReported() throws Exception {
        Plan plan = applied(Selection.freeze("catalog"));
        replaceIn(zeoConf, "path /srv/Data.fs", "path /srv/Data.fs\n  read-only true");
        assertThat(Verification.check(Engines.discover(buildout), plan))
                .contains("the root storage zeoserver/1 was not to change but is now read-only (it was writable)");
    }

    @Test
    void aDatabaseThatIsGoneIsReported() throws Exception {
        Plan plan = applied(Selection.freeze("catalog"));
        replaceIn(zopeConf, "<zodb_db images>", "<zodb_db pictures>");
        assertThat(Verification.check(Engines.discover(buildout), plan))
                .contains(
                        "database 'images' of client1 is gone after the edit",
                        "database 'pictures' of client1 appeared after the edit");
    }
}
