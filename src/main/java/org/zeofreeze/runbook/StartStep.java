package org.zeofreeze.runbook;

import java.util.List;
import java.util.Set;

/**
 * Starts the ZEO server(s), waits for the port, then starts the clients in parallel and waits
 * until each answers HTTP: the site is back, read-only where chosen. Only processes this run
 * stopped are started; one that was down before stays down.
 */
final class StartStep extends ClusterWideStep {

    StartStep(String id) {
        super(id);
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
                .filter(p -> stopped.contains(List.of(p.host(), p.part()))).toList();
        List<ClusterProcess> clients = run.setup().clients().stream()
                .filter(p -> stopped.contains(List.of(p.host(), p.part()))).toList();
        run.setup().clients().stream().filter(p -> !clients.contains(p))
                .forEach(p -> run.log(p.host(), RunEvent.Level.WARNING, p.part() + " was not running before; left as it was"));
        ProcessSteps.inParallel(servers, p -> ProcessSteps.start(run, p));
        ProcessSteps.inParallel(clients, p -> ProcessSteps.start(run, p));
    }
}
