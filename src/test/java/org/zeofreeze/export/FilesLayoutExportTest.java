package org.zeofreeze.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.PartFile;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.testing.Fixtures;

/** The Ansible export of a cluster that is no buildout: the named files, its control, its clients' HTTP addresses. */
class FilesLayoutExportTest {
    @TempDir
    Path dir;

    @Test
    void theExportCarriesTheNamedFilesAndControlsThePartsWithTheProfilesSupervisor() throws Exception {
        Path home = dir.resolve("srv/plone");
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("var/filestorage"));
        Files.writeString(home.resolve("var/filestorage/Data.fs"), "root");
        Files.writeString(home.resolve("var/filestorage/catalog.fs"), "catalog");
        Files.writeString(
                home.resolve("etc/zeo.conf"),
                ("<zeo>\n  address 127.0.0.1:18900\n</zeo>\n<filestorage 1>\n  path H/var/filestorage/Data.fs\n"
                                + "</filestorage>\n<filestorage catalog>\n  path H/var/filestorage/catalog.fs\n"
                                + "</filestorage>\n")
                        .replace("H", home.toString()));
        Files.writeString(
                home.resolve("etc/client1.conf"),
                "<zodb_db main>\n  <zeoclient>\n    server 127.0.0.1:18900\n    storage 1\n  </zeoclient>\n"
                        + "  mount-point /\n</zodb_db>\n<zodb_db catalog>\n  <zeoclient>\n    server 127.0.0.1:18900\n"
                        + "    storage catalog\n  </zeoclient>\n  mount-point /catalog\n</zodb_db>\n");
        ClusterProfile profile = new ClusterProfile(
                "hand-kept",
                List.of(Fixtures.localFilesHost(
                        "zeo",
                        null,
                        new PartFile("zeoserver", home + "/etc/zeo.conf", null),
                        List.of(new PartFile("client1", home + "/etc/client1.conf", "127.0.0.1:18901")),
                        null)),
                new ProcessControl.Supervisor("/srv/sv/bin/supervisorctl", null, "/srv/plone/etc/supervisord.conf"),
                null,
                null,
                false);
        RunSetup setup = RunPreparation.prepare(profile, Selection.parse(Mode.FREEZE, List.of()), LocalHost::new);

        AnsibleExport export = AnsibleExport.of(setup, Strategy.ROLLING, Instant.parse("2026-01-01T00:00:00Z"));
        String site = new String(export.files().get("site.yml"), StandardCharsets.UTF_8);

        assertThat(setup.plan().changes())
                .extracting(FileChange::path)
                .containsExactlyInAnyOrder(home + "/etc/zeo.conf", home + "/etc/client1.conf");
        for (FileChange c : setup.plan().changes()) {
            assertThat(export.files().values()).anySatisfy(b -> assertThat(b).isEqualTo(c.after()));
            assertThat(site).contains(c.beforeSha256());
        }
        assertThat(site)
                .contains("/srv/sv/bin/supervisorctl", "/srv/plone/etc/supervisord.conf", "127.0.0.1:18901")
                .doesNotContain("/bin/zeoserver")
                .doesNotContain("wsgi.ini");
    }
}
