package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.setup.ClusterProcess;

/** The site serves while every ZEO server serves and at least one client does. */
class OutageLedgerTest {
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    final ClusterProcess zeo = new ClusterProcess("h", "zeoserver", true, List.of(), "/b/parts/zeoserver/etc/zeo.conf");
    final ClusterProcess c1 = new ClusterProcess("h", "client1", false, List.of(), "/b/parts/client1/etc/zope.conf");
    final ClusterProcess c2 = new ClusterProcess("h", "client2", false, List.of(), "/b/parts/client2/etc/zope.conf");
    final List<RunEvent> seen = new ArrayList<>();
    final OutageLedger ledger = new OutageLedger(seen::add, List.of(zeo), List.of(c1, c2));

    void serving(ClusterProcess p, boolean serving, long atMillis) {
        ledger.on(new RunEvent.Serving(T0.plusMillis(atMillis), "s", p.host(), p.part(), p.server(), serving));
    }

    RunEvent.Outage finish(long atMillis) {
        ledger.on(new RunEvent.Finished(T0.plusMillis(atMillis), RunEvent.Outcome.DONE, "done", "/j"));
        return seen.stream()
                .filter(RunEvent.Outage.class::isInstance)
                .map(RunEvent.Outage.class::cast)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void clientsRestartedOneAtATimeNeverTakeTheSiteDown() {
        serving(c1, false, 0);
        serving(c1, true, 3000);
        serving(c2, false, 3500);
        serving(c2, true, 6000);
        RunEvent.Outage o = finish(7000);
        assertThat(o.site()).isZero();
        assertThat(o.perPart())
                .containsEntry("client1@h", Duration.ofMillis(3000))
                .containsEntry("client2@h", Duration.ofMillis(2500));
        assertThat(seen).noneMatch(e -> e instanceof RunEvent.Serving s && s.host() == null);
        assertThat(o.describe()).startsWith("by the processes' states, the site never stopped serving");
    }

    @Test
    void theZeoServerDownIsASiteOutageAndIsAnnouncedAsOne() {
        serving(zeo, false, 1000);
        serving(zeo, true, 2800);
        RunEvent.Outage o = finish(3000);
        assertThat(o.site()).isEqualTo(Duration.ofMillis(1800));
        assertThat(o.longestSiteGap()).isEqualTo(Duration.ofMillis(1800));
        assertThat(seen)
                .filteredOn(e -> e instanceof RunEvent.Serving s && s.host() == null)
                .extracting(e -> ((RunEvent.Serving) e).serving())
                .containsExactly(false, true);
    }

    @Test
    void allClientsDownTogetherIsTheFullStopsOutageCountedUntilTheFirstServesAgain() {
        serving(c1, false, 0);
        serving(c2, false, 100);
        serving(zeo, false, 200);
        serving(zeo, true, 1200);
        serving(c2, true, 4000);
        serving(c1, true, 4500);
        RunEvent.Outage o = finish(5000);
        assertThat(o.site()).isEqualTo(Duration.ofMillis(3900));
        assertThat(o.perPart()).containsEntry("client1@h", Duration.ofMillis(4500));
    }

    @Test
    void aPartStillDownAtTheEndCountsUntilTheEndAndIsSaid() {
        serving(c1, false, 0);
        serving(c2, false, 0);
        RunEvent.Outage o = finish(2000);
        assertThat(o.site()).isEqualTo(Duration.ofMillis(2000));
        assertThat(o.stillDown()).isTrue();
        assertThat(o.describe()).contains("still not serving");
    }
}
