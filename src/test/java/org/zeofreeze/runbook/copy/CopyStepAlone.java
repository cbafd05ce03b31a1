package org.zeofreeze.runbook.copy;

import java.time.Clock;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Runs the copy step, or the pre-sync, by itself (no stop, apply or start) on a prepared setup:
 * the benchmark times exactly the product's copy logic. Lives in this package because the steps are internal.
 */
public final class CopyStepAlone {
    private CopyStepAlone() {}

    public static void run(RunSetup setup, Journal journal, RunListener listener)
            throws StepFailure, InterruptedException {
        CopyStep step = new CopyStep();
        step.run(new StepRun(step, setup, journal, listener, new CancelToken(), Clock.systemUTC()));
    }

    /** The pre-sync alone; what it records in {@code journal} is what the copy step run with it later reads. */
    public static void preSync(RunSetup setup, Journal journal, RunListener listener)
            throws StepFailure, InterruptedException {
        PreSyncStep step = new PreSyncStep();
        step.run(new StepRun(step, setup, journal, listener, new CancelToken(), Clock.systemUTC()));
    }
}
