package org.zeofreeze.ui.session;

import java.util.List;
import org.zeofreeze.runbook.CancelToken;
import org.zeofreeze.runbook.Journal;
import org.zeofreeze.runbook.RunListener;

/**
 * Starts a run of the reviewed plan and rolls it back; the Run page binds to the events. Both
 * methods block until done and are called off the FX thread; both end with a
 * {@link org.zeofreeze.runbook.RunEvent.Finished} event.
 */
public interface RunLauncher {

    /** The steps the run will take, in order, so the grid can show them before they start. */
    List<StepLabel> steps(RunRequest request);

    void run(RunRequest request, RunListener listener, CancelToken cancel);

    void rollBack(RunRequest request, RunListener listener);

    /**
     * Makes {@code request} continue the run of an existing journal (resume or roll back) instead
     * of starting a new one; false when this launcher keeps no journals.
     */
    default boolean adopt(RunRequest request, Journal journal) {
        return false;
    }
}
