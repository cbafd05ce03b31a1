package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.ui.session.StepLabel;

/** The Run page's content follows from the events alone; no JavaFX toolkit is started here. */
class RunProjectionTest {
    private static final Instant AT = Instant.parse("2026-11-25T17:00:00Z");

    private final RunProjection projection = new RunProjection(
            List.of(
                    new StepLabel("check", "Check files unchanged", List.of("web1")),
                    new StepLabel("roll:web1/client1", "Restart client1", List.of("web1"))),
            List.of("db1"),
            Secrets.NONE);

    @Test
    void theGridHasARowPerStepAndAColumnPerHostOneReportedLaterIncluded() {
        assertThat(projection.hosts()).containsExactly("web1", "db1");

        List<RunProjection.Change> changes =
                projection.apply(new RunEvent.StepChanged(AT, "check", "web2", StepState.RUNNING, "comparing"));

        assertThat(changes)
                .extracting(RunProjection.Change::part)
                .containsExactly(RunProjection.Part.HOSTS, RunProjection.Part.STATUS, RunProjection.Part.STEP);
        assertThat(projection.hosts()).containsExactly("web1", "db1", "web2");
        assertThat(projection.step("check").states()).containsEntry("web2", StepState.RUNNING);
        assertThat(projection.step("check").messages()).containsEntry("web2", "comparing");
        assertThat(projection.status()).isEqualTo("Check files unchanged on web2…");
    }

    @Test
    void whoIsOutOfServiceFollowsTheServingEventsWhateverTheStepIsCalled() {
        projection.apply(new RunEvent.Serving(AT, "anything", "web1", "client1", false, false));
        projection.apply(new RunEvent.Serving(AT, "anything", "db1", "zeoserver", true, false));
        assertThat(projection.notServing()).containsExactly("client1@web1", "zeoserver@db1");

        projection.apply(new RunEvent.Serving(AT.plusSeconds(3), "other", "web1", "client1", false, true));
        projection.apply(new RunEvent.Serving(AT.plusSeconds(3), "other", null, null, false, false));

        assertThat(projection.notServing()).containsExactly("zeoserver@db1");
        assertThat(projection.siteServing()).isFalse();
        assertThat(projection.log()).extracting(LogLine::text).containsExactly("the site is not serving");
    }

    @Test
    void theOutageIsTheRunnersAccountAndTheEndIsLoggedWithTheOutcome() {
        RunEvent.Outage outage = new RunEvent.Outage(
                AT, Duration.ZERO, Duration.ZERO, Map.of("client1@web1", Duration.ofMillis(2300)), false);
        projection.apply(outage);
        projection.apply(new RunEvent.Finished(AT, RunEvent.Outcome.FAILED, "disk full", "/j/run.json"));

        assertThat(projection.outage()).isEqualTo(outage);
        assertThat(projection.finished().outcome()).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(projection.status()).isEqualTo("Failed");
        assertThat(projection.log()).last().satisfies(l -> {
            assertThat(l.level()).isEqualTo(RunEvent.Level.ERROR);
            assertThat(l.text()).isEqualTo("Failed: disk full");
        });
    }

    @Test
    void copiesKeepTheirLastProgressAndVerifiedLinesTheirOrder() {
        projection.apply(new RunEvent.Progress(AT, "copy", "db1", "Data.fs", 1L << 20, 4L << 20, 0, null));
        projection.apply(new RunEvent.Progress(AT, "copy", "db1", "Data.fs", 4L << 20, 4L << 20, 0, null));
        projection.apply(new RunEvent.Verified(AT, "verify", "db1", "plone", true, "plone refuses writes"));
        projection.apply(new RunEvent.Verified(AT, "verify", "web1", "client1", false, "client1 did not answer"));

        assertThat(projection.copyLines()).containsExactly("db1: Data.fs (4.0 MiB of 4.0 MiB)");
        assertThat(projection.verified())
                .containsExactly("Verified: plone refuses writes", "NOT verified: client1 did not answer");
    }

    @Test
    void noTextKeepsASecret() {
        RunProjection masked = new RunProjection(
                List.of(), List.of(), Secrets.in(List.of("<zeoclient>\n  password s3cret\n</zeoclient>\n")));

        masked.apply(new RunEvent.Log(AT, "write", "web1", RunEvent.Level.INFO, "password s3cret"));
        masked.apply(new RunEvent.StepChanged(AT, "write", "web1", StepState.FAILED, "bad s3cret"));
        masked.apply(new RunEvent.Finished(AT, RunEvent.Outcome.FAILED, "s3cret leaked?", null));

        assertThat(masked.log()).extracting(LogLine::text).noneMatch(t -> t.contains("s3cret"));
        assertThat(masked.step("write").messages().get("web1")).doesNotContain("s3cret");
        assertThat(masked.finished().message()).doesNotContain("s3cret");
    }
}
