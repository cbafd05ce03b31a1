package org.zeofreeze.runbook.steps;

import java.util.List;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepRun;

/** A step that acts on every host of the cluster, under an id of its caller's choosing (run or rollback). */
abstract class ClusterWideStep implements Step {
    private final String id;

    ClusterWideStep(String id) {
        this.id = id;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return setup.clusterHosts();
    }

    void allHosts(StepRun run, StepState state, String message) {
        run.setup().clusterHosts().forEach(h -> run.state(h, state, message));
    }
}
