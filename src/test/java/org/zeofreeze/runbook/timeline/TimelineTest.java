package org.zeofreeze.runbook.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.zeofreeze.runbook.timeline.LaneState.DOWN;
import static org.zeofreeze.runbook.timeline.LaneState.DRAINING;
import static org.zeofreeze.runbook.timeline.LaneState.NOT_RUNNING;
import static org.zeofreeze.runbook.timeline.LaneState.SERVING;
import static org.zeofreeze.runbook.timeline.LaneState.STARTING;
import static org.zeofreeze.runbook.timeline.RunEvents.at;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeofreeze.runbook.event.StepState;

/** The timeline of a run, read from its events alone: lanes, intervals, windows, exactly. */
class TimelineTest {
    static Interval iv(LaneState state, double from, double to) {
        return new Interval(state, at(from), at(to));
    }

    @Test
    void aRollingFreezeDrainsStopsStartsEachClientInTurnThenTheZeoServerAlone() {
        Timeline t = Timeline.of(RunEvents.rollingFreeze().list());

        assertThat(t.start()).isEqualTo(at(0));
        assertThat(t.end()).isEqualTo(at(33));
        assertThat(t.lanes())
                .extracting(Lane::label)
                .containsExactly("site", "zeoserver@local", "client1@local", "client2@local");
        assertThat(t.lanes())
                .extracting(Lane::kind)
                .containsExactly(Lane.Kind.SITE, Lane.Kind.SERVER, Lane.Kind.CLIENT, Lane.Kind.CLIENT);
        assertThat(t.lane("client1@local").orElseThrow().intervals())
                .containsExactly(
                        iv(SERVING, 0, 3),
                        iv(DRAINING, 3, 5),
                        iv(DOWN, 5, 7),
                        iv(STARTING, 7, 10),
                        iv(SERVING, 10, 33));
        assertThat(t.lane("client2@local").orElseThrow().intervals())
                .containsExactly(
                        iv(SERVING, 0, 13),
                        iv(DRAINING, 13, 15),
                        iv(DOWN, 15, 17),
                        iv(STARTING, 17, 20),
                        iv(SERVING, 20, 33));
        assertThat(t.lane("zeoserver@local").orElseThrow().intervals())
                .containsExactly(iv(SERVING, 0, 24), iv(DOWN, 24, 26), iv(STARTING, 26, 28), iv(SERVING, 28, 33));
    }

    @Test
    void theZeoServerRestartsAloneWhileEveryClientServes() {
        Timeline t = Timeline.of(RunEvents.rollingFreeze().list());
        Lane zeo = t.lane("zeoserver@local").orElseThrow();
        Interval down = zeo.intervals().stream()
                .filter(i -> i.state() == DOWN)
                .findFirst()
                .orElseThrow();

        for (String client : List.of("client1@local", "client2@local")) {
            assertThat(t.lane(client).orElseThrow().stateAt(down.from())).contains(SERVING);
            assertThat(t.lane(client).orElseThrow().stateAt(at(27))).contains(SERVING);
        }
        // The runner counts the site out while its only ZEO server is: the one gap of a rolling run.
        assertThat(t.site().orElseThrow().intervals())
                .containsExactly(iv(SERVING, 0, 24), iv(DOWN, 24, 28), iv(SERVING, 28, 33));
        assertThat(t.siteWentDown()).isTrue();
        assertThat(t.verdict()).isEqualTo("By the processes' states, the site could not serve for 4.0 s");
    }

    @Test
    void aFullStopTakesEverythingDownAtOnceInsideTheMaintenanceWindow() {
        Timeline t = Timeline.of(RunEvents.fullStop().list());

        assertThat(t.bars()).containsExactly(new Bar.Maintenance(at(2), at(19), true));
        assertThat(t.lane("zeoserver@local").orElseThrow().intervals())
                .containsExactly(iv(SERVING, 0, 5), iv(DOWN, 5, 9), iv(STARTING, 9, 11), iv(SERVING, 11, 20));
        assertThat(t.lane("client1@local").orElseThrow().intervals())
                .containsExactly(iv(SERVING, 0, 5), iv(DOWN, 5, 9), iv(STARTING, 9, 13), iv(SERVING, 13, 20));
        assertThat(t.lane("client2@local").orElseThrow().intervals())
                .containsExactly(iv(SERVING, 0, 5), iv(DOWN, 5, 9), iv(STARTING, 9, 14), iv(SERVING, 14, 20));
        assertThat(t.site().orElseThrow().intervals())
                .containsExactly(iv(SERVING, 0, 5), iv(DOWN, 5, 13), iv(SERVING, 13, 20));
        Bar window = t.bars().get(0);
        for (Lane lane : t.lanes()) {
            assertThat(lane.states()).as(lane.label()).doesNotContain(DRAINING); // no balancer: stopped, not drained
            lane.intervals().stream()
                    .filter(i -> i.state() != SERVING)
                    .forEach(i -> assertThat(!i.from().isBefore(window.from()) && !i.to().isAfter(window.to()))
                            .as("%s %s inside the maintenance window", lane.label(), i)
                            .isTrue());
        }
        assertThat(t.verdict()).isEqualTo("By the processes' states, the site could not serve for 8.0 s");
    }

    @Test
    void eachStoragesReadOnlyWindowIsABarFromTheFrozenWindow() {
        Timeline t = Timeline.of(RunEvents.rollingFreeze().list());

        assertThat(t.bars())
                .containsExactly(
                        new Bar.ReadOnly("plone@local", at(3), at(28), true),
                        new Bar.ReadOnly("catalog@local", at(3), at(32.5), false));
    }

    @Test
    void aMovedStoragesWindowRunsUntilItIsWritableAtTheNewServerInPlaceOfItsCopysWindow() {
        Timeline frozen = Timeline.of(RunEvents.rollingFreeze().list());

        Timeline moved = frozen.withMoved(List.of(new Bar.Moved("plone@local", at(3), at(40), true)));

        assertThat(moved.bars())
                .filteredOn(b -> b.label().equals("plone@local"))
                .containsExactly(new Bar.Moved("plone@local", at(3), at(40), true));
        assertThat(moved.bars())
                .as("a storage that did not move keeps its window")
                .contains(new Bar.ReadOnly("catalog@local", at(3), at(32.5), false));
        assertThat(moved.bars().stream()
                        .filter(b -> b.label().equals("plone@local"))
                        .findFirst()
                        .orElseThrow()
                        .rowLabel())
                .isEqualTo("plone@local read-only");
        assertThat(TimelineSvg.render(moved)).contains("read-only until writable at the new server");
    }

    @Test
    void aResumedRunsReadOnlyWindowIsCutToTheRun() {
        Timeline t = Timeline.of(new RunEvents()
                .step(10, "copy", StepState.RUNNING)
                .frozen(20, 0, Map.of("plone@local", 15.0, "old@local", 5.0), List.of())
                .finished(21)
                .list());

        // Read-only since 0 s, but this run began at 10: the bar starts there; one that ended before is not drawn.
        assertThat(t.start()).isEqualTo(at(10));
        assertThat(t.bars()).containsExactly(new Bar.ReadOnly("plone@local", at(10), at(15), true));
    }

    @Test
    void aRunInWhichTheSiteNeverStopsServingShowsItServingThroughoutInOneInterval() {
        // The ledger says nothing of the site while another client serves: one serving interval.
        Timeline t = Timeline.of(new RunEvents()
                .step(0, "preflight", StepState.RUNNING)
                .roll(2, "client1")
                .finished(15)
                .list());

        assertThat(t.site().orElseThrow().intervals()).containsExactly(iv(SERVING, 0, 15));
        assertThat(t.siteWentDown()).isFalse();
        assertThat(t.verdict()).isEqualTo("By the processes' states, the site never stopped serving");
        assertThat(t.lanes()).extracting(Lane::label).containsExactly("site", "client1@local");
    }

    @Test
    void aRunThatStopsNothingHasNoLanes() {
        Timeline t = Timeline.of(new RunEvents()
                .step(0, "apply", StepState.RUNNING)
                .log(1, "writing")
                .step(2, "apply", StepState.DONE)
                .finished(3)
                .list());

        assertThat(t.lanes()).isEmpty();
        assertThat(t.bars()).isEmpty();
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.verdict()).isEqualTo("Nothing was stopped or started");
    }

    @Test
    void aProcessWhoseFirstWordIsThatItStartsWasNotRunningBeforeAndThatIsNoOutage() {
        // A move's new ZEO server, or a resumed full stop starting what the run cut short had stopped.
        Timeline t = Timeline.of(new RunEvents()
                .step(0, "start", StepState.RUNNING)
                .starting(1, "start", "client1")
                .serves(4, "start", "client1")
                .finished(6)
                .list());

        assertThat(t.lane("client1@local").orElseThrow().intervals())
                .containsExactly(iv(NOT_RUNNING, 0, 1), iv(STARTING, 1, 4), iv(SERVING, 4, 6));
        assertThat(t.lane("client1@local").orElseThrow().wentDown()).isFalse();
        assertThat(t.legendStates()).containsExactly(SERVING, DRAINING, DOWN, STARTING, NOT_RUNNING);
    }

    @Test
    void theLegendNamesNotRunningOnlyWhereALaneHasIt() {
        Timeline t = Timeline.of(RunEvents.fullStop().list());

        assertThat(t.lanes()).noneMatch(l -> l.states().contains(NOT_RUNNING));
        assertThat(t.legendStates()).containsExactly(SERVING, DRAINING, DOWN, STARTING);
    }

    @Test
    void aMaintenanceWindowStillOnAtTheEndRunsToTheEndAndSaysSo() {
        Timeline t = Timeline.of(new RunEvents()
                .step(0, "maintenance-on", StepState.RUNNING)
                .step(1, "maintenance-on", StepState.DONE)
                .step(5, "maintenance-off", StepState.RUNNING)
                .step(6, "maintenance-off", StepState.FAILED)
                .finished(7)
                .list());

        assertThat(t.bars()).containsExactly(new Bar.Maintenance(at(0), at(7), false));
    }

    @Test
    void anUndoneMaintenanceOnClosesItsWindow() {
        Timeline t = Timeline.of(new RunEvents()
                .step(0, "maintenance-on", StepState.RUNNING)
                .step(1, "maintenance-on", StepState.DONE)
                .step(3, "stop", StepState.FAILED)
                .step(4, "maintenance-on", StepState.UNDONE)
                .finished(5)
                .list());

        assertThat(t.bars()).containsExactly(new Bar.Maintenance(at(0), at(4), true));
    }

    @Test
    void serversComeFirstThenClientsInTheirNumbersOrder() {
        Timeline t = Timeline.of(new RunEvents()
                .step(0, "stop", StepState.RUNNING)
                .notServing(1, "stop", "client10")
                .notServing(1, "stop", "client2")
                .notServing(1, "stop", "zeoserver")
                .finished(3)
                .list());

        assertThat(t.lanes())
                .extracting(Lane::label)
                .containsExactly("site", "zeoserver@local", "client2@local", "client10@local");
    }

    @Test
    void failedRequestsOutsideTheRunAreLeftOutTheOthersKeptInOrder() {
        Timeline t =
                Timeline.of(RunEvents.fullStop().list()).withFailedRequests(List.of(at(7), at(-1), at(5.5), at(25)));

        assertThat(t.failedRequests()).containsExactly(at(5.5), at(7));
        assertThat(t.isEmpty()).isFalse();
    }

    @Test
    void aTimelineNeedsTheRunsEvents() {
        assertThatThrownBy(() -> Timeline.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
