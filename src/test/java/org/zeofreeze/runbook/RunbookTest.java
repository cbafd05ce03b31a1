package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.apply.AppliedFile;
import org.zeofreeze.discover.RuntimeReaderTest;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.steps.PreflightStep;
import org.zeofreeze.testing.Fixtures;

/** Which steps a run has, and in what order. */
class RunbookTest {
    @TempDir
    Path dir;

    Runbook runbook(MigrationTarget target, Mode mode, Strategy strategy) throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b" + System.nanoTime()));
        ClusterProfile profile = new ClusterProfile(
                "t", ClusterProfile.local("t", buildout.toString()).hosts(), null, target, null, false);
        RunSetup setup = RunPreparation.prepare(profile, Selection.parse(mode, List.of()), LocalHost::new);
        return Runbook.of(setup, strategy);
    }

    List<String> steps(MigrationTarget target, Mode mode, Strategy strategy) throws Exception {
        return runbook(target, mode, strategy).steps().stream().map(Step::id).toList();
    }

    static MigrationTarget target() {
        return new MigrationTarget("new", "", null, null, "/srv/new", List.of());
    }

    @Test
    void aFreezeWithATargetPreSyncsRightAfterThePreflightInBothStrategies() throws Exception {
        for (Strategy s : Strategy.values()) {
            List<String> ids = steps(target(), Mode.FREEZE, s);
            // Before anything is stopped or written: the site is still live and writable.
            assertThat(ids).as(s.text()).startsWith("preflight", "presync").contains("copy");
            assertThat(ids).containsOnlyOnce("presync");
        }
    }

    @Test
    void noPreSyncWhenTheProfileTurnsItOffWithoutATargetOrForAThaw() throws Exception {
        for (Strategy s : Strategy.values()) {
            assertThat(steps(target().withoutPreSync(), Mode.FREEZE, s))
                    .as(s.text())
                    .doesNotContain("presync")
                    .contains("copy");
            assertThat(steps(null, Mode.FREEZE, s)).doesNotContain("presync");
            assertThat(steps(target(), Mode.THAW, s)).doesNotContain("presync");
        }
    }

    @Test
    void aRollingRollbackUndoesEveryStepNewestFirst() throws Exception {
        Runbook rolling = runbook(target(), Mode.FREEZE, Strategy.ROLLING);
        List<StepAction> forward = rolling.steps().stream().map(Step::action).toList();

        List<StepAction> back = rolling.rollbackActions();
        assertThat(back)
                .hasSameSizeAs(forward)
                .startsWith(forward.get(forward.size() - 1))
                .endsWith(forward.get(0));
        // the server is put back writable before the clients are
        int server = back.indexOf(back.stream()
                .filter(a -> a instanceof StepAction.RestartServer)
                .findFirst()
                .orElseThrow());
        assertThat(back.subList(server, back.size()))
                .filteredOn(a -> a instanceof StepAction.RollClient)
                .hasSize(2);
    }

    @Test
    void aFullStopRollbackPutsTheMaintenancePageUpBeforeItStopsTheSite() throws Exception {
        // A full-stop run that ended has turned maintenance off: rolling it back takes the site down again.
        assertThat(runbook(target(), Mode.FREEZE, Strategy.FULL_STOP).rollbackActions())
                .containsExactly(
                        new StepAction.Maintenance(true),
                        new StepAction.StopAll(),
                        new StepAction.RestoreAll(),
                        new StepAction.StartAll(),
                        new StepAction.Maintenance(false));
    }

    /** The guide's cluster moving its site storage to a new server's buildout in the temp directory. */
    RunSetup moveSetup() throws Exception {
        return moveSetup(buildout -> {});
    }

    interface Edit {
        void to(Path buildout) throws Exception;
    }

    RunSetup moveSetup(Edit edit) throws Exception {
        return moveSetup(edit, t -> t);
    }

    RunSetup moveSetup(Edit edit, UnaryOperator<MigrationTarget> targetAs) throws Exception {
        return moveSetup(edit, targetAs, false);
    }

    /** {@code retire}: the move ends by retiring the moved storage from the old server ({@code --move --retire}). */
    RunSetup moveSetup(Edit edit, UnaryOperator<MigrationTarget> targetAs, boolean retire) throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("m" + System.nanoTime()));
        try (Stream<Path> files = Files.walk(buildout)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(f, Files.readString(f).replace("/usr/local/Plone/zeocluster", buildout.toString()));
            }
        }
        edit.to(buildout);
        Path target = dir.resolve("new" + System.nanoTime());
        Files.createDirectories(target.resolve("parts/zeoserver/etc"));
        Files.writeString(
                target.resolve("parts/zeoserver/etc/zeo.conf"),
                "<zeo>\n  address 127.0.0.1:8200\n</zeo>\n<filestorage 1>\n  path " + target
                        + "/var/Data.fs\n</filestorage>\n");
        ClusterProfile profile = new ClusterProfile(
                "t",
                ClusterProfile.local("t", buildout.toString()).hosts(),
                null,
                targetAs.apply(new MigrationTarget("new", "", null, null, target.toString(), List.of())),
                null,
                false);
        return RunPreparation.prepareMove(profile, Selection.parse(Mode.FREEZE, List.of()), LocalHost::new, retire);
    }

    @Test
    void aRollingMovesReasonGivesTheMovesTwoRollsAfterTheFreezesOrder() throws Exception {
        RunSetup setup = moveSetup();

        StrategyDecision decision = Runs.decide(setup, Optional.empty());

        assertThat(decision.strategy()).isEqualTo(Strategy.ROLLING);
        assertThat(decision.reason())
                .contains("each of the 2 clients in turn restarts with its databases read-only")
                .contains("then zeoserver@new serves the copies read-only, each of the 2 clients of the moved storages "
                        + "in turn is pointed at it still read-only, and only after the last of them each in turn is "
                        + "made writable there");
    }

    @Test
    void aMoveRunsAfterTheVerifiedCopyAndBeginsItsSecondRollOnlyAfterTheLastClientOfTheFirst() throws Exception {
        List<String> ids = Runbook.of(moveSetup(), Strategy.ROLLING).steps().stream()
                .map(Step::id)
                .toList();

        assertThat(ids)
                .containsSubsequence(
                        "verify",
                        "copy",
                        "move-target:serve",
                        "move-switch:local/client1",
                        "move-switch:local/client2",
                        "move-target:writable",
                        "move-writable:local/client1",
                        "move-writable:local/client2",
                        "move-verify");
        assertThat(ids.indexOf("move-target:writable"))
                .isGreaterThan(ids.lastIndexOf(ids.stream()
                        .filter(i -> i.startsWith("move-switch:"))
                        .reduce((a, b) -> b)
                        .orElseThrow()));
    }

    @Test
    void aFullStopMoveServesTheCopyAtTheTargetAfterTheCopyThenSwitchesEveryClientWithThemAllDown() throws Exception {
        RunSetup setup = moveSetup();
        Runbook runbook = Runs.prepare(setup, Optional.of(Strategy.FULL_STOP)).runbook();
        List<String> ids = runbook.steps().stream().map(Step::id).toList();

        assertThat(ids)
                .containsSubsequence(
                        "maintenance-on",
                        "stop",
                        "apply",
                        "start",
                        "verify",
                        "copy",
                        "move-target:serve",
                        "move-all",
                        "move-verify",
                        "maintenance-off");
        assertThat(ids)
                .noneMatch(i -> i.startsWith("move-switch:")
                        || i.startsWith("move-writable:")
                        || i.equals("move-target:writable"));
        Step all = runbook.steps().get(ids.indexOf("move-all"));
        assertThat(all.takesClusterDown() && all.bringsClusterUp())
                .as("down and up again within the step")
                .isTrue();
        // its rollback takes the target back (stopped if the run started it) before the files are restored
        assertThat(runbook.rollbackActions())
                .containsExactly(
                        new StepAction.Maintenance(true),
                        new StepAction.StopAll(),
                        new StepAction.MoveTarget(MovePlan.Phase.SERVE),
                        new StepAction.RestoreAll(),
                        new StepAction.StartAll(),
                        new StepAction.Maintenance(false));
    }

    @Test
    void aMoveWhoseClientsRunZeo4IsMadeByFullStopBecauseItsTargetWouldRestartUnderThem() throws Exception {
        RunSetup setup = moveSetup(buildout -> {
            for (String client : List.of("client1", "client2")) {
                RuntimeReaderTest.eggScript(buildout, client, "4.3.1", "4.4.5");
            }
        });
        StrategyDecision chosen = Runs.decide(setup, Optional.empty());
        assertThat(chosen.strategy()).isEqualTo(Strategy.FULL_STOP);
        assertThat(chosen.reason()).contains("client1 runs ZEO 4.3.1", "the move's target");
        assertThat(chosen.notes()).anySatisfy(n -> assertThat(n).contains("whole site is down", "at the target"));
        assertThat(Runs.decide(setup, Optional.of(Strategy.ROLLING)).refusal()).contains("not safe", "ZEO 4.3.1");
        // ZEO 5 and later wait through the target's restart: rolling
        assertThat(Runs.decide(moveSetup(), Optional.empty()).strategy()).isEqualTo(Strategy.ROLLING);
    }

    @Test
    void theTargetsOwnProcessControlRunsItsServerAndOnlyItsServer() throws Exception {
        ProcessControl own = new ProcessControl.Custom(
                List.of("systemctl", "start", "{part}"),
                List.of("systemctl", "stop", "{part}"),
                List.of("systemctl", "is-active", "{part}"));
        RunSetup setup = moveSetup(b -> {}, t -> t.withControl(own));

        assertThat(ProcessSteps.control(setup, setup.move().server())).isEqualTo(own);
        assertThat(setup.servers())
                .allSatisfy(s -> assertThat(ProcessSteps.control(setup, s))
                        .isEqualTo(setup.profile().control()));
        assertThat(setup.clients())
                .allSatisfy(c -> assertThat(ProcessSteps.control(setup, c))
                        .isEqualTo(setup.profile().control()));
        // without one, the profile's
        RunSetup plain = moveSetup();
        assertThat(ProcessSteps.control(plain, plain.move().server()))
                .isEqualTo(plain.profile().control());
    }

    @Test
    void aMovesRollbackIsRefusedOnceAClientWasGivenWriteAccessAtTheTarget() throws Exception {
        RunSetup setup = moveSetup();
        Runbook runbook = Runbook.of(setup, Strategy.ROLLING);
        Journal journal = RunPreparation.journal(setup, runbook, dir.resolve("journals"), Clock.systemUTC());
        // the target writable, no client yet: still reversible
        FileChange targetConf = setup.move().plan().writable().get(0);
        journal.append(new JournalEntry.FileWriting(
                journal.now(),
                targetConf.host(),
                new AppliedFile(targetConf.path(), "/b", targetConf.beforeSha256(), targetConf.afterSha256())));
        assertThat(runbook.rollbackRefusal(setup, journal)).isEmpty();

        FileChange client = setup.move().plan().writable().stream()
                .filter(c -> c.path().endsWith("client1/etc/zope.conf"))
                .findFirst()
                .orElseThrow();
        journal.append(new JournalEntry.FileWriting(
                journal.now(),
                client.host(),
                new AppliedFile(client.path(), "/b", client.beforeSha256(), client.afterSha256())));
        assertThat(runbook.rollbackRefusal(setup, journal))
                .hasValueSatisfying(
                        why -> assertThat(why).contains("second roll", "deepereconomics.org", "move them back"));
    }

    @Test
    void aMoveAskedToRetireEndsWithTheRetireRightAfterItsVerificationAndOnlyThen() throws Exception {
        RunSetup setup = moveSetup(b -> {}, t -> t, true);
        List<String> rolling = Runbook.of(setup, Strategy.ROLLING).steps().stream()
                .map(Step::id)
                .toList();
        List<String> fullStop = Runs.prepare(setup, Optional.of(Strategy.FULL_STOP)).runbook().steps().stream()
                .map(Step::id)
                .toList();

        assertThat(rolling).endsWith("move-verify", "move-retire").containsOnlyOnce("move-retire");
        // after the maintenance page is down: a retire that fails is put back with the site serving
        assertThat(fullStop).endsWith("move-verify", "maintenance-off", "move-retire");
        Step retire = Runbook.of(setup, Strategy.ROLLING).steps().get(rolling.size() - 1);
        assertThat(retire.action()).isEqualTo(new StepAction.MoveRetire());
        assertThat(retire.restartsInPlace()).as("undone at once when it fails").isTrue();
        assertThat(retire.hosts(setup)).containsExactly("local");
        // without --retire there is none
        assertThat(Runbook.of(moveSetup(), Strategy.ROLLING).steps())
                .extracting(Step::id)
                .doesNotContain("move-retire");
    }

    @Test
    void theReviewedRetireTravelsInTheJournalSoAResumeWritesExactlyIt() throws Exception {
        RunSetup setup = moveSetup(b -> {}, t -> t, true);
        Journal journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.ROLLING), dir.resolve("journals"), Clock.systemUTC());

        Journal read = Journal.open(journal.file(), Clock.systemUTC());
        List<FileChange> again = read.header().move().retire();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).before()).isEqualTo(setup.retireChanges().get(0).before());
        assertThat(again.get(0).after()).isEqualTo(setup.retireChanges().get(0).after());
    }

    @Test
    void aMoveWhoseRetireWroteIsStillReadFromItsJournalAndItsRollbackRefusedForTheMovesReason() throws Exception {
        RunSetup setup = moveSetup(b -> {}, t -> t, true);
        Runbook runbook = Runbook.of(setup, Strategy.ROLLING);
        Journal journal = RunPreparation.journal(setup, runbook, dir.resolve("journals"), Clock.systemUTC());
        FileChange client = setup.move().plan().writable().stream()
                .filter(c -> c.path().endsWith("client1/etc/zope.conf"))
                .findFirst()
                .orElseThrow();
        journal.append(new JournalEntry.FileWriting(
                journal.now(),
                client.host(),
                new AppliedFile(client.path(), "/b", client.beforeSha256(), client.afterSha256())));
        // the retire wrote: the site storage is gone from the old server's zeo.conf
        FileChange zeoConf = setup.retireChanges().get(0);
        Files.write(Path.of(zeoConf.path()), zeoConf.after());

        RunSetup again = RunPreparation.fromJournal(Journal.open(journal.file(), Clock.systemUTC()), LocalHost::new);

        assertThat(again.retires()).isTrue();
        assertThat(again.retireChanges().get(0).after()).isEqualTo(zeoConf.after());
        Runbook resumed = Runbook.of(again, journal);
        assertThat(resumed.steps()).extracting(Step::id).endsWith("move-verify", "move-retire");
        assertThat(resumed.rollbackRefusal(again, journal))
                .hasValueSatisfying(why -> assertThat(why).contains("second roll", "move them back"));
    }

    /** The guide's cluster after an earlier move of its site: read-only at the old server, every client reading it elsewhere. */
    RunSetup retireSetup() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("r" + System.nanoTime()));
        try (Stream<Path> files = Files.walk(buildout)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(
                        f,
                        Files.readString(f)
                                .replace("/usr/local/Plone/zeocluster", buildout.toString())
                                .replace(
                                        "<filestorage deepereconomics.org>\n",
                                        "<filestorage deepereconomics.org>\n  read-only true\n")
                                .replace(
                                        "server 127.0.0.1:8100\nstorage deepereconomics.org",
                                        "server 10.0.0.2:8100\nstorage deepereconomics.org"));
            }
        }
        ClusterProfile profile = new ClusterProfile(
                "t", ClusterProfile.local("t", buildout.toString()).hosts(), null, target(), null, false);
        return RunPreparation.prepareRetire(
                profile, Selection.parse(Mode.FREEZE, List.of("deepereconomics.org")), LocalHost::new);
    }

    @Test
    void aRetireOnItsOwnIsThePreflightAndTheRetireRestartingTheOldServerAloneAndRollsBackByItsUndo() throws Exception {
        RunSetup setup = retireSetup();
        Runbook runbook = Runs.prepare(setup, Optional.empty()).runbook();

        assertThat(runbook.strategy()).isEqualTo(Strategy.ROLLING);
        assertThat(runbook.steps()).extracting(Step::id).containsExactly("preflight", "move-retire");
        assertThat(runbook.rollbackActions()).containsExactly(new StepAction.MoveRetire(), new StepAction.Preflight());
        assertThat(Runs.decide(setup, Optional.empty()).reason()).contains("zeoserver@local restarts alone");
        assertThat(Runs.decide(setup, Optional.of(Strategy.FULL_STOP)).refusal())
                .contains("has no full stop", "without --strategy full-stop");
        // the pre-flight does not wait for a copy to the profile's target: there is none
        assertThat(new PreflightStep().hosts(setup)).containsExactly("local");
    }

    @Test
    void aRetireOnItsOwnResumesFromItsJournalWithTheReviewedFiles() throws Exception {
        RunSetup setup = retireSetup();
        Journal journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.ROLLING), dir.resolve("journals"), Clock.systemUTC());

        RunSetup again = RunPreparation.fromJournal(Journal.open(journal.file(), Clock.systemUTC()), LocalHost::new);
        assertThat(again.retiresOnly()).isTrue();
        assertThat(again.retired()).isEqualTo(setup.retired());
        assertThat(again.retireChanges().get(0).after())
                .isEqualTo(setup.retireChanges().get(0).after());
        assertThat(Runbook.of(again, journal).steps()).extracting(Step::id).containsExactly("preflight", "move-retire");
        // once written, the storage is gone from the old server: the journal still rolls it back
        FileChange zeoConf = setup.retireChanges().get(0);
        Files.write(Path.of(zeoConf.path()), zeoConf.after());
        RunSetup written = RunPreparation.fromJournal(Journal.open(journal.file(), Clock.systemUTC()), LocalHost::new);
        assertThat(written.retired()).isEqualTo(setup.retired());
        assertThat(Runbook.of(written, journal).rollbackActions())
                .containsExactly(new StepAction.MoveRetire(), new StepAction.Preflight());
    }
}
