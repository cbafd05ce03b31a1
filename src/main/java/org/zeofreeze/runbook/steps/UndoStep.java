package org.zeofreeze.runbook.steps;

import java.util.List;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Another step's undo as a step of its own. A full-stop rollback is a fixed list of steps, not the
 * run's steps undone one by one; the move's target server, which that list does not stop or start,
 * is taken back this way, as its own step would in a rolling rollback.
 */
public final class UndoStep implements Step {
    private final Step undone;

    public UndoStep(Step undone) {
        this.undone = undone;
    }

    @Override
    public String id() {
        return "rollback-" + undone.id();
    }

    @Override
    public String title() {
        return "Take back: " + undone.title();
    }

    @Override
    public StepAction action() {
        return undone.action();
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return undone.hosts(setup);
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        undone.undo(run);
    }
}
