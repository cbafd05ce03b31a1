package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.journal.JournalHeader;
import org.zeofreeze.runbook.journal.RunLock;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.RunHandle;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.session.StepLabel;

class RunbookLauncherTest {
    @TempDir
    Path dir;

    private Journal journal(String id) throws Exception {
        return Journal.create(
                dir.resolve("journals/run-" + id + ".json"),
                new JournalHeader(
                        id,
                        Instant.parse("2026-11-25T17:00:00Z"),
                        ClusterProfile.local("prod", "/srv/zeocluster"),
                        Mode.FREEZE,
                        List.of(new StorageId("local", "zeoserver", "plone")),
                        List.of()),
                ViewModels.CLOCK);
    }

    @Test
    void onlyRunsThatNeverEndedAreOfferedNewestFirst() throws Exception {
        Files.createDirectories(dir.resolve("journals"));
        journal("20261125T1600");
        journal("20261125T1700");
        Journal ended = journal("20261125T1800");
        ended.append(new JournalEntry.RunEnded("2026-11-25T18:01:00Z", RunEvent.Outcome.DONE, "done"));
        Files.writeString(dir.resolve("journals/run-garbage.json"), "not json");
        assertThat(RunbookLauncher.unfinished(dir.resolve("journals"), ViewModels.CLOCK))
                .extracting(j -> j.header().runId())
                .containsExactly("20261125T1700", "20261125T1600");
        assertThat(RunbookLauncher.unfinished(dir.resolve("none"), ViewModels.CLOCK))
                .isEmpty();
    }

    @Test
    void theGridListsTheRunbooksStepsForTheReviewedPlan() throws Exception {
        Session session =
                ViewModels.planned(Fixtures.copyTree("guide", dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        RunRequest rolling = new RunRequest(
                session.profileProperty().get(),
                session.discoveryProperty().get(),
                session.planProperty().get(),
                session.hosts());
        assertThat(new RunbookLauncher(dir.resolve("journals"), ViewModels.CLOCK).steps(RunHandle.of(rolling)))
                .extracting(StepLabel::id)
                .containsSubsequence(
                        "preflight", "roll:local/client1", "roll:local/client2", "zeo:local/zeoserver", "verify")
                .doesNotContain("stop", "start");
        RunRequest request = new RunRequest(
                session.profileProperty().get(),
                session.discoveryProperty().get(),
                session.planProperty().get(),
                session.hosts(),
                Strategy.FULL_STOP);
        List<StepLabel> steps =
                new RunbookLauncher(dir.resolve("journals"), ViewModels.CLOCK).steps(RunHandle.of(request));
        assertThat(steps).extracting(StepLabel::id).contains("stop", "apply", "start", "verify");
        assertThat(steps.indexOf(steps.stream()
                        .filter(s -> s.id().equals("stop"))
                        .findFirst()
                        .orElseThrow()))
                .isLessThan(steps.indexOf(steps.stream()
                        .filter(s -> s.id().equals("apply"))
                        .findFirst()
                        .orElseThrow()));
        assertThat(steps).allSatisfy(s -> assertThat(s.title()).isNotBlank());
    }

    private static RunRequest request(Session session, Strategy strategy) {
        return new RunRequest(
                session.profileProperty().get(),
                session.discoveryProperty().get(),
                session.planProperty().get(),
                session.hosts(),
                strategy);
    }

    @Test
    void anUnsafeStrategyIsRefusedAsTheRunsEndNotReplacedByAnother() throws Exception {
        Session session = ViewModels.planned(
                Fixtures.guideOnSocket(dir.resolve("b"), dir.resolve("zeo.sock")),
                dir.resolve("p"),
                Selection.freeze());
        RunbookLauncher launcher = new RunbookLauncher(dir.resolve("journals"), ViewModels.CLOCK);
        RunRequest rolling = request(session, Strategy.ROLLING);
        List<RunEvent> events = new ArrayList<>();

        launcher.run(RunHandle.of(rolling), events::add, new CancelToken());

        assertThat(launcher.steps(RunHandle.of(rolling))).isEmpty();
        assertThat(events).singleElement().isInstanceOfSatisfying(RunEvent.Finished.class, f -> {
            assertThat(f.outcome()).isEqualTo(RunEvent.Outcome.FAILED);
            assertThat(f.message()).contains("the rolling strategy is not safe here", "listens on no TCP port");
        });
        assertThat(dir.resolve("journals")).doesNotExist();
    }

    @Test
    void aResumeWhileAnotherRunHoldsTheLockIsRefusedNamingItAndRunsNoStep() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Session session = ViewModels.planned(buildout, dir.resolve("p"), Selection.freeze());
        RunRequest request = request(session, Strategy.FULL_STOP);
        RunSetup setup = RunbookLauncher.setup(request);
        Journal other = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("other"), ViewModels.CLOCK);
        RunLock.acquire(setup, other, text -> {});
        Journal mine = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), ViewModels.CLOCK);
        RunbookLauncher launcher = new RunbookLauncher(dir.resolve("journals"), ViewModels.CLOCK);
        var before = Fixtures.snapshot(buildout.resolve("parts"));
        List<RunEvent> events = new ArrayList<>();

        launcher.run(RunHandle.takenUp(request, mine), events::add, new CancelToken());

        assertThat(events).noneMatch(e -> e instanceof RunEvent.StepChanged);
        assertThat(events)
                .filteredOn(RunEvent.Finished.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((RunEvent.Finished) e).message())
                        .contains("locked by run " + other.header().runId()));
        assertThat(Fixtures.snapshot(buildout.resolve("parts")))
                .usingRecursiveComparison()
                .isEqualTo(before);
    }

    @Test
    void aRunKeepsItsJournalOnItsOwnHandleSoRollBackFindsIt() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Session session = ViewModels.planned(buildout, dir.resolve("p"), Selection.freeze());
        RunbookLauncher launcher = new RunbookLauncher(dir.resolve("journals"), ViewModels.CLOCK);
        RunHandle first = RunHandle.of(request(session, Strategy.FULL_STOP));
        RunHandle second = RunHandle.of(request(session, Strategy.FULL_STOP));
        List<RunEvent> events = new ArrayList<>();

        // No process of the fixture answers: the run ends early, but it started, so it has a journal.
        launcher.run(first, events::add, new CancelToken());

        RunEvent.Finished finished = events.stream()
                .filter(RunEvent.Finished.class::isInstance)
                .map(RunEvent.Finished.class::cast)
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(first.journal()).as("the run's handle holds its journal").isPresent();
        assertThat(first.journal().get().file().toString()).isEqualTo(finished.journal());
        assertThat(second.journal())
                .as("another run of the same request holds none")
                .isEmpty();

        List<RunEvent> none = new ArrayList<>();
        launcher.rollBack(second, none::add);
        assertThat(none)
                .singleElement()
                .isInstanceOfSatisfying(
                        RunEvent.Finished.class, f -> assertThat(f.message()).isEqualTo("this run has no journal"));
    }
}
