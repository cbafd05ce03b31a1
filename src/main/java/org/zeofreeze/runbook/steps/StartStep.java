package org.zeofreeze.runbook.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Starts the ZEO server(s) and the clients together and waits until the ZEO port accepts and each
 * client answers HTTP: the site is back, read-only where chosen. Only processes this run
 * stopped are started; one that was down before stays down.
 */
public final class StartStep extends ClusterWideStep {

    public StartStep(String id) {
        super(id);
    }

    @Override
    public StepAction action() {
        return new StepAction.StartAll();
    }

    @Override
    public String title() {
        return "Start ZEO and clients";
    }

    @Override
    public boolean bringsClusterUp() {
        return true;
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        allHosts(run, StepState.RUNNING, null);
        try {
            startRecorded(run);
        } catch (StepFailure e) {
            run.state(e.host(), StepState.FAILED, e.getMessage());
            throw e;
        }
        allHosts(run, StepState.DONE, "serving");
    }

    static void startRecorded(StepRun run) throws StepFailure, InterruptedException {
        Set<List<String>> stopped = run.journal().stoppedProcesses();
        List<ClusterProcess> servers = run.setup().servers().stream()
                .filter(p -> stopped.contains(List.of(p.host(), p.part())))
                .toList();
        List<ClusterProcess> clients = run.setup().clients().stream()
                .filter(p -> stopped.contains(List.of(p.host(), p.part())))
                .toList();
        run.setup().clients().stream()
                .filter(p -> !clients.contains(p))
                .forEach(p -> run.log(
                        p.host(), RunEvent.Level.WARNING, p.part() + " was not running before; left as it was"));
        // All at once: a Zope client started before its ZEO server listens waits for it and connects
        // as soon as it does, so the clients' own start-up overlaps the server's. A client that gives
        // up waiting is started again (ProcessSteps.start).
        List<ClusterProcess> all = new ArrayList<>(servers);
        all.addAll(clients);
        ProcessSteps.inParallel(all, p -> ProcessSteps.start(run, p));
    }
}
