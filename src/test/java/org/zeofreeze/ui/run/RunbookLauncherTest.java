package org.zeofreeze.ui.run;

import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.StepLabel;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.runbook.Strategy;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.Journal;
import org.zeofreeze.runbook.JournalEntry;
import org.zeofreeze.runbook.JournalHeader;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.ViewModels;

class RunbookLauncherTest {
    @TempDir
    Path dir;

    private Journal journal(String id) throws Exception {
        return Journal.create(dir.resolve("journals/run-" + id + ".json"), new JournalHeader(id, "2026-11-25T17:00:00Z",
                ClusterProfile.local("prod", "/srv/zeocluster"), "FREEZE",
                List.of(new org.zeofreeze.cluster.StorageId("local", "zeoserver", "plone")), List.of()),
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
                .extracting(j -> j.header().runId()).containsExactly("20261125T1700", "20261125T1600");
        assertThat(RunbookLauncher.unfinished(dir.resolve("none"), ViewModels.CLOCK)).isEmpty();
    }

    @Test
    void theGridListsTheRunbooksStepsForTheReviewedPlan() throws Exception {
        Session session = ViewModels.planned(Fixtures.copyTree("guide", dir.resolve("b")), dir.resolve("p"),
                Selection.freeze());
        RunRequest rolling = new RunRequest(session.profileProperty().get(), session.discoveryProperty().get(),
                session.planProperty().get(), session.hosts());
        assertThat(new RunbookLauncher(dir.resolve("journals"), ViewModels.CLOCK).steps(rolling)).extracting(StepLabel::id)
                .containsSubsequence("preflight", "roll:local/client1", "roll:local/client2", "zeo:local/zeoserver", "verify")
                .doesNotContain("stop", "start");
        RunRequest request = new RunRequest(session.profileProperty().get(), session.discoveryProperty().get(),
                session.planProperty().get(), session.hosts(), Strategy.FULL_STOP);
        List<StepLabel> steps = new RunbookLauncher(dir.resolve("journals"), ViewModels.CLOCK).steps(request);
        assertThat(steps).extracting(StepLabel::id).contains("stop", "apply", "start", "verify");
        assertThat(steps.indexOf(steps.stream().filter(s -> s.id().equals("stop")).findFirst().orElseThrow()))
                .isLessThan(steps.indexOf(steps.stream().filter(s -> s.id().equals("apply")).findFirst().orElseThrow()));
        assertThat(steps).allSatisfy(s -> assertThat(s.title()).isNotBlank());
    }
}
