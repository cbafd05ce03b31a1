package org.zeofreeze.runbook.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.zeofreeze.format.Units;
import org.zeofreeze.runbook.event.RunEvent;

/**
 * A run as a picture's data: from its first event to its end, a lane for the site and one for
 * each process the run stopped or started ({@code part@host}), each as intervals of serving,
 * draining, down and starting; the maintenance window and each storage's read-only window as
 * bars; and, where a load was measured against it (the benchmark), the moments requests failed.
 * A process the run did not touch has no lane: nothing in the events says how it was.
 */
public record Timeline(Instant start, Instant end, List<Lane> lanes, List<Bar> bars, List<Instant> failedRequests) {
    /** The label of the site's lane: it serves while every ZEO server and at least one client does. */
    public static final String SITE = "site";

    public Timeline {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a timeline that ends (" + end + ") before it begins (" + start + ")");
        }
        lanes = List.copyOf(lanes);
        bars = List.copyOf(bars);
        failedRequests = failedRequests.stream().sorted().toList();
    }

    /** The timeline of a run from its events, in the order they were sent; at least one event. */
    public static Timeline of(List<? extends RunEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a run's timeline needs its events; there are none");
        }
        TimelineBuilder b = new TimelineBuilder();
        events.forEach(b::accept);
        return b.build();
    }

    /** The same timeline with the moments requests failed; those outside the run are left out. */
    public Timeline withFailedRequests(Collection<Instant> at) {
        return new Timeline(
                start,
                end,
                lanes,
                bars,
                at.stream().filter(t -> !t.isBefore(start) && !t.isAfter(end)).toList());
    }

    /**
     * The same timeline for a move: each moved storage's read-only window runs until it was
     * writable at the new server, in place of the window until its copy was verified.
     */
    public Timeline withMoved(List<Bar.Moved> moved) {
        Set<String> storages = moved.stream().map(Bar.Moved::storage).collect(Collectors.toSet());
        List<Bar> out = new ArrayList<>(bars.stream()
                .filter(b -> !(b instanceof Bar.ReadOnly r && storages.contains(r.storage())))
                .toList());
        out.addAll(moved);
        return new Timeline(start, end, lanes, out, failedRequests);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** The site's lane, if the run stopped or started anything. */
    public Optional<Lane> site() {
        return lane(SITE);
    }

    public Optional<Lane> lane(String label) {
        return lanes.stream().filter(l -> l.label().equals(label)).findFirst();
    }

    /** Whether the site as a whole served nothing at some moment. */
    public boolean siteWentDown() {
        return site().map(Lane::wentDown).orElse(false);
    }

    /** Nothing to draw: no process was stopped or started, no window to show. */
    public boolean isEmpty() {
        return lanes.isEmpty() && bars.isEmpty() && failedRequests.isEmpty();
    }

    /** Seconds from the run's start, for an axis. */
    public double seconds(Instant at) {
        return Duration.between(start, at).toNanos() / 1e9;
    }

    /** A round step between an axis' ticks, in seconds: at most ten of them over {@code span} seconds. */
    public static double tickStep(double span) {
        double[] steps = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400};
        for (double s : steps) {
            if (span / s <= 10) {
                return s;
            }
        }
        return Math.ceil(span / 10 / 3600) * 3600;
    }

    /**
     * The states a legend names: serving, draining, down and starting always (a reader learns the
     * colours once), "not running" only where a lane has it.
     */
    public List<LaneState> legendStates() {
        return Arrays.stream(LaneState.values())
                .filter(s -> s != LaneState.NOT_RUNNING
                        || lanes.stream().anyMatch(l -> l.states().contains(s)))
                .toList();
    }

    /** A one-line verdict: whether the site went down, and for how long. */
    public String verdict() {
        Optional<Lane> site = site();
        if (site.isEmpty()) {
            return "Nothing was stopped or started";
        }
        List<Interval> gaps = site.get().intervals().stream()
                .filter(i -> i.state() == LaneState.DOWN)
                .toList();
        if (gaps.isEmpty()) {
            return "By the processes' states, the site never stopped serving";
        }
        Duration down = site.get().total(LaneState.DOWN);
        return "By the processes' states, the site could not serve for " + Units.duration(down)
                + (gaps.size() == 1 ? "" : " in " + gaps.size() + " gaps");
    }
}
