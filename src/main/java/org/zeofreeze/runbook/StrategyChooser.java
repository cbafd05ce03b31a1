package org.zeofreeze.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.steps.RetireStep;
import org.zeofreeze.runbook.steps.RollingSteps;

/**
 * Decides the strategy of a run: rolling whenever it is safe, the full stop when asked for or
 * when rolling cannot be proven safe on this cluster (a server's connections cannot be listed, or
 * a client runs ZEO 4, which fails requests at once while its server restarts).
 */
public final class StrategyChooser {
    private StrategyChooser() {}

    public static StrategyDecision decide(RunSetup setup, Optional<Strategy> requested) {
        if (setup.retiresOnly()) {
            return retireOnly(setup, requested);
        }
        var changed = RollingSteps.changedFiles(setup);
        List<ClusterProcess> clients = RollingSteps.clientsToRoll(setup, changed);
        List<ClusterProcess> servers = RollingSteps.serversToRestart(setup, changed);
        List<String> unsafe = new ArrayList<>();
        if (setup.choice().mode() == Mode.FREEZE) {
            for (ClusterProcess s : servers) {
                if (s.addresses().isEmpty() || s.addresses().stream().allMatch(a -> a.isSocket())) {
                    unsafe.add(s.label() + " listens on no TCP port, so the connections to it cannot be listed before "
                            + "it restarts read-only");
                }
            }
        }
        // The servers a rolling run restarts alone while clients hold connections to them: the freeze's
        // or thaw's, and a move's target, made writable under its switched clients in the second roll.
        List<String> restartedUnderClients =
                new ArrayList<>(servers.stream().map(ClusterProcess::part).toList());
        if (setup.moves()) {
            restartedUnderClients.add(setup.move().server().label() + " (the move's target, made writable under its "
                    + "switched clients)");
        }
        if (setup.retires()) {
            RetireStep.servers(setup)
                    .forEach(s -> restartedUnderClients.add(
                            s.label() + " (the old server, restarted " + "without the retired storages)"));
        }
        if (!restartedUnderClients.isEmpty()) {
            // Measured with ZEO 4.3.1 / ZODB 4.4.5 on Python 2.7: while its server restarts a ZEO 4 client
            // raises ClientDisconnected at once on every call (for ~3 s), where ZEO 5 and later wait.
            for (ZopeClient client : setup.discovery().cluster().clients()) {
                client.runtime().zeoMajor().ifPresent(major -> {
                    if (major < 5) {
                        unsafe.add(
                                client.name() + " runs ZEO " + client.runtime().zeo() + ", whose requests fail at "
                                        + "once while their ZEO server restarts (ZEO 5 and later make them wait), so restarting "
                                        + String.join(", ", restartedUnderClients) + " alone would fail requests");
                    }
                });
            }
        }
        List<String> notes = new ArrayList<>();
        String outage = fullStopOutage(setup);
        if (requested.orElse(null) == Strategy.FULL_STOP) {
            notes.add(outage);
            return new StrategyDecision(
                    Strategy.FULL_STOP,
                    "full stop, as asked: every client and the ZEO server stop "
                            + "together, the files are written, ZEO starts, then the clients",
                    notes,
                    null);
        }
        if (!unsafe.isEmpty()) {
            String why = String.join("; ", unsafe);
            if (requested.isPresent()) {
                return new StrategyDecision(
                        Strategy.ROLLING,
                        why,
                        notes,
                        "the rolling strategy is not safe here: " + why + ". Run with --strategy full-stop.");
            }
            notes.add(outage);
            return new StrategyDecision(Strategy.FULL_STOP, "full stop, because " + why, notes, null);
        }
        long serving = setup.clients().size();
        if (serving == 1 && !clients.isEmpty()) {
            notes.add("only one client serves the site: its own restart is an outage that no order can avoid "
                    + "(about its start-up time)");
        }
        setup.clients().stream()
                .filter(c -> !clients.contains(c))
                .forEach(c -> notes.add(c.label() + " uses none of the chosen storages and keeps running untouched"));
        if (!servers.isEmpty()) {
            notes.add("while "
                    + String.join(
                            ", ", servers.stream().map(ClusterProcess::part).toList())
                    + " restarts, requests wait a few seconds (the clients reconnect by themselves)");
        }
        if (setup.retires()) {
            notes.add(retireNote(setup));
        }
        String order = setup.choice().mode() == Mode.FREEZE
                ? "each of the " + clients.size() + " clients in turn restarts with its databases read-only while the "
                        + "others serve, then the ZEO server restarts alone"
                : "the ZEO server restarts alone with the storages writable, then each of the " + clients.size()
                        + " clients in turn while the others serve";
        if (setup.moves()) {
            order += moveOrder(setup);
        }
        return new StrategyDecision(Strategy.ROLLING, "rolling: " + order + "; the site keeps serving", notes, null);
    }

    /** A move's two rolls after the freeze, said as the freeze's order is. */
    private static String moveOrder(RunSetup setup) {
        int movers = setup.move().clients(setup).size();
        String target = setup.move().server().label();
        return "; then " + target + " serves the copies read-only, each of the " + movers + " clients of the moved "
                + "storages in turn is pointed at it still read-only, and only after the last of them each in turn "
                + "is made writable there";
    }

    /**
     * A retire alone restarts the old server alone, nothing else: rolling, always (the planner has
     * refused it where a client runs ZEO 4); a full stop asked for is refused, it has nothing to stop.
     */
    private static StrategyDecision retireOnly(RunSetup setup, Optional<Strategy> requested) {
        String servers = String.join(
                ", ",
                RetireStep.servers(setup).stream().map(ClusterProcess::label).toList());
        if (requested.orElse(null) == Strategy.FULL_STOP) {
            return new StrategyDecision(
                    Strategy.ROLLING,
                    "a retire restarts " + servers + " alone",
                    List.of(),
                    "--retire restarts only the old ZEO server " + servers + ", under its running clients, and has no "
                            + "full stop: run it without --strategy full-stop");
        }
        return new StrategyDecision(
                Strategy.ROLLING,
                "rolling: " + servers + " restarts alone without "
                        + String.join(
                                ", ",
                                setup.retired().stream().map(StorageId::name).toList())
                        + ", once its connections show no client uses them there; the site keeps serving",
                List.of(retireNote(setup)),
                null);
    }

    private static String retireNote(RunSetup setup) {
        return "while "
                + String.join(
                        ", ",
                        RetireStep.servers(setup).stream()
                                .map(ClusterProcess::part)
                                .toList())
                + " restarts without the retired storages, requests wait a few seconds (the clients reconnect by "
                + "themselves)";
    }

    /** What a full stop costs the site, in the terms of this run: which stops, starts and copies it waits for. */
    private static String fullStopOutage(RunSetup setup) {
        String down =
                "the whole site is down from the stop until every client answers again (the stop, then the start-up "
                        + "of the ZEO server and of the clients)";
        if (setup.moves()) {
            return down + ", and a second time when the clients stop to be switched to the target and start "
                    + "there; the maintenance page, where the profile has one, stays up from the first stop until the "
                    + "moved storages are verified writable at the target, the copy of what changed since the pre-sync "
                    + "and the proof of the copy included";
        }
        boolean copies = setup.choice().mode() == Mode.FREEZE && setup.profile().target() != null;
        return down
                + (copies
                        ? "; the maintenance page, where the profile has one, stays up until the copy of what "
                                + "changed since the pre-sync is verified"
                        : "");
    }
}
