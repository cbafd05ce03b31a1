package org.zeofreeze.runbook;

import java.util.List;
import org.zeofreeze.profile.Maintenance;

/** Takes one client out of the front end's rotation before its restart, and back after it. */
final class Balancer {
    private Balancer() {
    }

    static void drain(StepRun run, ClusterProcess client) throws StepFailure, InterruptedException {
        Maintenance m = run.setup().profile().maintenance();
        if (!m.drains()) {
            return;
        }
        command(run, m, client, true);
        run.serving(client, false);
        if (m.drainWaitSeconds() > 0) {
            run.info(host(run), "waiting " + m.drainWaitSeconds() + " s for the requests " + client.part() + " still has");
            Thread.sleep(m.drainWaitSeconds() * 1000L);
        }
    }

    static void undrain(StepRun run, ClusterProcess client) throws StepFailure, InterruptedException {
        Maintenance m = run.setup().profile().maintenance();
        if (m.drains() && !m.undrainCommand().isEmpty()) {
            command(run, m, client, false);
        }
    }

    private static void command(StepRun run, Maintenance m, ClusterProcess client, boolean drain)
            throws StepFailure, InterruptedException {
        List<String> argv = m.drain(drain, client.host(), client.part());
        if (!run.exec(host(run), argv, run.setup().timeouts().command()).ok()) {
            throw new StepFailure(host(run), "the " + (drain ? "drain" : "undrain") + " command for " + client.part()
                    + " failed: " + String.join(" ", argv));
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
