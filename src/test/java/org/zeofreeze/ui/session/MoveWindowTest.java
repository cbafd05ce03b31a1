package org.zeofreeze.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;

/** Each moved storage's read-only window, from the run's events alone. */
class MoveWindowTest {
    static final Instant T = Instant.parse("2026-11-25T17:00:00Z");

    static RunEvent.StepChanged step(int second, String id, String host, StepState state) {
        return new RunEvent.StepChanged(T.plusSeconds(second), id, host, state, "");
    }

    static RunEvent.FrozenWindow frozen(int at, int since) {
        return new RunEvent.FrozenWindow(T.plusSeconds(at), T.plusSeconds(since), Map.of(), List.of());
    }

    static Map<String, List<String>> steps() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("site@local", List.of("move-writable:local/client1", "move-writable:local/client2"));
        m.put("images@local", List.of("move-writable:local/client2"));
        m.put("lonely@local", List.of("move-target:writable"));
        return m;
    }

    @Test
    void fromTheFreezesStartToTheLastOfItsClientsWritableAtTheTarget() {
        List<RunEvent> events = List.of(
                step(10, "move-target:serve", "new", StepState.DONE),
                step(20, "move-switch:local/client1", "local", StepState.DONE),
                step(30, "move-target:writable", "new", StepState.DONE),
                step(40, "move-writable:local/client1", "local", StepState.RUNNING),
                step(45, "move-writable:local/client1", "local", StepState.DONE),
                step(50, "move-writable:local/client2", "local", StepState.RUNNING),
                step(62, "move-writable:local/client2", "local", StepState.DONE),
                step(63, "move-writable:local/client2", null, StepState.DONE), // the step as a whole, later
                // Sent just before the end, with the first read-only moment the journal has.
                frozen(70, 2));
        List<MoveWindow> windows = MoveWindow.of(events, steps());
        assertThat(windows)
                .extracting(MoveWindow::storage)
                .containsExactly("site@local", "images@local", "lonely@local");
        assertThat(windows.get(0).duration()).contains(Duration.ofSeconds(61));
        assertThat(windows.get(1).duration()).contains(Duration.ofSeconds(61));
        assertThat(windows.get(2).duration()).contains(Duration.ofSeconds(28));
    }

    @Test
    void aStorageWithAClientNotYetWritableHasNoEndAndAnUndoneStepCountsNoMore() {
        List<RunEvent> events = List.of(
                step(30, "move-target:writable", "new", StepState.DONE),
                step(45, "move-writable:local/client1", "local", StepState.DONE),
                step(50, "move-writable:local/client2", "local", StepState.FAILED),
                step(80, "move-target:writable", "new", StepState.UNDONE),
                frozen(90, 5));
        List<MoveWindow> windows = MoveWindow.of(events, steps());
        assertThat(windows).allMatch(w -> w.writable() == null && w.since().equals(T.plusSeconds(5)));
        assertThat(windows).allMatch(w -> w.duration().isEmpty());
    }

    @Test
    void withoutTheFrozenWindowNothingIsMadeUp() {
        assertThat(MoveWindow.of(
                        List.of(
                                step(45, "move-writable:local/client1", "local", StepState.DONE),
                                step(46, "move-writable:local/client2", "local", StepState.DONE)),
                        steps()))
                .isEmpty();
    }
}
