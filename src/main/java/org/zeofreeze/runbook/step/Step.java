package org.zeofreeze.runbook.step;

import java.util.List;
import org.zeofreeze.runbook.setup.RunSetup;

/**
 * One step of a runbook, a small command object: it runs on some hosts, records what it did in
 * the journal before and after each action, and can undo it from that record alone.
 */
public interface Step {
    /** Short stable id used in the journal ("stop", "apply"...). */
    String id();

    String title();

    /** What the step does, as data, for the front ends that translate a run (the Ansible export). */
    StepAction action();

    /** The hosts the step shows a state for. */
    List<String> hosts(RunSetup setup);

    void run(StepRun run) throws StepFailure, InterruptedException;

    /** Takes back what {@link #run} did, as recorded in the journal. Most steps change nothing. */
    default void undo(StepRun run) throws StepFailure, InterruptedException {}

    /** After this step the site is down until a later step starts it again. */
    default boolean takesClusterDown() {
        return false;
    }

    /**
     * The step takes part of the site down and brings it back itself (one client's restart, the
     * ZEO server's): when it fails, it is undone at once, so that part serves again as it was.
     */
    default boolean restartsInPlace() {
        return false;
    }

    /** After this step the site is serving again. */
    default boolean bringsClusterUp() {
        return false;
    }
}
