package org.zeofreeze.runbook.steps;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.probe.StorageFacts;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.process.ZeoClients;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.MoveSetup;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * The target's ZEO server in one phase of a move. Serve: its zeo.conf gets the moved storages,
 * read-only, it is started (or, serving other storages already, restarted alone), and each moved
 * storage must then give, read through ZEO, the same last transaction and object count as the
 * frozen source — before any client is pointed at it. Writable: the storages writable in its
 * zeo.conf, the server restarted alone, every switched client connected again.
 */
public final class MoveTargetStep implements Step {
    private static final Duration RECONNECT = Duration.ofSeconds(60);
    private final MovePlan.Phase phase;

    public MoveTargetStep(MovePlan.Phase phase) {
        this.phase = phase;
    }

    @Override
    public String id() {
        return "move-target:" + (phase == MovePlan.Phase.SERVE ? "serve" : "writable");
    }

    @Override
    public StepAction action() {
        return new StepAction.MoveTarget(phase);
    }

    @Override
    public String title() {
        return phase == MovePlan.Phase.SERVE
                ? "Serve the copies at the target, read-only, and prove them identical"
                : "Make the moved storages writable at the target";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return List.of(setup.move().plan().targetHost());
    }

    @Override
    public boolean restartsInPlace() {
        return true;
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        MoveSetup move = run.setup().move();
        ClusterProcess server = move.server();
        Set<HostFile> files = run.setup().filesOf(server);
        run.state(server.host(), StepState.RUNNING, null);
        try {
            List<ZeoClients.Known> known = ZeoClients.knownAmong(run, move.clients(run.setup()));
            // Only the clients connected before are awaited: in the serve phase, none has been pointed here yet.
            Map<ZeoClients.Known, Integer> before =
                    connected(ZeoClients.counts(server, known, ZeoClients.listings(run, server, known)));
            boolean wasRunning = ProcessSteps.isRunning(run, server);
            MoveWrites.write(run, phase, files::contains);
            if (wasRunning) {
                ProcessSteps.stop(run, server);
            } else {
                run.journal()
                        .append(new JournalEntry.ProcessStarted(run.journal().now(), server.host(), server.part()));
            }
            ProcessSteps.start(run, server);
            ZeoClients.awaitReconnected(run, server, before, RECONNECT);
            if (phase == MovePlan.Phase.SERVE) {
                proveIdentical(run, server);
            }
        } catch (StepFailure e) {
            run.state(server.host(), StepState.FAILED, e.getMessage());
            throw e;
        }
        run.state(
                server.host(),
                StepState.DONE,
                phase == MovePlan.Phase.SERVE ? "serving the copies read-only" : "serving the moved storages writable");
    }

    private static Map<ZeoClients.Known, Integer> connected(Map<ZeoClients.Known, Integer> counts) {
        Map<ZeoClients.Known, Integer> out = new LinkedHashMap<>();
        counts.forEach((k, n) -> {
            if (n > 0) {
                out.put(k, n);
            }
        });
        return out;
    }

    /** Each moved storage at the target: read-only, with the frozen source's last transaction and object count. */
    private static void proveIdentical(StepRun run, ClusterProcess target) throws StepFailure, InterruptedException {
        MovePlan plan = run.setup().move().plan();
        List<String> names =
                plan.storages().stream().map(MovePlan.MovedStorage::name).toList();
        Map<String, StorageFacts.Fact> there = StorageFacts.of(run, target, names);
        for (MovePlan.MovedStorage m : plan.storages()) {
            ClusterProcess source = run.setup().servers().stream()
                    .filter(s -> s.host().equals(m.source().host())
                            && s.part().equals(m.source().server()))
                    .findFirst()
                    .orElseThrow(
                            () -> new StepFailure(m.source().host(), "the source server of " + m.name() + " is gone"));
            StorageFacts.Fact here =
                    StorageFacts.of(run, source, List.of(m.name())).get(m.name());
            StorageFacts.Fact copy = there.get(m.name());
            boolean same = here.ok()
                    && copy.ok()
                    && "read-only".equals(here.state())
                    && "read-only".equals(copy.state())
                    && here.lastTransaction().equals(copy.lastTransaction())
                    && here.length() == copy.length();
            String text = m.name() + " at the target: " + copy + "; at the source: " + here;
            run.verified(
                    target.host(),
                    m.name(),
                    same,
                    same
                            ? m.name() + " at the target is the frozen source's copy: " + "read-only, last transaction "
                                    + copy.lastTransaction() + ", " + copy.length() + " objects on both"
                            : text);
            if (!same) {
                throw new StepFailure(target.host(), "no client was pointed at the target: " + text);
            }
        }
    }

    @Override
    public void undo(StepRun run) throws StepFailure, InterruptedException {
        ClusterProcess server = run.setup().move().server();
        Set<HostFile> files = run.setup().filesOf(server);
        boolean written = MoveWrites.writtenInPhase(run, phase, files::contains);
        boolean startedByRun = run.journal().startedProcesses().contains(List.of(server.host(), server.part()));
        if (written) {
            ConfigWrite.restore(run, files::contains);
        }
        boolean running = ProcessSteps.isRunning(run, server);
        if (phase == MovePlan.Phase.SERVE && startedByRun) {
            if (running) {
                ProcessSteps.stop(run, server); // it was not running before the move
            }
        } else if (written && running) {
            List<ZeoClients.Known> known =
                    ZeoClients.knownAmong(run, run.setup().move().clients(run.setup()));
            Map<ZeoClients.Known, Integer> before =
                    connected(ZeoClients.counts(server, known, ZeoClients.listings(run, server, known)));
            ProcessSteps.stop(run, server);
            ProcessSteps.start(run, server);
            ZeoClients.awaitReconnected(run, server, before, RECONNECT);
        }
    }
}
