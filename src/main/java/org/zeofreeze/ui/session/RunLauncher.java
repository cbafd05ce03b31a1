package org.zeofreeze.ui.session;

import java.util.List;
import java.util.Optional;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.setup.CancelToken;

/**
 * Starts a run of the reviewed plan and rolls it back; the Run page binds to the events. Both
 * methods block until done and are called off the FX thread; both end with a
 * {@link org.zeofreeze.runbook.event.RunEvent.Finished} event. A run's journal travels with its
 * {@link RunHandle}: a handle that holds one resumes that run instead of starting a new one.
 */
public interface RunLauncher {

    /** The steps the run will take, in order, so the grid can show them before they start. */
    List<StepLabel> steps(RunHandle run);

    void run(RunHandle run, RunListener listener, CancelToken cancel);

    void rollBack(RunHandle run, RunListener listener);

    /** Why {@code run} cannot be rolled back, if the run service would refuse it; asked off the FX thread. */
    default Optional<String> rollBackRefusal(RunHandle run) {
        return Optional.empty();
    }
}
