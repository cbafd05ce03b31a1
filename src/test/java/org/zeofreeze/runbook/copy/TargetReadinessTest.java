package org.zeofreeze.runbook.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.RunLock;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.runbook.steps.PreflightStep;
import org.zeofreeze.testing.Fixtures;

/** The pre-flight's findings about the target and the source hosts' crontabs, on this computer. */
class TargetReadinessTest {
    @TempDir
    Path dir;

    final List<RunEvent> events = new ArrayList<>();
    Path buildout;
    Path target;
    Path cron;
    Path sourceFs;

    @BeforeEach
    void setUp() throws Exception {
        buildout = Fixtures.copyTree("guide", dir.resolve("source"));
        target = Files.createDirectories(dir.resolve("target"));
        cron = Files.createDirectories(dir.resolve("cron.d"));
        sourceFs = buildout.resolve("var/filestorage/deepereconomics.org.fs");
        Files.createDirectories(sourceFs.getParent());
        Files.write(sourceFs, new byte[12345]);
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(zeo, Files.readString(zeo).replace("/usr/local/Plone/zeocluster", buildout.toString()));
    }

    void preflight(MigrationTarget t) throws Exception {
        ClusterProfile profile = new ClusterProfile(
                "t", ClusterProfile.local("t", buildout.toString()).hosts(), null, t, null, false);
        RunSetup setup = RunPreparation.prepare(
                profile, Selection.parse(Mode.FREEZE, List.of("deepereconomics.org")), LocalHost::new);
        Journal journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), Clock.systemUTC());
        PreflightStep step = new PreflightStep(new TargetReadiness(List.of(cron.toString())));
        try {
            step.run(new StepRun(step, setup, journal, events::add, new CancelToken(), Clock.systemUTC()));
        } finally {
            RunLock.release(setup, journal);
        }
    }

    MigrationTarget target() {
        return new MigrationTarget("new", "", null, null, target.toString(), List.of());
    }

    List<String> findings() {
        return events.stream()
                .filter(RunEvent.Log.class::isInstance)
                .map(e -> ((RunEvent.Log) e).text())
                .filter(t -> t.startsWith("finding: "))
                .toList();
    }

    String targetState() {
        return events.stream()
                .filter(RunEvent.StepChanged.class::isInstance)
                .map(RunEvent.StepChanged.class::cast)
                .filter(e -> "new".equals(e.host()) && e.state() == StepState.DONE)
                .map(RunEvent.StepChanged::message)
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void aReadyTargetHasNoFindings() throws Exception {
        Files.writeString(cron.resolve("mail"), "0 4 * * * root /usr/local/bin/backup-mail /var/mail\n");

        preflight(target());

        assertThat(findings()).isEmpty();
        assertThat(targetState()).isEqualTo("ready");
    }

    @Test
    void clientCachesAnIndexWithoutItsFileAndAPackJobForTheseStoragesAreEachAFinding() throws Exception {
        Path zec = Files.createDirectories(target.resolve("var/client1")).resolve("client1-deepereconomics.org-1.zec");
        Files.writeString(zec, "cache");
        Path index = Files.createDirectories(target.resolve("var/filestorage")).resolve("deepereconomics.org.fs.index");
        Files.writeString(index, "an index of something else");
        String job = "30 2 * * 6 plone " + buildout + "/bin/zeopack -S deepereconomics.org";
        Files.writeString(
                cron.resolve("zeopack"), "# weekly\n" + job + "\n0 4 * * * root /usr/local/bin/backup-mail\n");

        preflight(target());

        assertThat(findings()).hasSize(3);
        assertThat(findings().get(0))
                .startsWith("finding: " + zec + " on the target is a ZEO client cache: remove it")
                .contains("Client has seen newer transactions than server");
        assertThat(findings().get(1))
                .startsWith("finding: " + index + " on the target has no "
                        + target.resolve("var/filestorage/deepereconomics.org.fs") + " beside it");
        assertThat(findings().get(2))
                .isEqualTo("finding: local, " + cron.resolve("zeopack") + ": \"" + job + "\" packs or "
                        + "backs up these storages: a pack during the migration rewrites the .fs the pre-sync and the copy are "
                        + "sending; suspend the job until the migration is over");
        assertThat(targetState()).isEqualTo("ready; 3 findings to act on before the new site starts");
    }

    @Test
    void theIndexOfTheFileOnTheTargetIsNoFinding() throws Exception {
        Path fs = Files.createDirectories(target.resolve("var/filestorage")).resolve("deepereconomics.org.fs");
        Files.write(fs, new byte[100]);
        Path index = fs.resolveSibling("deepereconomics.org.fs.index");
        Files.writeString(index, "its index");
        Files.setLastModifiedTime(
                index, FileTime.fromMillis(Files.getLastModifiedTime(fs).toMillis() + 1000));

        preflight(target());
        assertThat(findings()).isEmpty();

        Files.setLastModifiedTime(
                index, FileTime.fromMillis(Files.getLastModifiedTime(fs).toMillis() - 1000));
        events.clear();
        preflight(target());
        assertThat(findings()).singleElement().asString().contains(index + " on the target is older than " + fs);
    }

    @Test
    void theFreeSpaceNeededCountsTheRoomThePreSyncMayNeed() throws Exception {
        preflight(target());
        assertThat(String.join(
                        "\n",
                        events.stream()
                                .filter(RunEvent.Log.class::isInstance)
                                .map(e -> ((RunEvent.Log) e).text())
                                .toList()))
                .contains("the pre-sync and the copy need at most " + 2 * 12345);

        events.clear();
        preflight(target().withoutPreSync());
        assertThat(String.join(
                        "\n",
                        events.stream()
                                .filter(RunEvent.Log.class::isInstance)
                                .map(e -> ((RunEvent.Log) e).text())
                                .toList()))
                .contains("the copy needs at most 12345");
    }
}
