package org.zeofreeze.ui.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.zeofreeze.format.Units;
import org.zeofreeze.runbook.event.RunEvent;

/**
 * How long until a rolling move's storages are writable at the target, estimated from this run's
 * own restarts: the client turns still to come (each client's switch and its writable turn) times
 * the median client turn measured so far (the freeze's rolls are the first), and the target's
 * steps times the median ZEO restart measured so far. Nothing is guessed before a client's turn
 * has been measured, and a full-stop move (all at once, no turns) gets no estimate. The copy of
 * what was written since the pre-sync is not in the figure: the estimate says when it is still to
 * come.
 */
public final class MoveEstimate {
    private final List<String> moveSteps;
    private final boolean allAtOnce;
    private final boolean copies;
    private final Map<String, Instant> started = new HashMap<>();
    private final Map<String, Instant> done = new HashMap<>();
    private Instant last;

    /** {@code stepIds}: every step of the run, in order. */
    public MoveEstimate(List<String> stepIds) {
        this.moveSteps = stepIds.stream().filter(MoveEstimate::isMoveTurn).toList();
        this.allAtOnce = stepIds.stream().anyMatch(id -> id.startsWith("move-all"));
        this.copies = stepIds.contains(COPY);
    }

    private static final String COPY = "copy";

    private static boolean isMoveTurn(String id) {
        return id.startsWith("move-switch:") || id.startsWith("move-writable:") || id.startsWith("move-target:");
    }

    private static boolean isClientTurn(String id) {
        return id.startsWith("roll:") || id.startsWith("move-switch:") || id.startsWith("move-writable:");
    }

    private static boolean isServerTurn(String id) {
        return id.startsWith("zeo:") || id.startsWith("move-target:");
    }

    /** Takes in one event; true when the estimate may have changed. */
    public boolean apply(RunEvent event) {
        if (!(event instanceof RunEvent.StepChanged s)) {
            return false;
        }
        last = s.at();
        switch (s.state()) {
            case RUNNING -> started.putIfAbsent(s.step(), s.at());
            case DONE -> done.put(s.step(), s.at());
            case UNDONE, FAILED -> {
                // to come again: its next run is timed afresh
                done.remove(s.step());
                started.remove(s.step());
            }
            default -> {
                return false;
            }
        }
        return isClientTurn(s.step()) || isServerTurn(s.step()) || s.step().equals(COPY);
    }

    /** The time still to go, and what it is made of; empty when there is nothing to estimate from (or to). */
    public Optional<Estimate> remaining() {
        if (allAtOnce || moveSteps.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> clientTurn = median(MoveEstimate::isClientTurn);
        if (clientTurn.isEmpty()) {
            return Optional.empty();
        }
        Duration serverTurn = median(MoveEstimate::isServerTurn).orElse(clientTurn.get());
        Duration left = Duration.ZERO;
        int clients = 0;
        int servers = 0;
        for (String id : moveSteps) {
            if (done.containsKey(id)) {
                continue;
            }
            boolean client = isClientTurn(id);
            Duration whole = client ? clientTurn.get() : serverTurn;
            Instant since = started.get(id);
            Duration spent = since == null || last == null ? Duration.ZERO : Duration.between(since, last);
            left = left.plus(max(Duration.ZERO, whole.minus(spent)));
            if (client) {
                clients++;
            } else {
                servers++;
            }
        }
        if (clients + servers == 0) {
            return Optional.empty();
        }
        return Optional.of(
                new Estimate(left, clients, servers, clientTurn.get(), serverTurn, copies && !done.containsKey(COPY)));
    }

    /** The median duration of the finished steps of one kind. */
    private Optional<Duration> median(Predicate<String> kind) {
        List<Duration> turns = new ArrayList<>();
        done.forEach((id, end) -> {
            Instant start = started.get(id);
            if (kind.test(id) && start != null && !end.isBefore(start)) {
                turns.add(Duration.between(start, end));
            }
        });
        if (turns.isEmpty()) {
            return Optional.empty();
        }
        turns.sort(null);
        int n = turns.size();
        return Optional.of(
                n % 2 == 1
                        ? turns.get(n / 2)
                        : turns.get(n / 2 - 1).plus(turns.get(n / 2)).dividedBy(2));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** What is left: its time, the turns still to come, and the measured turns it is made from. */
    public record Estimate(
            Duration left,
            int clientTurns,
            int serverTurns,
            Duration clientTurn,
            Duration serverTurn,
            boolean copyToCome) {
        /** "Writable at the target in about 1 min 5 s: 6 client turns of 8 s and 2 ZEO restarts of 3 s to go, …" */
        public String describe() {
            StringBuilder b = new StringBuilder("Writable at the target in about ")
                    .append(Units.duration(left))
                    .append(": ");
            List<String> parts = new ArrayList<>();
            if (clientTurns > 0) {
                parts.add(clientTurns + " client turn" + (clientTurns == 1 ? "" : "s") + " of "
                        + Units.duration(clientTurn));
            }
            if (serverTurns > 0) {
                parts.add(serverTurns + " ZEO restart" + (serverTurns == 1 ? "" : "s") + " of "
                        + Units.duration(serverTurn));
            }
            return b.append(String.join(" and ", parts))
                    .append(" to go, each as long as this run's so far")
                    .append(copyToCome ? ", after the copy of what was written since the pre-sync" : "")
                    .toString();
        }
    }
}
