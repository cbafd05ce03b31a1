package org.zeofreeze.runbook.steps;

import java.util.List;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/** Puts back every configuration file and permission change the journal records. */
public final class RestoreStep implements Step {
    @Override
    public String id() {
        return "rollback-restore";
    }

    @Override
    public StepAction action() {
        return new StepAction.RestoreAll();
    }

    @Override
    public String title() {
        return "Restore configs and file modes";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return setup.clusterHosts();
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        ApplyStep.restoreAll(run);
        FileModeStep.restoreAll(run);
        hosts(run.setup()).forEach(h -> run.state(h, StepState.DONE, "restored"));
    }
}
