package org.zeofreeze.runbook.steps;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * The full stop's way of putting the copies into service, behind the maintenance page: every
 * client that uses a moved storage stops, and the target's server with them; each client's files
 * get both phases of the move at once (the target's address, then writable) and the target's
 * zeo.conf its writable storages; the target starts, then the clients. With no client running
 * while the files change, no client can read a moved database from the old server while another
 * writes it at the new one. Nothing restarts alone with clients connected, so it suits clients
 * that fail their requests while their server restarts (ZEO 4).
 */
public final class MoveAllStep implements Step {

    @Override
    public String id() {
        return "move-all";
    }

    @Override
    public StepAction action() {
        return new StepAction.MoveAll();
    }

    @Override
    public String title() {
        return "Stop the clients, switch them all to the target, writable, and start them again";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        List<String> out = new ArrayList<>(setup.move().clients(setup).stream()
                .map(ClusterProcess::host)
                .distinct()
                .toList());
        String target = setup.move().plan().targetHost();
        if (!out.contains(target)) {
            out.add(target);
        }
        return out;
    }

    @Override
    public boolean takesClusterDown() {
        return true;
    }

    @Override
    public boolean bringsClusterUp() {
        return true;
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        List<ClusterProcess> clients = setup.move().clients(setup);
        ClusterProcess server = setup.move().server();
        hosts(setup).forEach(h -> run.state(h, StepState.RUNNING, null));
        try {
            List<ClusterProcess> down = new ArrayList<>(clients);
            down.add(server);
            ProcessSteps.inParallel(down, p -> ProcessSteps.stop(run, p));
            Set<HostFile> clientFiles = filesOf(setup, clients);
            Set<HostFile> serverFiles = setup.filesOf(server);
            MoveWrites.write(run, MovePlan.Phase.SERVE, clientFiles::contains);
            MoveWrites.write(run, MovePlan.Phase.WRITABLE, f -> clientFiles.contains(f) || serverFiles.contains(f));
            ProcessSteps.start(run, server); // before the clients: they connect to it as soon as it listens
            ProcessSteps.inParallel(clients, p -> ProcessSteps.start(run, p));
        } catch (StepFailure e) {
            run.state(e.host(), StepState.FAILED, e.getMessage());
            throw e;
        }
        hosts(setup).forEach(h -> run.state(h, StepState.DONE, "serving, writable at the target"));
    }

    /**
     * With the clients and the target stopped: each file back one write for each phase this step
     * wrote into it, newest first, then the target as the serve phase left it and the clients as the
     * freeze left them, started again.
     */
    @Override
    public void undo(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        List<ClusterProcess> clients = setup.move().clients(setup);
        ClusterProcess server = setup.move().server();
        List<ClusterProcess> all = new ArrayList<>(clients);
        all.add(server);
        ProcessSteps.inParallel(all, p -> ProcessSteps.stop(run, p));
        Set<HostFile> clientFiles = filesOf(setup, clients);
        Set<HostFile> serverFiles = setup.filesOf(server);
        MoveWrites.restorePhase(run, MovePlan.Phase.WRITABLE, f -> clientFiles.contains(f) || serverFiles.contains(f));
        MoveWrites.restorePhase(run, MovePlan.Phase.SERVE, clientFiles::contains);
        ProcessSteps.start(run, server);
        ProcessSteps.inParallel(clients, p -> ProcessSteps.start(run, p));
    }

    private static Set<HostFile> filesOf(RunSetup setup, List<ClusterProcess> clients) {
        Set<HostFile> out = new HashSet<>();
        clients.forEach(c -> out.addAll(setup.filesOf(c)));
        return out;
    }
}
