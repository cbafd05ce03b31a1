package org.zeofreeze.runbook.step;

import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.runbook.setup.ClusterProcess;

/**
 * What a step of the runbook does, as data. Every step names its action; whatever carries a run
 * elsewhere (the Ansible export) turns each kind into its own form through {@link Visitor}, which
 * has one method per kind: a new kind of step does not compile until every such translation
 * handles it, so no front end can silently leave a step out.
 */
public sealed interface StepAction {
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of action. */
    interface Visitor<R> {
        R preflight(Preflight action);

        R preSync(PreSync action);

        R maintenance(Maintenance action);

        R stopAll(StopAll action);

        R writeAll(WriteAll action);

        R restoreAll(RestoreAll action);

        R fileModes(FileModes action);

        R startAll(StartAll action);

        R rollClient(RollClient action);

        R restartServer(RestartServer action);

        R verify(Verify action);

        R copy(Copy action);

        R moveTarget(MoveTarget action);

        R moveClient(MoveClient action);

        R moveVerify(MoveVerify action);

        R moveAll(MoveAll action);

        R moveRetire(MoveRetire action);
    }

    /** Every file still the reviewed one, every process serving, the target ready: before anything stops. */
    record Preflight() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.preflight(this);
        }
    }

    /** The chosen storages copied once to the target while the site is live. */
    record PreSync() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.preSync(this);
        }
    }

    /** The profile's maintenance command, on or off. */
    record Maintenance(boolean on) implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.maintenance(this);
        }
    }

    /** Every client, then every ZEO server, stopped and proven down. */
    record StopAll() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.stopAll(this);
        }
    }

    /** Every file of the plan written, with the cluster down. */
    record WriteAll() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.writeAll(this);
        }
    }

    /** Every file and mode the run changed put back, with the cluster down. */
    record RestoreAll() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.restoreAll(this);
        }
    }

    /** The chosen storages' {@code .fs} permission bits: read-only on disk, or writable again. */
    record FileModes(boolean readOnly) implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.fileModes(this);
        }
    }

    /** Every ZEO server, then every client, started until it serves. */
    record StartAll() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.startAll(this);
        }
    }

    /** One client's turn in a rolling run, its databases brought to {@code mode}. */
    record RollClient(ClusterProcess client, Mode mode) implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.rollClient(this);
        }
    }

    /** One ZEO server restarted alone, its storages brought to {@code mode}. */
    record RestartServer(ClusterProcess server, Mode mode) implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.restartServer(this);
        }
    }

    /** From outside: the storages as planned, every process serving. */
    record Verify() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.verify(this);
        }
    }

    /** The move's target server in one phase: serving the copies read-only, or writable. */
    record MoveTarget(MovePlan.Phase phase) implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.moveTarget(this);
        }
    }

    /** One client's turn in one phase of a move: pointed at the target read-only, or writable there. */
    record MoveClient(ClusterProcess client, MovePlan.Phase phase) implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.moveClient(this);
        }
    }

    /** The full stop's move: the clients and the target stopped together, switched to the target writable, started. */
    record MoveAll() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.moveAll(this);
        }
    }

    /**
     * The moved storages' sections taken out of the old server's zeo.conf, once its connections show
     * that no client uses them there, and the old server restarted alone.
     */
    record MoveRetire() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.moveRetire(this);
        }
    }

    /** From outside: the moved storages writable at the target, every client serving. */
    record MoveVerify() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.moveVerify(this);
        }
    }

    /** The frozen storages copied to the target and compared there. */
    record Copy() implements StepAction {
        public <R> R accept(Visitor<R> v) {
            return v.copy(this);
        }
    }
}
