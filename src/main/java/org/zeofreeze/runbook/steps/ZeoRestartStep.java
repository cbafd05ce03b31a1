package org.zeofreeze.runbook.steps;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.process.TcpConnection;
import org.zeofreeze.runbook.process.ZeoClients;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * The ZEO server's turn in a rolling run, once every client already asks for read-only access
 * (freeze) or before any client asks for write access again (thaw): its zeo.conf written, the
 * server alone restarted — the old process proven gone before the new one starts — and every
 * running client connected again. Zope clients reconnect by themselves; requests meanwhile wait.
 * Before a freeze, every connection to the server must belong to a client of the cluster.
 */
final class ZeoRestartStep implements Step {
    private static final Duration RECONNECT = Duration.ofSeconds(60);

    private final ClusterProcess server;
    private final Mode mode;

    ZeoRestartStep(ClusterProcess server, Mode mode) {
        this.server = server;
        this.mode = mode;
    }

    ClusterProcess server() {
        return server;
    }

    @Override
    public String id() {
        return "zeo:" + server.host() + "/" + server.part();
    }

    @Override
    public StepAction action() {
        return new StepAction.RestartServer(server, mode);
    }

    @Override
    public String title() {
        return "Restart " + server.part() + " alone (" + (mode == Mode.FREEZE ? "read-only" : "writable") + ")";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return List.of(server.host());
    }

    @Override
    public boolean restartsInPlace() {
        return true;
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        Set<HostFile> files = run.setup().filesOf(server);
        run.state(server.host(), StepState.RUNNING, null);
        try {
            List<ZeoClients.Known> known = ZeoClients.known(run, server);
            // One listing serves both the check for strangers and the count the reconnection is measured against.
            Map<String, List<TcpConnection>> listings = ZeoClients.listings(run, server, known);
            if (mode == Mode.FREEZE) {
                List<String> strangers = ZeoClients.strangers(server, known, listings);
                if (!strangers.isEmpty()) {
                    throw new StepFailure(
                            server.host(),
                            "not restarting " + server.label() + " read-only: connected to it "
                                    + "are processes that are not clients of this cluster, and would hang asking for write access: "
                                    + String.join("; ", strangers)
                                    + ". Stop them (a zeopack, a script, a client missing from the "
                                    + "profile), or add the missing client to the profile, then resume. The site is serving.");
                }
                run.info(
                        server.host(),
                        "connected to " + server.part() + ": only the clients of this cluster "
                                + known.stream().map(k -> k.client().label()).toList());
            }
            Map<ZeoClients.Known, Integer> before = ZeoClients.counts(server, known, listings);
            boolean wasRunning = ProcessSteps.isRunning(run, server);
            ConfigWrite.write(run, change -> ConfigWrite.touches(change, files));
            if (wasRunning) {
                restart(run);
                ZeoClients.awaitReconnected(run, server, before, RECONNECT);
            } else {
                run.log(
                        server.host(),
                        RunEvent.Level.WARNING,
                        server.part() + " was not running before; left as it was");
            }
        } catch (StepFailure e) {
            run.state(server.host(), StepState.FAILED, e.getMessage());
            throw e;
        }
        run.state(
                server.host(),
                StepState.DONE,
                "restarted, storages " + (mode == Mode.FREEZE ? "read-only" : "writable"));
    }

    private void restart(StepRun run) throws StepFailure, InterruptedException {
        ProcessSteps.stop(run, server);
        ProcessSteps.start(run, server);
    }

    @Override
    public void undo(StepRun run) throws StepFailure, InterruptedException {
        Set<HostFile> files = run.setup().filesOf(server);
        boolean written = ConfigWrite.written(run, files::contains);
        boolean stoppedByRun = run.journal().stoppedProcesses().contains(List.of(server.host(), server.part()));
        ConfigWrite.restore(run, files::contains);
        boolean running = ProcessSteps.isRunning(run, server);
        if (written && running) {
            if (mode == Mode.THAW) {
                warnOfStrangers(run);
            }
            restart(run);
        } else if (stoppedByRun && !running) {
            ProcessSteps.start(run, server);
        }
    }

    /**
     * Undoing a thaw restarts the server read-only again. A process that is no client of the
     * cluster and connected meanwhile (a zeopack, a script) would then hang asking for write
     * access; the rollback goes on (it must put the cluster back), and says which ones to stop.
     */
    private void warnOfStrangers(StepRun run) throws InterruptedException {
        try {
            List<ZeoClients.Known> known = ZeoClients.known(run, server);
            List<String> strangers = ZeoClients.strangers(server, known, ZeoClients.listings(run, server, known));
            if (!strangers.isEmpty()) {
                run.log(
                        server.host(),
                        RunEvent.Level.WARNING,
                        "restarting " + server.label() + " read-only again while "
                                + "processes that are not clients of this cluster are connected to it: "
                                + String.join("; ", strangers)
                                + ". They will hang asking for write access: stop them.");
            }
        } catch (StepFailure e) {
            run.log(
                    server.host(),
                    RunEvent.Level.WARNING,
                    "could not list the connections to " + server.label() + " before restarting it read-only again: "
                            + e.getMessage());
        }
    }
}
