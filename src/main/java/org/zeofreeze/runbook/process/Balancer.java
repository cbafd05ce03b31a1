package org.zeofreeze.runbook.process;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/** Takes one client out of the front end's rotation before its restart, and back after it. */
public final class Balancer {
    private Balancer() {}

    public static void drain(StepRun run, ClusterProcess client) throws StepFailure, InterruptedException {
        Maintenance m = run.setup().profile().maintenance();
        if (!m.drains()) {
            return;
        }
        command(run, m, client, true);
        run.serving(client, false);
        if (m.drainWaitSeconds() > 0) {
            run.info(
                    host(run),
                    "waiting " + m.drainWaitSeconds() + " s for the requests " + client.part() + " still has");
            Thread.sleep(m.drainWaitSeconds() * 1000L);
        }
        awaitIdle(run, client);
    }

    /** How long a drained client may still hold requests before it is stopped anyway. */
    private static final Duration IDLE_AT_MOST = Duration.ofSeconds(5);

    /**
     * A fixed wait is a guess: a request that waited through a ZEO restart can still be running
     * after it. The client is stopped once no connection to its HTTP port is left (the balancer
     * closes its idle ones to a drained server), or after {@link #IDLE_AT_MOST} with a warning.
     */
    private static void awaitIdle(StepRun run, ClusterProcess client) throws StepFailure, InterruptedException {
        Optional<String> http = HttpAddress.of(run, client);
        if (http.isEmpty()) {
            return;
        }
        int port = Integer.parseInt(http.get().substring(http.get().lastIndexOf(':') + 1));
        Instant deadline = Instant.now().plus(IDLE_AT_MOST);
        while (true) {
            CommandResult r = run.quiet(
                    client.host(),
                    TcpConnection.listCommand(),
                    run.setup().timeouts().command());
            if (!r.ok()) {
                return; // no listing on this host: the fixed wait is all there is
            }
            long open = TcpConnection.parse(r.stdout()).stream()
                    .filter(c -> c.localPort() == port)
                    .count();
            if (open == 0) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                run.log(
                        client.host(),
                        RunEvent.Level.WARNING,
                        client.part() + " still has " + open + " connection" + (open == 1 ? "" : "s") + " "
                                + IDLE_AT_MOST.toSeconds() + " s after it was drained; stopping it");
                return;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Puts the client back, then gives the balancer {@code drainSeconds} to take it: a balancer
     * marks a server it saw down as up again only after its health checks pass (HAProxy's
     * {@code rise} × {@code inter}). Draining the next client before that left a two-client site
     * with no server for a moment: HAProxy answered 503 (measured with rise 1, inter 300 ms).
     */
    public static void undrain(StepRun run, ClusterProcess client) throws StepFailure, InterruptedException {
        Maintenance m = run.setup().profile().maintenance();
        if (m.drains() && !m.undrainCommand().isEmpty()) {
            command(run, m, client, false);
            if (m.drainWaitSeconds() > 0) {
                run.info(
                        host(run),
                        "waiting " + m.drainWaitSeconds() + " s for the balancer to take " + client.part() + " back");
                Thread.sleep(m.drainWaitSeconds() * 1000L);
            }
        }
    }

    private static void command(StepRun run, Maintenance m, ClusterProcess client, boolean drain)
            throws StepFailure, InterruptedException {
        List<String> argv = m.drain(drain, client.host(), client.part());
        if (!run.exec(host(run), argv, run.setup().timeouts().command()).ok()) {
            throw new StepFailure(
                    host(run),
                    "the " + (drain ? "drain" : "undrain") + " command for " + client.part() + " failed: "
                            + String.join(" ", argv));
        }
    }

    private static String host(RunSetup setup) {
        String h = setup.profile().maintenance().host();
        return h == null || h.isBlank() ? setup.clusterHosts().get(0) : h;
    }

    private static String host(StepRun run) {
        return host(run.setup());
    }
}
