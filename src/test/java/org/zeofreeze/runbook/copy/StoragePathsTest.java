package org.zeofreeze.runbook.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RecordingHost;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.runbook.steps.FileModeStep;
import org.zeofreeze.runbook.steps.PreflightStep;
import org.zeofreeze.testing.Fixtures;

/**
 * A storage's {@code path} or {@code blob-dir} is data from a config file: one that is not
 * absolute (an option such as {@code --log-file=/x}, a remote {@code host:file}, a relative
 * name) stops the run before any tool sees it.
 */
class StoragePathsTest {
    @TempDir
    Path dir;

    final RecordingHost host = new RecordingHost("local");
    final List<RunEvent> events = new ArrayList<>();

    RunSetup setupWith(String path, String blobDir, MigrationTarget target) throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(
                zeo,
                Files.readString(zeo)
                        .replace(
                                "path /usr/local/Plone/zeocluster/var/filestorage/deepereconomics.org.fs",
                                "path " + path)
                        .replace(
                                "blob-dir /usr/local/Plone/zeocluster/var/blobstorage-deepereconomics.org",
                                "blob-dir " + blobDir));
        ClusterProfile local = ClusterProfile.local("t", buildout.toString());
        ClusterProfile profile = new ClusterProfile("t", local.hosts(), null, target, null, true);
        return RunPreparation.prepare(
                profile, Selection.parse(Mode.FREEZE, List.of("deepereconomics.org")), name -> host);
    }

    void run(Step step, RunSetup setup) throws Exception {
        Journal journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), Clock.systemUTC());
        step.run(new StepRun(step, setup, journal, events::add, new CancelToken(), Clock.systemUTC()));
    }

    @Test
    void preflightRefusesAPathThatWouldBeAnOptionAndNamesTheFileAndLine() throws Exception {
        RunSetup setup = setupWith("--log-file=/tmp/x", "/srv/blobs", null);

        assertThatThrownBy(() -> run(new PreflightStep(), setup))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("zeo.conf:")
                .hasMessageContaining("the path of storage 'deepereconomics.org' on local is '--log-file=/tmp/x', "
                        + "not an absolute path")
                .hasMessageContaining("Nothing was changed");
        assertThat(host.commands).isEmpty();
    }

    @Test
    void preflightRefusesACopyOntoItsOwnSourceWhenTheTargetIsThisComputerToo() throws Exception {
        // The storage lies outside the buildout: it keeps its absolute path at the target, here the same file.
        MigrationTarget here =
                new MigrationTarget("new", "", null, null, dir.resolve("new").toString(), List.of());
        RunSetup setup = setupWith("/srv/outside/Data.fs", "/srv/outside/blobs", here);

        assertThatThrownBy(() -> run(new PreflightStep(), setup))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining(
                        "/srv/outside/Data.fs (storage 'deepereconomics.org') lies outside the source's " + "directory")
                .hasMessageContaining("/srv/outside/blobs")
                .hasMessageContaining("the copy would be the file itself")
                .hasMessageContaining("Nothing was changed");
        assertThat(host.commands).isEmpty();
        assertThat(CopyStep.ontoThemselves(setupWith("/srv/outside/Data.fs", "/srv/outside/blobs", null)))
                .as("no target, no copy")
                .isEmpty();
    }

    @Test
    void preflightRefusesABlobDirectoryNamingAnotherHost() throws Exception {
        RunSetup setup = setupWith("/srv/Data.fs", "zeo2:/srv/blobs", null);

        assertThatThrownBy(() -> run(new PreflightStep(), setup))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("the blob-dir of storage 'deepereconomics.org' on local is 'zeo2:/srv/blobs', "
                        + "not an absolute path");
        assertThat(host.commands).isEmpty();
    }

    @Test
    void chmodRefusesARelativePathEvenWhenSuchAFileExists() throws Exception {
        // Relative to the working directory, where the tools would find it.
        Path relative = Path.of("target", "storage-paths-test", "Data.fs");
        Files.createDirectories(relative.getParent());
        Files.writeString(relative, "FS21");
        Files.setPosixFilePermissions(relative, PosixFilePermissions.fromString("rw-r--r--"));
        RunSetup setup = setupWith(relative.toString(), "/srv/blobs", null);

        assertThatThrownBy(() -> run(FileModeStep.readOnlyOnDisk(), setup))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("'" + relative + "', not an absolute path");
        assertThat(host.commands).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(relative)))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void theCopyRefusesARelativePathBeforeRsyncSeesIt() throws Exception {
        Path target = Files.createDirectories(dir.resolve("target"));
        RunSetup setup = setupWith(
                "target/storage-paths-test/Data.fs",
                "/srv/blobs",
                new MigrationTarget("new", "", null, null, target.toString(), List.of()));

        assertThatThrownBy(() -> run(new CopyStep(), setup))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("'target/storage-paths-test/Data.fs', not an absolute path");
        assertThat(host.commands).noneMatch(argv -> argv.get(0).equals("rsync"));
    }

    @Test
    void chmodPassesThePathAfterTheEndOfOptions() throws Exception {
        Path fs = Files.writeString(dir.resolve("Data.fs"), "FS21");
        RunSetup setup = setupWith(fs.toString(), "/srv/blobs", null);

        run(FileModeStep.readOnlyOnDisk(), setup);

        assertThat(host.commands)
                .filteredOn(argv -> argv.get(0).equals("chmod"))
                .singleElement()
                .satisfies(argv ->
                        assertThat(argv.subList(argv.size() - 2, argv.size())).containsExactly("--", fs.toString()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fs)))
                .doesNotContain("w");
    }
}
