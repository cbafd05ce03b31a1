package org.zeofreeze.runbook.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Who is connected to a ZEO server. Before the server restarts with storages read-only, every
 * connection to its port must belong to a client of the cluster (which has been restarted
 * read-only already): anything else — an unlisted client, a zeopack, a script — would keep asking
 * for write access and hang. After the restart, every client must be connected again.
 */
public final class ZeoClients {
    private static final Duration POLL = Duration.ofMillis(250);

    private ZeoClients() {}

    /** A running client of the server, with the pid its connections are held by. */
    public record Known(ClusterProcess client, long pid) {}

    public static List<Known> known(StepRun run, ClusterProcess server) throws StepFailure, InterruptedException {
        List<Known> out = new ArrayList<>();
        for (ClusterProcess c : run.setup().clients()) {
            if (c.connectsTo(
                    server,
                    Buildout.sameMachine(run.setup().discovery().cluster().buildouts(), c.host(), server.host()))) {
                ProcessSteps.Liveness l = ProcessSteps.liveness(run, c);
                if (l.running()) {
                    out.add(new Known(c, l.pid()));
                }
            }
        }
        return out;
    }

    /** The running ones of these clients, whatever server their configuration named when it was read. */
    public static List<Known> knownAmong(StepRun run, List<ClusterProcess> clients)
            throws StepFailure, InterruptedException {
        List<Known> out = new ArrayList<>();
        for (ClusterProcess c : clients) {
            ProcessSteps.Liveness l = ProcessSteps.liveness(run, c);
            if (l.running()) {
                out.add(new Known(c, l.pid()));
            }
        }
        return out;
    }

    private static Set<Integer> ports(ClusterProcess server) {
        Set<Integer> ports = new LinkedHashSet<>();
        server.addresses().stream()
                .filter(a -> !a.isSocket())
                .map(Address::port)
                .forEach(ports::add);
        return ports;
    }

    /** Every connection to the server's port that no known client holds, described for the admin. */
    public static List<String> strangers(
            ClusterProcess server, List<Known> known, Map<String, List<TcpConnection>> listings) {
        return attribute(server, known, listings).strangers();
    }

    /**
     * The connections to the server's port as its own host lists them, each put down to the known
     * client whose process holds the other end ({@code held}, every known client counted, none
     * held: 0), or described as a stranger's: a process that is no known client, or one on a
     * machine whose connections were not listed.
     */
    public record Holders(Map<Known, Integer> held, List<String> strangers) {}

    public static Holders attribute(
            ClusterProcess server, List<Known> known, Map<String, List<TcpConnection>> listings) {
        Set<Integer> ports = ports(server);
        Map<Known, Integer> held = new LinkedHashMap<>();
        known.forEach(k -> held.put(k, 0));
        List<String> strangers = new ArrayList<>();
        for (TcpConnection atServer : listings.get(server.host())) {
            if (!ports.contains(atServer.localPort())) {
                continue;
            }
            Known holder = null;
            TcpConnection seen = null;
            for (Map.Entry<String, List<TcpConnection>> e : listings.entrySet()) {
                for (TcpConnection c : e.getValue()) {
                    if (c.isOtherEndOf(atServer)) {
                        seen = c;
                        String host = e.getKey();
                        for (Known k : known) {
                            if (holder == null && k.client().host().equals(host) && k.pid() > 0 && c.heldBy(k.pid())) {
                                holder = k;
                            }
                        }
                    }
                }
            }
            if (holder != null) {
                held.merge(holder, 1, Integer::sum);
            } else {
                strangers.add(atServer.peerAddress() + ":" + atServer.peerPort()
                        + (seen == null ? " (a process on another machine)" : " (" + seen.describeOwners() + ")"));
            }
        }
        return new Holders(held, strangers);
    }

    /** How many connections each known client holds to the server now. */
    public static Map<Known, Integer> counts(
            ClusterProcess server, List<Known> known, Map<String, List<TcpConnection>> listings) {
        Set<Integer> ports = ports(server);
        Map<Known, Integer> out = new LinkedHashMap<>();
        for (Known k : known) {
            int n = (int) listings.get(k.client().host()).stream()
                    .filter(c -> ports.contains(c.peerPort()) && k.pid() > 0 && c.heldBy(k.pid()))
                    .count();
            out.put(k, n);
        }
        return out;
    }

    /** Waits until every known client holds as many connections as before the restart (at least one). */
    public static void awaitReconnected(
            StepRun run, ClusterProcess server, Map<Known, Integer> before, Duration timeout)
            throws StepFailure, InterruptedException {
        await(run, server, before, timeout, ZeoClients::counts);
    }

    /**
     * As {@link #awaitReconnected}, the connections counted at the server's end ({@link #attribute}):
     * a client's connections to another server on the same port are not taken for these.
     */
    public static void awaitHeldAgain(StepRun run, ClusterProcess server, Map<Known, Integer> before, Duration timeout)
            throws StepFailure, InterruptedException {
        await(run, server, before, timeout, (s, k, l) -> attribute(s, k, l).held());
    }

    private interface Counter {
        Map<Known, Integer> count(ClusterProcess server, List<Known> known, Map<String, List<TcpConnection>> listings);
    }

    private static void await(
            StepRun run, ClusterProcess server, Map<Known, Integer> before, Duration timeout, Counter counter)
            throws StepFailure, InterruptedException {
        List<Known> known = List.copyOf(before.keySet());
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Map<Known, Integer> now = counter.count(server, known, listings(run, server, known));
            List<String> missing = new ArrayList<>();
            for (Known k : known) {
                if (now.get(k) < Math.max(1, before.get(k))) {
                    missing.add(k.client().label() + " (" + now.get(k) + " of " + Math.max(1, before.get(k))
                            + " connections)");
                }
            }
            if (missing.isEmpty()) {
                if (!known.isEmpty()) {
                    run.info(
                            server.host(),
                            "every client is connected to " + server.part() + " again: "
                                    + known.stream()
                                            .map(k -> k.client().label())
                                            .toList());
                }
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StepFailure(
                        server.host(),
                        "not connected to " + server.label() + " again " + timeout.toSeconds()
                                + " s after its restart: " + String.join(", ", missing));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The established connections on the server's host and on every known client's host, listed once each. */
    public static Map<String, List<TcpConnection>> listings(StepRun run, ClusterProcess server, List<Known> known)
            throws StepFailure, InterruptedException {
        Map<String, List<TcpConnection>> out = new LinkedHashMap<>();
        out.put(server.host(), list(run, server.host()));
        for (Known k : known) {
            if (!out.containsKey(k.client().host())) {
                out.put(k.client().host(), list(run, k.client().host()));
            }
        }
        return out;
    }

    private static List<TcpConnection> list(StepRun run, String host) throws StepFailure, InterruptedException {
        CommandResult r = run.quiet(
                host, TcpConnection.listCommand(), run.setup().timeouts().command());
        if (!r.ok()) {
            throw new StepFailure(
                    host,
                    "cannot list the TCP connections on " + host + " ("
                            + r.stderr().strip()
                            + "); the rolling strategy needs `ss` (iproute2) there, or run with --strategy full-stop");
        }
        return TcpConnection.parse(r.stdout());
    }
}
