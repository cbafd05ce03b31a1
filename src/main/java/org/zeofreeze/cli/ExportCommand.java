package org.zeofreeze.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.export.AnsibleExport;
import org.zeofreeze.export.ExportException;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.StrategyChooser;
import org.zeofreeze.runbook.StrategyDecision;
import org.zeofreeze.runbook.setup.RunSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code export ansible}: the reviewed plan as an inventory and playbooks, for fleets run by Ansible. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write the reviewed plan for another engine to carry out.",
        subcommands = ExportCommand.Ansible.class)
final class ExportCommand implements Runnable {
    @ParentCommand
    ZeoFreezeCommand top;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to export: ansible");
    }

    @Command(
            name = "ansible",
            mixinStandardHelpOptions = true,
            description = "An inventory, site.yml (the plan, in the strategy's order) and rollback.yml; the files are "
                    + "written mode 0600 because they carry the configuration files' real contents, secrets included.")
    static final class Ansible implements Callable<Integer> {
        @CommandLine.Mixin
        ProfilePlanOptions plan;

        @Option(
                names = {"-o", "--out"},
                required = true,
                paramLabel = "DIR",
                description = "A new or empty directory.")
        Path out;

        @ParentCommand
        ExportCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<ClusterProfile> read = plan.readProfile(err);
            if (read.isEmpty()) {
                return ZeoFreezeCommand.BAD_INPUT;
            }
            ClusterProfile p = read.get();
            if (plan.retire) {
                err.println(
                        "zeofreeze: a retire is not exported to Ansible: run it with zeofreeze run --retire; nothing "
                                + "was written.");
                return ZeoFreezeCommand.BAD_INPUT;
            }
            try (ProfileHosts hosts = Hosts.of(p, parent.top.in(), o)) {
                RunSetup setup;
                try {
                    setup = plan.prepare(p, hosts);
                } catch (DiscoveryException | PlanException e) {
                    err.println("zeofreeze: " + e.getMessage());
                    return ZeoFreezeCommand.BAD_INPUT;
                }
                new PlanPrinter(o).plan(setup.discovery().cluster(), setup.plan());
                if (setup.plan().changes().isEmpty()) {
                    err.println(
                            "zeofreeze: the plan changes no file, so there is nothing to export; nothing was written.");
                    return ZeoFreezeCommand.BAD_INPUT;
                }
                StrategyDecision decision = StrategyChooser.decide(setup, plan.askedStrategy());
                if (decision.refused()) {
                    err.println("zeofreeze: " + decision.refusal());
                    return ZeoFreezeCommand.BAD_INPUT;
                }
                try {
                    AnsibleExport.of(setup, decision.strategy(), Instant.now()).write(out);
                } catch (ExportException e) {
                    err.println("zeofreeze: " + e.getMessage() + "; nothing was written.");
                    return ZeoFreezeCommand.BAD_INPUT;
                }
                o.println();
                o.println("Strategy: " + decision.reason());
                o.println(
                        "Wrote " + out + ": inventory.yml, site.yml, rollback.yml, files/ (mode 0600: the files' real "
                                + "contents, secrets included).");
                o.println("  ansible-playbook -i " + out.resolve("inventory.yml") + " " + out.resolve("site.yml")
                        + " --check --diff");
                return 0;
            }
        }
    }
}
