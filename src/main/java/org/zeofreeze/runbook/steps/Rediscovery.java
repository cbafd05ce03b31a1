package org.zeofreeze.runbook.steps;

import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/** The cluster of a run read again from the same buildouts, as the files are now; a failed read fails the step. */
final class Rediscovery {
    private Rediscovery() {}

    static Discovery of(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        try {
            return ClusterReader.of(setup.profile(), setup.hosts())
                    .again(setup.discovery().cluster());
        } catch (DiscoveryException e) {
            throw new StepFailure(null, e.getMessage(), e);
        }
    }
}
