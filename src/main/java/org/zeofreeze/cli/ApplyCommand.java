package org.zeofreeze.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeofreeze.apply.ApplyException;
import org.zeofreeze.apply.ApplyRecord;
import org.zeofreeze.apply.ConfigApplier;
import org.zeofreeze.apply.Verification;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Show the patch, ask, then back up and rewrite the configuration files. "
                + "Stop the cluster first and restart it after: see the README.")
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Option(names = "--config-only", required = true,
            description = "Only edit zeo.conf and zope.conf; stopping, restarting and copying are not done.")
    boolean configOnly;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
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
        try {
            List<ApplyRecord> records = new ConfigApplier(h -> Engine.LOCAL, Clock.systemUTC())
                    .apply(plan, discovery.cluster().buildouts());
            for (ApplyRecord r : records) {
                r.files().forEach(f -> out.println("wrote " + f.path() + " (backup " + f.backup() + ")"));
                out.println("record for 'zeofreeze revert': " + r.recordPath());
            }
            Discovery after = Engine.discover(options.buildout);
            List<String> problems = Verification.check(after, plan);
            if (!problems.isEmpty()) {
                problems.forEach(p -> err.println("zeofreeze: verification: " + p));
                err.println("zeofreeze: run 'zeofreeze revert' to put the files back.");
                return ZeoFreezeCommand.NOT_DONE;
            }
            out.println("Verified: re-read every file; " + String.join(", ", plan.selected().stream()
                    .map(after.cluster()::displayName).toList()) + " " + (plan.mode().name().equals("FREEZE")
                    ? "frozen on the server and in every client." : "writable again everywhere."));
            out.println("Now stop every Zope client and the ZEO server, then start the ZEO server and the clients.");
        } catch (ApplyException | DiscoveryException e) {
            err.println("zeofreeze: " + e.getMessage());
            return ZeoFreezeCommand.NOT_DONE;
        }
        out.flush();
        return 0;
    }
}
