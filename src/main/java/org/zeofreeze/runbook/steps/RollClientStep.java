package org.zeofreeze.runbook.steps;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.process.Balancer;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * One client's turn in a rolling run: out of the balancer, stopped (proven down), its own
 * configuration files written, started until it answers HTTP, back into the balancer. The other
 * clients serve meanwhile. Undo does the same with the files put back.
 */
final class RollClientStep implements Step {
    private final ClusterProcess client;
    private final Mode mode;

    RollClientStep(ClusterProcess client, Mode mode) {
        this.client = client;
        this.mode = mode;
    }

    ClusterProcess client() {
        return client;
    }

    @Override
    public String id() {
        return "roll:" + client.host() + "/" + client.part();
    }

    @Override
    public StepAction action() {
        return new StepAction.RollClient(client, mode);
    }

    @Override
    public String title() {
        return "Restart " + client.part() + " (" + (mode == Mode.FREEZE ? "read-only" : "writable") + ")";
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
        turn(
                run,
                client,
                () -> ConfigWrite.write(run, change -> ConfigWrite.touches(change, files)),
                mode == Mode.FREEZE ? "serving, read-only where chosen" : "serving, writable");
    }

    /** What a client's turn writes while the client is down. */
    interface Write {
        void write() throws StepFailure, InterruptedException;
    }

    /**
     * One client's turn, the others serving: out of the balancer, stopped (proven down), its files
     * written, started until it answers HTTP, back in. A client that was not running is only written.
     */
    static void turn(StepRun run, ClusterProcess client, Write write, String done)
            throws StepFailure, InterruptedException {
        run.state(client.host(), StepState.RUNNING, null);
        try {
            boolean wasRunning = ProcessSteps.isRunning(run, client);
            if (wasRunning) {
                Balancer.drain(run, client);
                ProcessSteps.stop(run, client);
            }
            write.write();
            if (wasRunning) {
                ProcessSteps.start(run, client);
                Balancer.undrain(run, client);
            } else {
                run.log(
                        client.host(),
                        RunEvent.Level.WARNING,
                        client.part() + " was not running before; left as it was");
            }
        } catch (StepFailure e) {
            run.state(client.host(), StepState.FAILED, e.getMessage());
            throw e;
        }
        run.state(client.host(), StepState.DONE, done);
    }

    @Override
    public void undo(StepRun run) throws StepFailure, InterruptedException {
        Set<HostFile> mine = run.setup().filesOf(client);
        Set<HostFile> sharedWithDone = RollingSteps.filesOfOthersStillDone(run, this);
        Predicate<HostFile> ours = f -> mine.contains(f) && !sharedWithDone.contains(f);
        boolean written = ConfigWrite.written(run, ours);
        boolean stoppedByRun = run.journal().stoppedProcesses().contains(List.of(client.host(), client.part()));
        boolean running = ProcessSteps.isRunning(run, client);
        if (written && running) {
            Balancer.drain(run, client);
            ProcessSteps.stop(run, client);
        }
        ConfigWrite.restore(run, ours);
        if (written && running || stoppedByRun && !ProcessSteps.isRunning(run, client)) {
            ProcessSteps.start(run, client);
        }
        Balancer.undrain(run, client);
    }
}
