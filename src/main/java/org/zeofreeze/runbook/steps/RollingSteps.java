package org.zeofreeze.runbook.steps;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepRun;

/**
 * The processes a run restarts one at a time: each client that reads a changed file, each ZEO
 * server whose zeo.conf changes. A client of the cluster that reads no changed file (it uses no
 * chosen storage) is left running untouched.
 */
public final class RollingSteps {
    private RollingSteps() {}

    /** The files the reviewed plan changes: of the plan itself for a new run, of its journal for a resume or rollback. */
    public static Set<HostFile> changedFiles(RunSetup setup) {
        return setup.plan().changes().stream()
                .map(c -> new HostFile(c.host(), c.path()))
                .collect(Collectors.toUnmodifiableSet());
    }

    public static Set<HostFile> changedFiles(Journal journal) {
        return journal.header().reviewed().stream()
                .map(f -> new HostFile(f.host(), f.path()))
                .collect(Collectors.toUnmodifiableSet());
    }

    public static List<ClusterProcess> clientsToRoll(RunSetup setup, Set<HostFile> changed) {
        return setup.clients().stream().filter(c -> reads(setup, c, changed)).toList();
    }

    public static List<ClusterProcess> serversToRestart(RunSetup setup, Set<HostFile> changed) {
        return setup.servers().stream().filter(s -> reads(setup, s, changed)).toList();
    }

    private static boolean reads(RunSetup setup, ClusterProcess p, Set<HostFile> changed) {
        return setup.filesOf(p).stream().anyMatch(changed::contains);
    }

    /**
     * Freeze: clients first, one at a time, then each server alone. Thaw: the servers, then the
     * clients. The processes are those that read a file of the reviewed plan — for a resumed run
     * too, where some of them are written already.
     */
    public static List<Step> steps(RunSetup setup, Set<HostFile> changed) {
        Mode mode = setup.choice().mode();
        List<Step> clients = clientsToRoll(setup, changed).stream()
                .<Step>map(c -> new RollClientStep(c, mode))
                .toList();
        List<Step> servers = serversToRestart(setup, changed).stream()
                .<Step>map(s -> new ZeoRestartStep(s, mode))
                .toList();
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
        for (ClusterProcess c : setup.clients()) {
            if (!(self instanceof RollClientStep r && r.client().equals(c))
                    && run.journal()
                                    .stateOf(
                                            new RollClientStep(c, setup.choice().mode()).id(), null)
                            == StepState.DONE) {
                others.add(c);
            }
        }
        for (ClusterProcess c : others) {
            out.addAll(setup.filesOf(c));
        }
        return out;
    }
}
