package org.zeofreeze.ui.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;

/**
 * How long a moved storage (name@host of its old server) was read-only: from the run's first
 * read-only moment ({@code since}, the freeze's start as the run's {@link RunEvent.FrozenWindow}
 * gives it) to the moment the last of its clients was restarted writable at the new home
 * ({@code writable}; null while one of them is not).
 */
public record MoveWindow(String storage, Instant since, Instant writable) {

    /** The read-only time; empty while the storage is not writable at the target. */
    public Optional<Duration> duration() {
        return writable == null ? Optional.empty() : Optional.of(Duration.between(since, writable));
    }

    /**
     * The steps after which each moved storage is writable at the target: the second roll's step of
     * every client that opens it, or the target's own writable step when no client does.
     */
    public static Map<String, List<String>> writableSteps(MovePlan move, Cluster cluster) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (MovePlan.MovedStorage m : move.storages()) {
            List<String> steps = cluster.usesOf(m.source()).stream()
                    .map(u -> "move-writable:" + u.client().host() + "/"
                            + u.client().name())
                    .distinct()
                    .toList();
            out.put(m.name() + "@" + m.source().host(), steps.isEmpty() ? List.of("move-target:writable") : steps);
        }
        return out;
    }

    /**
     * Each storage's window from the run's events: {@code since} from the last frozen-window event,
     * the end from the last DONE of each of its steps. No frozen-window event (the run never froze
     * anything, or ended before saying so): no windows, rather than a start made up.
     */
    public static List<MoveWindow> of(List<RunEvent> events, Map<String, List<String>> writableSteps) {
        Instant since = null;
        Map<String, Instant> done = new LinkedHashMap<>();
        for (RunEvent e : events) {
            if (e instanceof RunEvent.FrozenWindow f) {
                since = f.since();
            } else if (e instanceof RunEvent.StepChanged s && s.step().startsWith("move-")) {
                if (s.state() == StepState.DONE) {
                    done.merge(s.step(), s.at(), (a, b) -> b.isAfter(a) ? b : a);
                } else if (s.state() == StepState.UNDONE) {
                    done.remove(s.step()); // rolled back: read-only again at the old server
                }
            }
        }
        if (since == null) {
            return List.of();
        }
        List<MoveWindow> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : writableSteps.entrySet()) {
            Instant end = null;
            boolean all = true;
            for (String step : e.getValue()) {
                Instant at = done.get(step);
                if (at == null) {
                    all = false;
                } else if (end == null || at.isAfter(end)) {
                    end = at;
                }
            }
            out.add(new MoveWindow(e.getKey(), since, all ? end : null));
        }
        return out;
    }
}
