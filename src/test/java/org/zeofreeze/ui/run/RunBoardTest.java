package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.ui.session.StepLabel;

class RunBoardTest {
    private static final Instant AT = Instant.parse("2026-11-25T17:00:00Z");
    private final List<StepLabel> labels = List.of(new StepLabel("copy", "Copy to the target", List.of("db1")));
    private final RunProjection projection = new RunProjection(labels, List.of(), Secrets.NONE);
    private final RunBoard board = new RunBoard();

    @Test
    void aBatchOfEventsChangesTheLogOnceAndLeavesEachRowInItsLastState() {
        board.reset(projection, labels);
        int[] logChanges = {0};
        board.log().addListener((ListChangeListener<LogLine>) c -> logChanges[0]++);
        List<RunEvent> batch = new ArrayList<>();
        batch.add(new RunEvent.StepChanged(AT, "copy", "db1", StepState.RUNNING, "copying"));
        for (int i = 0; i < 200; i++) {
            batch.add(new RunEvent.Log(AT, "copy", "db1", RunEvent.Level.INFO, "line " + i));
        }
        batch.add(new RunEvent.StepChanged(AT, "copy", "db1", StepState.DONE, "copied"));

        board.apply(projection, batch);

        assertThat(logChanges[0]).isEqualTo(1);
        assertThat(board.log()).hasSize(200).last().extracting(LogLine::text).isEqualTo("line 199");
        assertThat(board.steps()).singleElement().satisfies(row -> {
            assertThat(row.state("db1")).isEqualTo(StepState.DONE);
            assertThat(row.messages()).containsEntry("db1", "copied");
        });
        assertThat(board.statusProperty().get()).isEqualTo("Copy to the target on db1…");
    }
}
