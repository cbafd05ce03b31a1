package org.zeofreeze.runbook.timeline;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;

/**
 * Reads a run's events once, in order, into a {@link Timeline}. Only the events say what
 * happened, so only they are read:
 * <ul>
 * <li>a process's first {@link RunEvent.Serving} (not serving) ends its serving; a second one
 * before it serves or starts again means the first was the balancer's drain (the drain and the
 * stop each say it, in that order), so that stretch was draining and the second begins the
 * down time. A process stopped without a drain says it once: down from there.</li>
 * <li>{@link RunEvent.Starting} begins its start-up; its Serving (serving) ends it.</li>
 * <li>a process whose first event says it serves or starts was not running before it (a move's
 * new ZEO server, or a resumed run starting what an earlier attempt stopped): not running, not
 * down, for the site's lane alone says whether users were served.</li>
 * <li>the site's own Serving events (host null), which the runner's outage ledger sends, make
 * the site's lane.</li>
 * </ul>
 */
final class TimelineBuilder {
    private Instant start;
    private Instant end;
    private Instant last;
    private final Track site = new Track(Lane.Kind.SITE);
    private boolean siteNamed;
    private final Map<String, Track> processes = new LinkedHashMap<>();
    private final List<Bar> maintenance = new ArrayList<>();
    private Instant maintenanceSince;
    private RunEvent.FrozenWindow frozen;

    void accept(RunEvent e) {
        Instant at = e.at();
        start = start == null || at.isBefore(start) ? at : start;
        last = last == null || at.isAfter(last) ? at : last;
        if (e instanceof RunEvent.Serving s) {
            if (s.host() == null) {
                siteNamed = true;
                site.serving(s.serving(), at);
            } else {
                process(s.part() + "@" + s.host(), s.server()).serving(s.serving(), at);
            }
        } else if (e instanceof RunEvent.Starting s) {
            process(s.part() + "@" + s.host(), s.server()).starting(at);
        } else if (e instanceof RunEvent.StepChanged c && c.host() == null) {
            step(c);
        } else if (e instanceof RunEvent.FrozenWindow f) {
            frozen = f;
        } else if (e instanceof RunEvent.Finished f) {
            end = f.at();
        }
    }

    private Track process(String label, boolean server) {
        return processes.computeIfAbsent(label, l -> new Track(server ? Lane.Kind.SERVER : Lane.Kind.CLIENT));
    }

    /** The maintenance window: from maintenance-on (running, or done earlier in a resumed run) to maintenance-off done. */
    private void step(RunEvent.StepChanged c) {
        if (c.step().equals("maintenance-on")) {
            if ((c.state() == StepState.RUNNING || c.state() == StepState.DONE) && maintenanceSince == null) {
                maintenanceSince = c.at();
            } else if ((c.state() == StepState.UNDONE || c.state() == StepState.FAILED) && maintenanceSince != null) {
                closeMaintenance(c.at(), true); // undone: its undo switched it off; failed: it never came on
            }
        } else if (c.step().equals("maintenance-off") && c.state() == StepState.DONE && maintenanceSince != null) {
            closeMaintenance(c.at(), true);
        }
    }

    private void closeMaintenance(Instant at, boolean closed) {
        maintenance.add(new Bar.Maintenance(maintenanceSince, at, closed));
        maintenanceSince = null;
    }

    Timeline build() {
        Instant to = end != null ? end : last;
        if (maintenanceSince != null) {
            closeMaintenance(to, false);
        }
        List<Lane> lanes = new ArrayList<>();
        if (siteNamed || !processes.isEmpty()) {
            lanes.add(site.lane(Timeline.SITE, start, to));
        }
        Comparator<String> natural = TimelineBuilder::natural;
        for (Lane.Kind kind : List.of(Lane.Kind.SERVER, Lane.Kind.CLIENT)) {
            processes.entrySet().stream()
                    .filter(p -> p.getValue().kind == kind)
                    .map(Map.Entry::getKey)
                    .sorted(natural)
                    .forEach(label -> lanes.add(processes.get(label).lane(label, start, to)));
        }
        List<Bar> bars = new ArrayList<>(maintenance);
        if (frozen != null && frozen.since() != null) {
            frozen.perStorage()
                    .forEach((storage, d) -> readOnly(
                            bars, storage, frozen.since(), frozen.since().plus(d), true, to));
            frozen.notVerified().forEach(storage -> readOnly(bars, storage, frozen.since(), frozen.at(), false, to));
        }
        return new Timeline(start, to, lanes, bars, List.of());
    }

    /** A read-only window, cut to the run: a resumed run's freeze may have begun before its first event. */
    private void readOnly(List<Bar> bars, String storage, Instant from, Instant until, boolean verified, Instant to) {
        Instant a = from.isBefore(start) ? start : from;
        Instant b = until.isAfter(to) ? to : until;
        if (!b.isBefore(a)) {
            bars.add(new Bar.ReadOnly(storage, a, b, verified));
        }
    }

    /** "client2" before "client10": the digits compared as numbers. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int i2 = i;
                int j2 = j;
                while (i2 < a.length() && Character.isDigit(a.charAt(i2))) {
                    i2++;
                }
                while (j2 < b.length() && Character.isDigit(b.charAt(j2))) {
                    j2++;
                }
                int c = new BigInteger(a.substring(i, i2)).compareTo(new BigInteger(b.substring(j, j2)));
                if (c != 0) {
                    return c;
                }
                i = i2;
                j = j2;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** One lane's changes of state, in order; the first one's moment is the run's start. */
    private static final class Track {
        private final Lane.Kind kind;
        private final List<LaneState> states = new ArrayList<>();
        private final List<Instant> since = new ArrayList<>();
        /** The last change was a serving process saying it no longer serves: a drain, if a stop follows. */
        private boolean mayBeDrain;

        Track(Lane.Kind kind) {
            this.kind = kind;
        }

        void serving(boolean serving, Instant at) {
            begin(serving ? notRunning() : LaneState.SERVING);
            if (serving) {
                change(LaneState.SERVING, at);
                mayBeDrain = false;
            } else if (kind != Lane.Kind.SITE && mayBeDrain && current() == LaneState.DOWN) {
                states.set(states.size() - 1, LaneState.DRAINING);
                change(LaneState.DOWN, at);
                mayBeDrain = false;
            } else {
                mayBeDrain = current() == LaneState.SERVING;
                change(LaneState.DOWN, at);
            }
        }

        void starting(Instant at) {
            begin(notRunning());
            change(LaneState.STARTING, at);
            mayBeDrain = false;
        }

        /** Before a first start: a process was not running; the site, which never "starts", was down. */
        private LaneState notRunning() {
            return kind == Lane.Kind.SITE ? LaneState.DOWN : LaneState.NOT_RUNNING;
        }

        /** The state before the first event: the opposite of what that event says it comes to. */
        private void begin(LaneState before) {
            if (states.isEmpty()) {
                states.add(before);
                since.add(null);
            }
        }

        private LaneState current() {
            return states.get(states.size() - 1);
        }

        private void change(LaneState state, Instant at) {
            if (current() == state) {
                return;
            }
            states.add(state);
            since.add(at);
        }

        Lane lane(String label, Instant start, Instant end) {
            List<Interval> out = new ArrayList<>();
            if (states.isEmpty()) {
                out.add(new Interval(LaneState.SERVING, start, end)); // the site, with nothing ever said against it
                return new Lane(label, kind, out);
            }
            for (int i = 0; i < states.size(); i++) {
                Instant from = since.get(i) == null ? start : since.get(i);
                Instant to = i + 1 < states.size() ? since.get(i + 1) : end;
                from = from.isBefore(start) ? start : from;
                to = to.isAfter(end) ? end : to;
                if (to.isAfter(from)) {
                    LaneState state = states.get(i);
                    if (!out.isEmpty() && out.get(out.size() - 1).state() == state) {
                        Interval prev = out.remove(out.size() - 1);
                        out.add(new Interval(state, prev.from(), to));
                    } else {
                        Interval gapless = out.isEmpty()
                                ? new Interval(state, start, to)
                                : new Interval(state, out.get(out.size() - 1).to(), to);
                        out.add(gapless);
                    }
                }
            }
            if (out.isEmpty()) {
                out.add(new Interval(current(), start, end)); // every change at one instant: the run is that long
            }
            return new Lane(label, kind, out);
        }
    }
}
