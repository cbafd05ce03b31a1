package org.zeofreeze.runbook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.runbook.copy.CopyStep;
import org.zeofreeze.runbook.copy.PreSyncStep;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.MoveSetup;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.steps.ApplyStep;
import org.zeofreeze.runbook.steps.FileModeStep;
import org.zeofreeze.runbook.steps.MaintenanceStep;
import org.zeofreeze.runbook.steps.MoveAllStep;
import org.zeofreeze.runbook.steps.MoveClientStep;
import org.zeofreeze.runbook.steps.MoveTargetStep;
import org.zeofreeze.runbook.steps.MoveVerifyStep;
import org.zeofreeze.runbook.steps.PreflightStep;
import org.zeofreeze.runbook.steps.RestoreStep;
import org.zeofreeze.runbook.steps.RetireStep;
import org.zeofreeze.runbook.steps.RollingSteps;
import org.zeofreeze.runbook.steps.StartStep;
import org.zeofreeze.runbook.steps.StopStep;
import org.zeofreeze.runbook.steps.UndoStep;
import org.zeofreeze.runbook.steps.VerifyStep;

/**
 * The ordered steps of a run.
 *
 * <p>A freeze with a migration target begins, after the pre-flight, with a pre-sync of the
 * storages while the site is live (unless the profile turns it off).
 *
 * <p>Rolling (the site keeps serving): pre-flight; freeze: each client in turn restarted with its
 * databases read-only, then each ZEO server alone; thaw: the servers first, then the clients;
 * then the {@code .fs} modes, the verification from outside and the copy. The maintenance
 * commands are not run: there is no outage to cover.
 *
 * <p>Full stop (the guide's order): pre-flight, maintenance on, stop everything, apply the config
 * edits, (optionally) the {@code .fs} modes, start everything, verify, copy; a move then serves the
 * copies at the target, switches every client there at once with them all down, and verifies;
 * maintenance off.
 *
 * <p>A move asked to retire ends by taking the moved storages out of the old server's zeo.conf and
 * restarting it alone ({@link RetireStep}); the retire of an earlier move runs on its own.
 */
public final class Runbook {
    private final Strategy strategy;
    private final List<Step> steps;
    private final List<Step> fullStopRollback;

    Runbook(Strategy strategy, List<Step> steps) {
        this(strategy, steps, List.of());
    }

    private Runbook(Strategy strategy, List<Step> steps, List<Step> fullStopRollback) {
        this.strategy = strategy;
        this.steps = List.copyOf(steps);
        this.fullStopRollback = List.copyOf(fullStopRollback);
    }

    public static Runbook of(RunSetup setup, Strategy strategy) {
        if (setup.retiresOnly()) {
            return retireOnly();
        }
        return strategy == Strategy.ROLLING ? rolling(setup, RollingSteps.changedFiles(setup)) : fullStop(setup);
    }

    /** The runbook a journaled run was started with, for resume and rollback: its strategy, its reviewed files. */
    public static Runbook of(RunSetup setup, Journal journal) {
        if (setup.retiresOnly()) {
            return retireOnly();
        }
        return journal.header().strategy() == Strategy.ROLLING
                ? rolling(setup, RollingSteps.changedFiles(journal))
                : fullStop(setup);
    }

    /**
     * The retire of storages an earlier move took elsewhere, on its own: the pre-flight, then the old
     * server without them, restarted alone once its connections show nothing uses them there. Its
     * rollback is the step's undo: the sections back, the server restarted alone again.
     */
    private static Runbook retireOnly() {
        return new Runbook(Strategy.ROLLING, List.of(new PreflightStep(), new RetireStep()));
    }

    private static Runbook rolling(RunSetup setup, Set<HostFile> changed) {
        List<Step> steps = new ArrayList<>();
        steps.add(new PreflightStep());
        preSync(setup, steps);
        boolean freeze = setup.choice().mode() == Mode.FREEZE;
        if (!freeze) {
            steps.add(FileModeStep.writableOnDisk());
        }
        steps.addAll(RollingSteps.steps(setup, changed));
        if (freeze && setup.profile().chmodFrozenFiles()) {
            steps.add(FileModeStep.readOnlyOnDisk());
        }
        steps.add(new VerifyStep());
        if (freeze && setup.profile().target() != null) {
            steps.add(new CopyStep());
        }
        if (setup.moves()) {
            move(setup, steps);
        }
        return new Runbook(Strategy.ROLLING, steps);
    }

    /**
     * A move after the verified copy, in two rolls: the target serves the copies read-only and
     * every client is pointed at it one at a time; only then the target's storages become writable
     * and each client in turn writable there. So no client reads a moved database from the old
     * server once any client could write it at the new one.
     */
    private static void move(RunSetup setup, List<Step> steps) {
        List<ClusterProcess> clients = setup.move().clients(setup);
        steps.add(new MoveTargetStep(MovePlan.Phase.SERVE));
        clients.forEach(c -> steps.add(new MoveClientStep(c, MovePlan.Phase.SERVE)));
        steps.add(new MoveTargetStep(MovePlan.Phase.WRITABLE));
        clients.forEach(c -> steps.add(new MoveClientStep(c, MovePlan.Phase.WRITABLE)));
        steps.add(new MoveVerifyStep());
        if (setup.retires()) {
            steps.add(new RetireStep()); // last: by now no client reads a moved storage from the old server
        }
    }

    /**
     * Why this run can no longer be rolled back, if so: a move that began to give a client write
     * access at the target. From then on clients may have written there, the old server is behind
     * their caches, and a client pointed back at it would not connect. Before that (the target
     * writable, no client yet), every step can still be undone.
     */
    public Optional<String> rollbackRefusal(RunSetup setup, Journal journal) {
        if (!setup.moves()) {
            return Optional.empty();
        }
        boolean written = writeAccessChanges(setup).stream()
                .anyMatch(c -> journal.everWrote(c.host(), c.path(), c.afterSha256()));
        return written ? Optional.of(rollbackRefusalText(setup)) : Optional.empty();
    }

    /**
     * The writes that give a client of a move write access at the target: the writable phase's
     * changes of the clients' files. Once any of them holds its {@code afterSha256}, the move can no
     * longer be rolled back (see {@link #rollbackRefusal}). Empty without a move.
     */
    public static List<FileChange> writeAccessChanges(RunSetup setup) {
        if (!setup.moves()) {
            return List.of();
        }
        MoveSetup move = setup.move();
        Set<HostFile> clientFiles = new HashSet<>();
        move.clients(setup).forEach(c -> clientFiles.addAll(setup.filesOf(c)));
        return move.plan().writable().stream()
                .filter(c -> clientFiles.contains(new HostFile(c.host(), c.path())))
                .toList();
    }

    /** Why a move whose clients got write access at the target is not rolled back, and the way on. */
    public String rollbackRefusalText(RunSetup setup) {
        MovePlan plan = setup.move().plan();
        String names = String.join(
                ", ", plan.storages().stream().map(MovePlan.MovedStorage::name).toList());
        return (strategy == Strategy.ROLLING
                        ? "this move reached its second roll: "
                        : "this move switched its clients to the target: ")
                + names + " became writable at " + plan.address()
                + " and clients may have written there. The old server is behind their ZEO caches now: a client "
                + "pointed back at it would not connect (\"server behind client\"). Nothing was changed. To serve "
                + names + " from the old server again, move them back: a new move with that server as the target.";
    }

    private static Runbook fullStop(RunSetup setup) {
        List<Step> steps = new ArrayList<>();
        steps.add(new PreflightStep());
        preSync(setup, steps);
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
        steps.add(new VerifyStep());
        if (setup.choice().mode() == Mode.FREEZE && setup.profile().target() != null) {
            steps.add(new CopyStep());
        }
        if (setup.moves()) {
            // The target serves the copies read-only and proves them identical while no client uses it;
            // then everything that uses them is down at once while the files change.
            steps.add(new MoveTargetStep(MovePlan.Phase.SERVE));
            steps.add(new MoveAllStep());
            steps.add(new MoveVerifyStep());
        }
        steps.add(new MaintenanceStep(false));
        if (setup.moves() && setup.retires()) {
            // The old server restarts alone under its clients (ZEO 5 and later wait through it), after the
            // maintenance page is down: a retire that fails is put back and leaves the site serving.
            steps.add(new RetireStep());
        }
        return new Runbook(Strategy.FULL_STOP, steps, fullStopRollback(setup));
    }

    /** A freeze with a target copies once while the site is live, unless the profile or the command says not to. */
    private static void preSync(RunSetup setup, List<Step> steps) {
        if (setup.choice().mode() == Mode.FREEZE
                && setup.profile().target() != null
                && setup.profile().target().preSyncs()) {
            steps.add(new PreSyncStep());
        }
    }

    /**
     * Full-stop rollback: maintenance on (the site is about to go down: a run that ended had turned
     * it off), stop, (a move's target server as it was,) put back every file and mode this run
     * changed, start again, maintenance off.
     */
    private static List<Step> fullStopRollback(RunSetup setup) {
        List<Step> steps = new ArrayList<>(List.of(new MaintenanceStep(true), new StopStep("rollback-stop")));
        if (setup.moves()) {
            steps.add(new UndoStep(
                    new MoveTargetStep(MovePlan.Phase.SERVE))); // the target as it was: stopped if the run started it
        }
        steps.addAll(List.of(new RestoreStep(), new StartStep("rollback-start"), new MaintenanceStep(false)));
        return steps;
    }

    /** The steps a full-stop rollback runs, in order (see {@link #fullStopRollback(RunSetup)}); none for rolling. */
    List<Step> fullStopRollback() {
        return fullStopRollback;
    }

    /**
     * What rolling back the whole run does, in order, as the runner does it: rolling, the action of
     * every step, newest first, each to be undone (the checks, the copy and the verification have
     * nothing to undo); full stop, the steps of {@link #fullStopRollback()}, each to be run.
     */
    public List<StepAction> rollbackActions() {
        if (strategy == Strategy.FULL_STOP) {
            return fullStopRollback.stream().map(Step::action).toList();
        }
        List<StepAction> out = new ArrayList<>(steps.stream().map(Step::action).toList());
        Collections.reverse(out);
        return List.copyOf(out);
    }

    public Strategy strategy() {
        return strategy;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The steps as the wizard lists them: id and title. */
    public List<StepInfo> describe(RunSetup setup) {
        return steps.stream()
                .map(s -> new StepInfo(s.id(), s.title(), s.hosts(setup)))
                .toList();
    }

    public record StepInfo(String id, String title, List<String> hosts) {}
}
