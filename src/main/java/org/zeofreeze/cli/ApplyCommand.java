package org.zeofreeze.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.ConfigOnlyRun;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.setup.CancelToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = "Show the patch, ask, then back up and rewrite the configuration files. "
                + "Stop the cluster first and restart it after: see the README.")
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Option(
            names = "--config-only",
            required = true,
            description = "Only edit zeo.conf and zope.conf; stopping, restarting and copying are not done.")
    boolean configOnly;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation.")
    boolean yes;

    @ParentCommand
    ZeoFreezeCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Engine.Prepared prepared = Engine.prepare(options, err);
        if (prepared == null) {
            return ZeoFreezeCommand.BAD_INPUT;
        }
        Discovery discovery = prepared.discovery();
        Plan plan = prepared.plan();
        new PlanPrinter(out).plan(discovery.cluster(), plan);
        if (plan.isEmpty()) {
            out.flush();
            return 0;
        }
        if (!yes && !Confirm.ask(parent.in(), out, "Write these changes?")) {
            err.println("zeofreeze: nothing was written.");
            return ZeoFreezeCommand.NOT_DONE;
        }
        ConfigOnlyRun run = new ConfigOnlyRun(discovery, plan, name -> Engine.LOCAL, Engine.READER, Clock.systemUTC());
        Secrets secrets = Secrets.of(plan);
        EventPrinter printer = new EventPrinter(out, secrets);
        RunEvent.Outcome outcome = run.run(
                event -> {
                    printer.on(event);
                    if (event instanceof RunEvent.Finished f && f.outcome() != RunEvent.Outcome.DONE) {
                        err.println("zeofreeze: " + secrets.mask(f.message()));
                    }
                },
                new CancelToken());
        out.flush();
        return outcome == RunEvent.Outcome.DONE ? 0 : ZeoFreezeCommand.NOT_DONE;
    }
}
