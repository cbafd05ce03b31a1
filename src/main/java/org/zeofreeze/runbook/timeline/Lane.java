package org.zeofreeze.runbook.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of the timeline: the whole site, or one process ({@code part@host}), as consecutive
 * intervals that cover the run from its first event to its end.
 */
public record Lane(String label, Kind kind, List<Interval> intervals) {
    public enum Kind {
        SITE,
        SERVER,
        CLIENT
    }

    public Lane {
        intervals = List.copyOf(intervals);
        for (int i = 1; i < intervals.size(); i++) {
            if (!intervals.get(i).from().equals(intervals.get(i - 1).to())) {
                throw new IllegalArgumentException(label + ": the intervals of a lane must follow each other");
            }
        }
    }

    /** The states in order, one per interval. */
    public List<LaneState> states() {
        return intervals.stream().map(Interval::state).toList();
    }

    /** Whether it served nothing at some moment of the run. */
    public boolean wentDown() {
        return intervals.stream().anyMatch(i -> i.state() == LaneState.DOWN);
    }

    /** How long it was in {@code state}, in all. */
    public Duration total(LaneState state) {
        return intervals.stream()
                .filter(i -> i.state() == state)
                .map(Interval::duration)
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** The state at a moment of the run; empty outside it. */
    public Optional<LaneState> stateAt(Instant at) {
        return intervals.stream().filter(i -> i.holds(at)).map(Interval::state).findFirst();
    }
}
