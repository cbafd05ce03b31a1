package org.zeofreeze.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;

/** When a rolling move's storages will be writable at the target, from this run's own measured turns. */
class MoveEstimateTest {
    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    static final List<String> ROLLING_MOVE = List.of(
            "preflight",
            "pre-sync",
            "roll:local/client1",
            "roll:local/client2",
            "zeo:local/zeoserver",
            "verify",
            "copy",
            "move-target:serve",
            "move-switch:local/client1",
            "move-switch:local/client2",
            "move-target:writable",
            "move-writable:local/client1",
            "move-writable:local/client2",
            "move-verify");

    static RunEvent step(int second, String id, StepState state) {
        return new RunEvent.StepChanged(T.plusSeconds(second), id, null, state, "");
    }

    static MoveEstimate fed(List<String> steps, RunEvent... events) {
        MoveEstimate e = new MoveEstimate(steps);
        for (RunEvent event : events) {
            e.apply(event);
        }
        return e;
    }

    @Test
    void nothingIsEstimatedBeforeAClientsTurnWasMeasured() {
        MoveEstimate e = fed(
                ROLLING_MOVE,
                step(0, "preflight", StepState.RUNNING),
                step(2, "preflight", StepState.DONE),
                step(3, "roll:local/client1", StepState.RUNNING));
        assertThat(e.remaining()).isEmpty();
    }

    @Test
    void theTurnsToComeTimesTheMedianTurnOfTheFreezesRollAndTheZeoRestart() {
        MoveEstimate e = fed(
                ROLLING_MOVE,
                step(10, "roll:local/client1", StepState.RUNNING),
                step(18, "roll:local/client1", StepState.DONE), // 8 s
                step(18, "roll:local/client2", StepState.RUNNING),
                step(28, "roll:local/client2", StepState.DONE), // 10 s
                step(28, "zeo:local/zeoserver", StepState.RUNNING),
                step(31, "zeo:local/zeoserver", StepState.DONE)); // 3 s
        MoveEstimate.Estimate est = e.remaining().orElseThrow();
        // four client turns of 9 s (the median of 8 and 10), two target steps of 3 s
        assertThat(est.left()).isEqualTo(Duration.ofSeconds(4 * 9 + 2 * 3));
        assertThat(est.clientTurns()).isEqualTo(4);
        assertThat(est.serverTurns()).isEqualTo(2);
        assertThat(est.copyToCome()).isTrue();
        assertThat(est.describe())
                .startsWith("Writable at the target in about ")
                .contains("4 client turns of ", "2 ZEO restarts of ", "after the copy");
    }

    @Test
    void aTurnUnderWayCountsOnlyItsRestAndFinishedTurnsNoMore() {
        MoveEstimate e = fed(
                ROLLING_MOVE,
                step(10, "roll:local/client1", StepState.RUNNING),
                step(20, "roll:local/client1", StepState.DONE), // 10 s
                step(20, "zeo:local/zeoserver", StepState.RUNNING),
                step(24, "zeo:local/zeoserver", StepState.DONE), // 4 s
                step(30, "copy", StepState.RUNNING),
                step(31, "copy", StepState.DONE),
                step(31, "move-target:serve", StepState.RUNNING),
                step(35, "move-target:serve", StepState.DONE), // 4 s
                step(35, "move-switch:local/client1", StepState.RUNNING),
                step(45, "move-switch:local/client1", StepState.DONE), // 10 s
                step(45, "move-switch:local/client2", StepState.RUNNING),
                step(49, "move-switch:local/client2", StepState.RUNNING)); // 4 s in
        MoveEstimate.Estimate est = e.remaining().orElseThrow();
        // client2's switch: 6 s left; target writable 4 s; two writable turns of 10 s
        assertThat(est.left()).isEqualTo(Duration.ofSeconds(6 + 4 + 2 * 10));
        assertThat(est.clientTurns()).isEqualTo(3);
        assertThat(est.serverTurns()).isEqualTo(1);
        assertThat(est.copyToCome()).isFalse();
        assertThat(est.describe()).doesNotContain("after the copy");
    }

    @Test
    void anUndoneTurnIsToComeAgainAndTheLastWritableTurnEndsTheEstimate() {
        RunEvent[] all = {
            step(0, "roll:local/client1", StepState.RUNNING),
            step(10, "roll:local/client1", StepState.DONE),
            step(10, "move-target:serve", StepState.RUNNING),
            step(14, "move-target:serve", StepState.DONE),
            step(14, "move-switch:local/client1", StepState.RUNNING),
            step(24, "move-switch:local/client1", StepState.DONE),
            step(30, "move-switch:local/client1", StepState.UNDONE)
        };
        assertThat(fed(ROLLING_MOVE, all).remaining().orElseThrow().clientTurns())
                .as("client1's switch was undone: to come again")
                .isEqualTo(4);

        MoveEstimate done = fed(ROLLING_MOVE, all);
        int t = 40;
        for (String id : ROLLING_MOVE.subList(8, 13)) {
            done.apply(step(t, id, StepState.RUNNING));
            done.apply(step(t += 5, id, StepState.DONE));
        }
        assertThat(done.remaining()).as("writable at the target: nothing left").isEmpty();
    }

    @Test
    void aFullStopMoveHasNoTurnsToEstimate() {
        MoveEstimate e = fed(
                List.of("preflight", "stop", "write", "start", "copy", "move-target:serve", "move-all", "move-verify"),
                step(0, "move-target:serve", StepState.RUNNING),
                step(4, "move-target:serve", StepState.DONE));
        assertThat(e.remaining()).isEmpty();
    }
}
