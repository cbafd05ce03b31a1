package org.zeofreeze.runbook.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One stretch of a lane in one state, from {@code from} to {@code to}. */
public record Interval(LaneState state, Instant from, Instant to) {
    public Interval {
        Objects.requireNonNull(state, "state");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("an interval that ends (" + to + ") before it begins (" + from + ")");
        }
    }

    public Duration duration() {
        return Duration.between(from, to);
    }

    /** Whether {@code at} falls in it (its end belongs to the next one). */
    public boolean holds(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }
}
