package org.zeofreeze.discover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.RuntimeVersions;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;

/**
 * The Python, ZEO and ZODB a part runs, read from its bin/ script as zc.buildout writes it (never
 * run), and what the strategy makes of a ZEO 4 client.
 */
public class RuntimeReaderTest {
    @TempDir
    Path dir;

    /** bin/PART as zc.buildout 1.x/2.x writes it for a Plone 4.3 buildout on Python 2.7: one egg per distribution. */
    public static void eggScript(Path buildout, String part, String zeo, String zodb) throws Exception {
        Files.createDirectories(buildout.resolve("bin"));
        Files.writeString(buildout.resolve("bin/" + part), """
                #!/usr/local/Plone/Python-2.7/bin/python2.7

                import sys
                sys.path[0:0] = [
                  '/usr/local/Plone/buildout-cache/eggs/plone.recipe.zope2instance-4.4.1-py2.7.egg',
                  '/usr/local/Plone/buildout-cache/eggs/ZEO-%s-py2.7.egg',
                  "/usr/local/Plone/buildout-cache/eggs/ZODB-%s-py2.7.egg",
                  ]

                import plone.recipe.zope2instance.ctl
                """.formatted(zeo, zodb));
    }

    @Test
    void eggsNameTheVersionsAndThePython() throws Exception {
        eggScript(dir, "client1", "4.3.1", "4.4.5");
        assertThat(new RuntimeReader(new LocalHost()).read(dir.toString(), "client1"))
                .isEqualTo(new RuntimeVersions("2.7", "4.3.1", "4.4.5"));
    }

    @Test
    void aSitePackagesDirectoryIsListedForItsDistributions() throws Exception {
        Path site = Files.createDirectories(dir.resolve("venv/lib/python3.8/site-packages"));
        Files.createDirectories(site.resolve("ZEO-5.4.1.dist-info"));
        Files.createDirectories(site.resolve("ZODB-5.8.1.dist-info"));
        Files.createDirectories(site.resolve("ZConfig-3.6.1.dist-info"));
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(
                dir.resolve("bin/zeoserver"),
                "#!" + dir.resolve("venv/bin/python") + "\n\nimport sys\n" + "sys.path[0:0] = [\n  '" + site
                        + "',\n  ]\n");
        assertThat(new RuntimeReader(new LocalHost()).read(dir.toString(), "zeoserver"))
                .isEqualTo(new RuntimeVersions("3.8", "5.4.1", "5.8.1"));
    }

    @Test
    void withoutAScriptNothingIsKnownAndCodeInItIsNeverRun() throws Exception {
        assertThat(new RuntimeReader(new LocalHost())
                        .read(dir.toString(), "client1")
                        .known())
                .isFalse();
        Files.createDirectories(dir.resolve("bin"));
        Path marker = dir.resolve("ran");
        Files.writeString(
                dir.resolve("bin/client2"),
                "#!/root/.pyenv/versions/3.6.15/bin/python\nimport os\n" + "sys.path[0:0] = [open('" + marker
                        + "', 'w').name]\n");
        RuntimeVersions r = new RuntimeReader(new LocalHost()).read(dir.toString(), "client2");
        assertThat(r).isEqualTo(new RuntimeVersions("3.6", null, null));
        assertThat(marker).doesNotExist();
    }

    @Test
    void theClusterShowsWhatEachPartRuns() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        eggScript(buildout, "client1", "4.3.1", "4.4.5");
        ZopeClient client1 = Engines.discover(buildout).cluster().clients().get(0);
        assertThat(client1.runtime().describe()).contains("Python 2.7, ZEO 4.3.1, ZODB 4.4.5");
    }

    @Test
    void aZeo4ClientMakesTheRollingRestartOfZeoUnsafeTheFullStopIsChosenAndSaysWhy() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        eggScript(buildout, "client1", "4.3.1", "4.4.5");
        eggScript(buildout, "client2", "4.3.1", "4.4.5");
        RunSetup setup = RunPreparation.prepare(
                ClusterProfile.local("t", buildout.toString()), Selection.freeze(), LocalHost::new);

        Runs.Prepared chosen = Runs.prepare(setup, Optional.empty());
        assertThat(chosen.decision().strategy()).isEqualTo(Strategy.FULL_STOP);
        assertThat(chosen.decision().reason()).contains("client1 runs ZEO 4.3.1", "fail at once", "zeoserver alone");
        assertThat(Runs.decide(setup, Optional.of(Strategy.ROLLING)).refusal()).contains("not safe", "ZEO 4.3.1");

        // The same cluster on ZEO 5: rolling.
        eggScript(buildout, "client1", "5.2.3", "5.6.0");
        eggScript(buildout, "client2", "5.2.3", "5.6.0");
        RunSetup zeo5 = RunPreparation.prepare(
                ClusterProfile.local("t", buildout.toString()), Selection.freeze(), LocalHost::new);
        assertThat(Runs.prepare(zeo5, Optional.empty()).decision().strategy()).isEqualTo(Strategy.ROLLING);
    }
}
