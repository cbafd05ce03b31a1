package org.zeofreeze.runbook.steps;

import java.util.List;
import java.util.Set;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.runbook.process.Balancer;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * One client's turn in a phase of a move, while the others serve: out of the balancer, stopped
 * (proven down), its files of the phase written, started until it answers HTTP, back in. Serve:
 * its moved databases now read the target's copy, still read-only. Writable: they may write at
 * the target. Undo puts back this phase's write only (the freeze's stays).
 */
public final class MoveClientStep implements Step {
    private final ClusterProcess client;
    private final MovePlan.Phase phase;

    public MoveClientStep(ClusterProcess client, MovePlan.Phase phase) {
        this.client = client;
        this.phase = phase;
    }

    @Override
    public String id() {
        return (phase == MovePlan.Phase.SERVE ? "move-switch:" : "move-writable:") + client.host() + "/"
                + client.part();
    }

    @Override
    public StepAction action() {
        return new StepAction.MoveClient(client, phase);
    }

    @Override
    public String title() {
        return "Restart " + client.part()
                + (phase == MovePlan.Phase.SERVE ? " on the target (read-only)" : " writable at the target");
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return List.of(client.host());
    }

    @Override
    public boolean restartsInPlace() {
        return true;
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        Set<HostFile> files = run.setup().filesOf(client);
        RollClientStep.turn(
                run,
                client,
                () -> MoveWrites.write(run, phase, files::contains),
                phase == MovePlan.Phase.SERVE
                        ? "serving from the target, read-only"
                        : "serving, writable at the target");
    }

    @Override
    public void undo(StepRun run) throws StepFailure, InterruptedException {
        Set<HostFile> files = run.setup().filesOf(client);
        boolean written = MoveWrites.writtenInPhase(run, phase, files::contains);
        boolean running = ProcessSteps.isRunning(run, client);
        if (!written) {
            if (!running && run.journal().stoppedProcesses().contains(List.of(client.host(), client.part()))) {
                ProcessSteps.start(run, client);
            }
            return;
        }
        if (running) {
            Balancer.drain(run, client);
            ProcessSteps.stop(run, client);
        }
        ConfigWrite.restore(run, files::contains);
        ProcessSteps.start(run, client);
        Balancer.undrain(run, client);
    }
}
