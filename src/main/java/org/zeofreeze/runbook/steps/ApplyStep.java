package org.zeofreeze.runbook.steps;

import java.util.List;
import org.zeofreeze.apply.Verification;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Backs up and rewrites the configuration files on every host, then reads them back and checks
 * the cluster is what the plan promised. The plan is made again from the files as they are now
 * (a resumed run may find some already written) and must not hold anything that was not reviewed.
 */
public final class ApplyStep implements Step {

    @Override
    public String id() {
        return "apply";
    }

    @Override
    public StepAction action() {
        return new StepAction.WriteAll();
    }

    @Override
    public String title() {
        return "Back up and apply the config edits";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return setup.plan().changes().stream().map(FileChange::host).distinct().toList();
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        hosts(setup).forEach(h -> run.state(h, StepState.RUNNING, null));
        ConfigWrite.Written written = ConfigWrite.write(run, change -> true);
        List<String> problems = Verification.check(Rediscovery.of(run), written.plan());
        if (!problems.isEmpty()) {
            throw new StepFailure(null, "after writing: " + String.join("; ", problems));
        }
        hosts(setup).forEach(h -> run.state(h, StepState.DONE, "written and verified"));
    }

    @Override
    public void undo(StepRun run) throws StepFailure {
        restoreAll(run);
    }

    /** Puts back every file the journal says this run wrote; someone else's later edit is left alone. */
    static void restoreAll(StepRun run) throws StepFailure {
        // One write taken back per pass: a file a move wrote in each phase goes back layer by layer.
        for (int pass = 0; ConfigWrite.written(run, file -> true); pass++) {
            if (pass > 100) {
                throw new StepFailure(null, "the journal still lists files to restore after 100 passes");
            }
            ConfigWrite.restore(run, file -> true);
        }
    }
}
