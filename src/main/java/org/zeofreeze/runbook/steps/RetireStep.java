package org.zeofreeze.runbook.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.StorageUse;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.RetirePlanner;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.process.ZeoClients;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * The old server without the moved storages, once nothing uses them there: a move's last step
 * ({@code --move --retire}), or a run of its own for storages an earlier move took elsewhere
 * ({@code --retire}). First, before anything is written, the connections to each old server
 * ({@code ss} on its host and the clients' hosts) must show that every client holds exactly as many
 * as it has databases still served there — a ZEO ClientStorage is one TCP connection, so one more
 * is a client still reading a retired storage — and that no other process is connected. Then the
 * zeo.conf is written through the journaled apply (backup, atomic write, read back), the server
 * stopped (its pid proven gone) and started until its port accepts, and every client must hold its
 * connections again. Undo puts the old zeo.conf back and restarts the server the same way.
 */
public final class RetireStep implements Step {
    private static final Duration RECONNECT = Duration.ofSeconds(60);

    @Override
    public String id() {
        return "move-retire";
    }

    @Override
    public StepAction action() {
        return new StepAction.MoveRetire();
    }

    @Override
    public String title() {
        return "Remove the moved storages from the old server and restart it alone";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return servers(setup).stream().map(ClusterProcess::host).distinct().toList();
    }

    @Override
    public boolean restartsInPlace() {
        return true;
    }

    /** The old servers whose files the retire changes, in the cluster's order. */
    public static List<ClusterProcess> servers(RunSetup setup) {
        Set<HostFile> files = setup.retireChanges().stream()
                .map(c -> new HostFile(c.host(), c.path()))
                .collect(Collectors.toSet());
        return setup.servers().stream()
                .filter(s -> setup.filesOf(s).stream().anyMatch(files::contains))
                .toList();
    }

    /**
     * The databases of each client that the server still serves once the retired storages are gone
     * from it (as the cluster was read): one ZEO connection each. Clients with none are not listed.
     */
    static Map<ClusterProcess, List<String>> stillServed(RunSetup setup, ClusterProcess server) {
        List<StorageId> retired = setup.retired();
        Map<ClusterProcess, List<String>> out = new LinkedHashMap<>();
        for (ClusterProcess c : setup.clients()) {
            List<String> dbs = new ArrayList<>();
            for (StorageUse u : setup.discovery().cluster().uses()) {
                if (u.client().host().equals(c.host())
                        && u.client().name().equals(c.part())
                        && u.storage().host().equals(server.host())
                        && u.storage().server().equals(server.part())
                        && !retired.contains(u.storage())
                        && RetirePlanner.readsThere(setup.discovery().cluster(), u)) {
                    dbs.add(u.database().name());
                }
            }
            if (!dbs.isEmpty()) {
                out.put(c, List.copyOf(dbs));
            }
        }
        return out;
    }

    /**
     * Why the server may not lose the retired storages yet, one sentence per client or group of
     * processes; empty when every connection to it is a known client's and none holds more than its
     * databases still served there account for.
     */
    static List<String> stillInUse(
            ClusterProcess server,
            ZeoClients.Holders holders,
            Map<ClusterProcess, List<String>> served,
            String retired) {
        List<String> out = new ArrayList<>();
        holders.held().forEach((k, n) -> {
            List<String> dbs = served.getOrDefault(k.client(), List.of());
            if (n > dbs.size()) {
                out.add(k.client().label() + " (pid " + k.pid() + ") holds " + n + " connection" + (n == 1 ? "" : "s")
                        + " to " + server.label() + " but has "
                        + (dbs.isEmpty() ? "no database" : dbs.size() + " database" + (dbs.size() == 1 ? "" : "s"))
                        + " still served there" + (dbs.isEmpty() ? "" : " (" + String.join(", ", dbs) + ")")
                        + ", one connection each: it still uses " + retired
                        + " there (a process started before its configuration was switched?); restart it");
            }
        });
        if (!holders.strangers().isEmpty()) {
            out.add("connected to " + server.label()
                    + " are processes that are no client of this cluster, which may use "
                    + retired + ": " + String.join("; ", holders.strangers()) + "; stop them (a zeopack, a script, a "
                    + "client missing from the profile), or add the missing client to the profile");
        }
        return out;
    }

    private static String names(RunSetup setup) {
        return String.join(", ", setup.retired().stream().map(StorageId::name).toList());
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        List<ClusterProcess> servers = servers(setup);
        String names = names(setup);
        if (servers.isEmpty()) {
            throw new StepFailure(
                    null,
                    "no ZEO server of the cluster reads "
                            + String.join(
                                    ", ",
                                    setup.retireChanges().stream()
                                            .map(c -> c.host() + ":" + c.path())
                                            .toList())
                            + " any more; nothing was written");
        }
        servers.forEach(s -> run.state(s.host(), StepState.RUNNING, null));
        String failedOn = servers.get(0).host();
        try {
            // Every server's connections before any file is written.
            List<ZeoClients.Known> known = ZeoClients.knownAmong(run, setup.clients());
            Map<ClusterProcess, Map<ZeoClients.Known, Integer>> before = new LinkedHashMap<>();
            for (ClusterProcess server : servers) {
                failedOn = server.host();
                if (!ProcessSteps.isRunning(run, server)) {
                    continue;
                }
                ZeoClients.Holders holders =
                        ZeoClients.attribute(server, known, ZeoClients.listings(run, server, known));
                Map<ClusterProcess, List<String>> served = stillServed(setup, server);
                List<String> problems = stillInUse(server, holders, served, names);
                if (!problems.isEmpty()) {
                    throw new StepFailure(
                            server.host(),
                            "not retiring " + names + " from " + server.label() + ": "
                                    + String.join("; ", problems)
                                    + ". Nothing was written and the site is serving; resume "
                                    + "once nothing uses " + names + " there");
                }
                List<String> seen = new ArrayList<>();
                holders.held().forEach((k, n) -> {
                    if (n > 0) {
                        seen.add(k.client().label() + " " + n + " for "
                                + String.join(", ", served.getOrDefault(k.client(), List.of())));
                    }
                });
                run.info(
                        server.host(),
                        "connected to " + server.label() + ": "
                                + (seen.isEmpty() ? "no client" : String.join("; ", seen))
                                + " — one connection per database still served there, none for "
                                + names);
                Map<ZeoClients.Known, Integer> connected = new LinkedHashMap<>();
                holders.held().forEach((k, n) -> {
                    if (n > 0) {
                        connected.put(k, n);
                    }
                });
                before.put(server, connected);
            }
            for (ClusterProcess server : servers) {
                failedOn = server.host();
                Set<HostFile> files = setup.filesOf(server);
                MoveWrites.write(run, setup.retireChanges(), "without the retired storages", files::contains);
                if (before.containsKey(server)) {
                    ProcessSteps.stop(run, server);
                    ProcessSteps.start(run, server);
                    ZeoClients.awaitHeldAgain(run, server, before.get(server), RECONNECT);
                    run.state(server.host(), StepState.DONE, "restarted without " + names + " (their files kept)");
                } else {
                    run.log(
                            server.host(),
                            RunEvent.Level.WARNING,
                            server.label() + " was not running; its zeo.conf is " + "written without " + names
                                    + " and it is left as it was");
                    run.state(server.host(), StepState.DONE, "written without " + names + "; not running, left so");
                }
            }
        } catch (StepFailure e) {
            run.state(e.host() != null ? e.host() : failedOn, StepState.FAILED, e.getMessage());
            throw e;
        }
    }

    /**
     * Each old server's zeo.conf back as it was before this step (only where the step's write is the
     * newest), the server restarted with it and its clients connected again; a server the step
     * stopped and could not start is started.
     */
    @Override
    public void undo(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        for (ClusterProcess server : servers(setup)) {
            Set<HostFile> files = setup.filesOf(server);
            boolean restored = MoveWrites.restoreNewest(run, setup.retireChanges(), files::contains);
            boolean running = ProcessSteps.isRunning(run, server);
            if (running && restored) {
                List<ZeoClients.Known> known = ZeoClients.knownAmong(run, setup.clients());
                Map<ZeoClients.Known, Integer> before = new LinkedHashMap<>();
                ZeoClients.attribute(server, known, ZeoClients.listings(run, server, known))
                        .held()
                        .forEach((k, n) -> {
                            if (n > 0) {
                                before.put(k, n);
                            }
                        });
                ProcessSteps.stop(run, server);
                ProcessSteps.start(run, server);
                ZeoClients.awaitHeldAgain(run, server, before, RECONNECT);
            } else if (!running && run.journal().stoppedProcesses().contains(List.of(server.host(), server.part()))) {
                ProcessSteps.start(run, server);
            }
        }
    }
}
