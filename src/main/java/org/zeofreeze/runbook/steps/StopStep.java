package org.zeofreeze.runbook.steps;

import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Stops every Zope client and the ZEO server at once — the guide's rule: all of them must be down
 * together — and proves each is down. A process that will not stop fails the step before any file
 * is written; undo starts again what this step stopped.
 */
public final class StopStep extends ClusterWideStep {

    public StopStep(String id) {
        super(id);
    }

    @Override
    public StepAction action() {
        return new StepAction.StopAll();
    }

    @Override
    public String title() {
        return "Stop clients and ZEO";
    }

    @Override
    public boolean takesClusterDown() {
        return true;
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        List<ClusterProcess> all = new ArrayList<>(run.setup().clients());
        all.addAll(run.setup().servers());
        allHosts(run, StepState.RUNNING, null);
        try {
            ProcessSteps.inParallel(all, p -> ProcessSteps.stop(run, p));
        } catch (StepFailure e) {
            run.state(e.host(), StepState.FAILED, e.getMessage());
            throw e;
        }
        allHosts(run, StepState.DONE, "stopped");
    }

    @Override
    public void undo(StepRun run) throws StepFailure, InterruptedException {
        StartStep.startRecorded(run);
    }
}
