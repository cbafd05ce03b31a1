package org.zeofreeze.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SideBySideTest {

    @Test
    void anInsertedLineIsAnAddedRowAndTheLinesAfterItKeepTheirCounterparts() {
        List<DiffRow> rows = SideBySide.rows(List.of("a", "b", "c"), List.of("a", "b", "new", "c"));
        assertThat(rows)
                .containsExactly(
                        new DiffRow(DiffRow.Kind.SAME, 1, "a", 1, "a"),
                        new DiffRow(DiffRow.Kind.SAME, 2, "b", 2, "b"),
                        new DiffRow(DiffRow.Kind.ADDED, null, null, 3, "new"),
                        new DiffRow(DiffRow.Kind.SAME, 3, "c", 4, "c"));
    }

    @Test
    void aReplacedLineIsOneChangedRowWithBothSides() {
        List<DiffRow> rows = SideBySide.rows(List.of("x", "read-only false", "y"), List.of("x", "read-only true", "y"));
        assertThat(rows)
                .filteredOn(DiffRow::changed)
                .containsExactly(new DiffRow(DiffRow.Kind.CHANGED, 2, "read-only false", 2, "read-only true"));
        assertThat(rows).hasSize(3);
    }

    @Test
    void removedLinesAndUnevenChangesLineUp() {
        List<DiffRow> rows = SideBySide.rows(List.of("a", "b", "c", "d"), List.of("a", "B", "d"));
        assertThat(rows)
                .containsExactly(
                        new DiffRow(DiffRow.Kind.SAME, 1, "a", 1, "a"),
                        new DiffRow(DiffRow.Kind.CHANGED, 2, "b", 2, "B"),
                        new DiffRow(DiffRow.Kind.REMOVED, 3, "c", null, null),
                        new DiffRow(DiffRow.Kind.SAME, 4, "d", 3, "d"));
    }
}
