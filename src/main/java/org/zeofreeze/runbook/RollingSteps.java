package org.zeofreeze.runbook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;

/**
 * The processes a run restarts one at a time: each client that reads a changed file, each ZEO
 * server whose zeo.conf changes. A client of the cluster that reads no changed file (it uses no
 * chosen storage) is left running untouched.
 */
final class RollingSteps {
    private RollingSteps() {
    }

    static List<ClusterProcess> clientsToRoll(RunSetup setup) {
        return setup.clients().stream().filter(c -> readsAChange(setup, c)).toList();
    }

    static List<ClusterProcess> serversToRestart(RunSetup setup) {
        return setup.servers().stream().filter(s -> readsAChange(setup, s)).toList();
    }

    private static boolean readsAChange(RunSetup setup, ClusterProcess p) {
        Set<HostFile> files = ConfigWrite.filesOf(setup, p);
        return setup.plan().changes().stream().anyMatch(c -> ConfigWrite.touches(c, files));
    }

    /** Freeze: clients first, one at a time, then each server alone. Thaw: the servers, then the clients. */
    static List<Step> steps(RunSetup setup) {
        Mode mode = setup.choice().mode();
        List<Step> clients = clientsToRoll(setup).stream().<Step>map(c -> new RollClientStep(c, mode)).toList();
        List<Step> servers = serversToRestart(setup).stream().<Step>map(s -> new ZeoRestartStep(s, mode)).toList();
        List<Step> out = new ArrayList<>();
        if (mode == Mode.FREEZE) {
            out.addAll(clients);
            out.addAll(servers);
        } else {
            out.addAll(servers);
            out.addAll(clients);
        }
        return out;
    }

    /** The changed files read by another rolled process whose turn is done and not undone: they stay as written. */
    static Set<HostFile> filesOfOthersStillDone(StepRun run, Step self) {
        Set<HostFile> out = new HashSet<>();
        RunSetup setup = run.setup();
        List<ClusterProcess> others = new ArrayList<>();
        for (ClusterProcess c : clientsToRoll(setup)) {
            if (!(self instanceof RollClientStep r && r.client().equals(c))
                    && run.journal().stateOf(new RollClientStep(c, setup.choice().mode()).id(), null) == StepState.DONE) {
                others.add(c);
            }
        }
        for (ClusterProcess c : others) {
            out.addAll(ConfigWrite.filesOf(setup, c));
        }
        return out;
    }

    static boolean changes(FileChange change, ClusterProcess p, RunSetup setup) {
        return ConfigWrite.touches(change, ConfigWrite.filesOf(setup, p));
    }
}
