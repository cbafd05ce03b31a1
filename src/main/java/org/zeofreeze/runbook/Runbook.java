package org.zeofreeze.runbook;

import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.plan.Mode;

/**
 * The ordered steps of a run. Freeze: pre-flight, maintenance on, stop everything, apply the
 * config edits, (optionally) make the {@code .fs} files read-only on disk, start everything,
 * copy, maintenance off. Thaw: pre-flight, stop, apply, make the files writable, start.
 */
public final class Runbook {
    private final List<Step> steps;

    Runbook(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    public static Runbook of(RunSetup setup) {
        List<Step> steps = new ArrayList<>();
        steps.add(new PreflightStep());
        steps.add(new MaintenanceStep(true));
        steps.add(new StopStep("stop"));
        steps.add(new ApplyStep());
        if (setup.choice().mode() == Mode.FREEZE) {
            if (setup.profile().chmodFrozenFiles()) {
                steps.add(FileModeStep.readOnlyOnDisk());
            }
        } else {
            steps.add(FileModeStep.writableOnDisk());
        }
        steps.add(new StartStep("start"));
        if (setup.choice().mode() == Mode.FREEZE && setup.profile().target() != null) {
            steps.add(new CopyStep());
        }
        steps.add(new MaintenanceStep(false));
        return new Runbook(steps);
    }

    /** Rollback: stop, put back every file and mode this run changed, start again, maintenance off. */
    static Runbook rollback() {
        return new Runbook(List.of(new StopStep("rollback-stop"), new RestoreStep(), new StartStep("rollback-start"),
                new MaintenanceStep(false)));
    }

    public List<Step> steps() {
        return steps;
    }

    /** The steps as the wizard lists them: id and title. */
    public List<StepInfo> describe(RunSetup setup) {
        return steps.stream().map(s -> new StepInfo(s.id(), s.title(), s.hosts(setup))).toList();
    }

    public record StepInfo(String id, String title, List<String> hosts) {
    }
}
