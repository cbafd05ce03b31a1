package org.zeofreeze.runbook.steps;

import java.util.List;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/** Runs the profile's maintenance-on (or -off) command, if there is one: a Varnish or nginx switch. */
public final class MaintenanceStep implements Step {
    private final boolean on;

    public MaintenanceStep(boolean on) {
        this.on = on;
    }

    @Override
    public String id() {
        return on ? "maintenance-on" : "maintenance-off";
    }

    @Override
    public StepAction action() {
        return new StepAction.Maintenance(on);
    }

    @Override
    public String title() {
        return on ? "Maintenance mode on" : "Maintenance mode off";
    }

    private static String host(RunSetup setup) {
        String h = setup.profile().maintenance().host();
        return h == null || h.isBlank() ? setup.clusterHosts().get(0) : h;
    }

    private List<String> command(RunSetup setup) {
        return on
                ? setup.profile().maintenance().onCommand()
                : setup.profile().maintenance().offCommand();
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return command(setup).isEmpty() ? List.of() : List.of(host(setup));
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        List<String> argv = command(run.setup());
        if (argv.isEmpty()) {
            run.info(null, "no maintenance command in the profile; the front end is the admin's to switch");
            return;
        }
        String host = host(run.setup());
        run.state(host, StepState.RUNNING, null);
        if (!run.exec(host, argv, run.setup().timeouts().command()).ok()) {
            run.state(host, StepState.FAILED, null);
            throw new StepFailure(
                    host, "the maintenance-" + (on ? "on" : "off") + " command failed: " + String.join(" ", argv));
        }
        run.state(host, StepState.DONE, null);
    }

    @Override
    public void undo(StepRun run) throws StepFailure, InterruptedException {
        if (on) {
            new MaintenanceStep(false).run(run);
        }
    }
}
