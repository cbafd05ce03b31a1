package org.zeofreeze.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;

/**
 * A freeze by ZeoFreeze and its thaw leave every file byte for byte as it was: a read-only line the
 * freeze inserted is taken out again, one the admin wrote is flipped back, and a file edited since
 * the freeze gets the flip, never a removal.
 */
class FreezeHistoryTest {
    @TempDir
    Path dir;

    private Path buildout() throws Exception {
        Path b = dir.resolve("b");
        Files.createDirectories(b.resolve("parts/zeoserver/etc"));
        Files.writeString(b.resolve("parts/zeoserver/etc/zeo.conf"), """
                <zeo>
                  address 8100
                </zeo>
                <filestorage 1>
                  path /srv/Data.fs
                </filestorage>
                <filestorage catalog>
                  path /srv/catalog.fs
                </filestorage>
                """);
        for (String client : new String[] {"client1", "client2"}) {
            Files.createDirectories(b.resolve("parts/" + client + "/etc"));
            Files.writeString(b.resolve("parts/" + client + "/etc/zope.conf"), """
                    <zodb_db main>
                        <zeoclient>
                          read-only false
                          server 8100
                          storage 1
                        </zeoclient>
                        mount-point /
                    </zodb_db>
                    <zodb_db catalog>
                        <zeoclient>
                          server 8100
                          storage catalog
                        </zeoclient>
                        mount-point /catalog
                    </zodb_db>
                    <zodb_db site>
                        <zeoclient>
                          read-only false
                          server 8100
                          storage catalog
                        </zeoclient>
                        mount-point /site
                    </zodb_db>
                    """);
        }
        return b;
    }

    private static void apply(Path buildout, Plan plan) throws Exception {
        Discovery d = Engines.discover(buildout);
        new ConfigApplier(name -> new LocalHost(name), Clock.systemUTC())
                .apply(plan, d.cluster().buildouts());
    }

    private static Plan thaw(Path buildout) throws Exception {
        Discovery d = Engines.discover(buildout);
        return FreezeHistory.planner(Mode.THAW, d, LocalHost::new).plan(d, Selection.thaw());
    }

    @Test
    void aFreezeAndItsThawLeaveEveryFileAsItWas() throws Exception {
        Path b = buildout();
        Map<String, byte[]> before = Fixtures.snapshot(b.resolve("parts"));
        apply(b, Engines.plan(b, Selection.freeze("catalog")));
        assertThat(Files.readString(b.resolve("parts/client1/etc/zope.conf")))
                .contains("storage catalog\n      read-only true");

        Plan thaw = thaw(b);
        // The inserted lines go; the admin's 'read-only false' that the freeze flipped is flipped back.
        assertThat(thaw.patch("local"))
                .contains(
                        "-      read-only true\n     </zeoclient>\n     mount-point /catalog",
                        "-      read-only true\n+      read-only false\n",
                        "-  read-only true\n </filestorage>");
        apply(b, thaw);
        Map<String, byte[]> after = new TreeMap<>(Fixtures.snapshot(b.resolve("parts")));
        after.keySet().removeIf(name -> name.endsWith(".bak")); // the backups the two applies left beside
        assertThat(after).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aFileEditedSinceTheFreezeGetsReadOnlyFalseNotARemoval() throws Exception {
        Path b = buildout();
        apply(b, Engines.plan(b, Selection.freeze("catalog")));
        Path zopeConf = b.resolve("parts/client2/etc/zope.conf");
        Files.writeString(zopeConf, Files.readString(zopeConf) + "# edited by hand\n");

        String patch = thaw(b).patch("local");
        // client1 is as the freeze wrote it: its inserted line goes; client2 was edited since: flipped.
        assertThat(patch).contains("--- a/parts/client2/etc/zope.conf");
        String client2 = patch.substring(patch.indexOf("--- a/parts/client2/etc/zope.conf"));
        client2 = client2.contains("--- a/parts/zeoserver")
                ? client2.substring(0, client2.indexOf("--- a/parts/zeoserver"))
                : client2;
        assertThat(client2).contains("+      read-only false\n     </zeoclient>\n     mount-point /catalog");
        String client1 = patch.substring(
                patch.indexOf("--- a/parts/client1/etc/zope.conf"), patch.indexOf("--- a/parts/client2/etc/zope.conf"));
        assertThat(client1).contains("-      read-only true\n     </zeoclient>\n     mount-point /catalog");
    }

    @Test
    void withoutRecordsAThawWritesWhatTheRecipesWrite() throws Exception {
        Path b = buildout();
        apply(b, Engines.plan(b, Selection.freeze("catalog")));
        Discovery d = Engines.discover(b);
        String plain = new Planner().plan(d, Selection.thaw()).patch("local");
        assertThat(plain).contains("+      read-only false\n     </zeoclient>\n     mount-point /catalog");
    }
}
