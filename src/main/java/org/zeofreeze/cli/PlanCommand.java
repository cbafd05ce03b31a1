package org.zeofreeze.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.plan.PrivateFiles;
import org.zeofreeze.plan.RetirePlan;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.setup.RunSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Show the cluster, what would be frozen or thawed, and the patch. Writes nothing.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Option(
            names = {"-p", "--profile"},
            paramLabel = "FILE",
            description =
                    "Plan on the hosts of this cluster " + "profile (JSON) instead of a buildout on this computer.")
    Path profile;

    @Option(
            names = "--move",
            description = "Plan a move (needs --profile, whose target is the new server): the freeze, "
                    + "then each file the putting into service at the target changes, its zeo.conf included.")
    boolean move;

    @Option(
            names = "--retire",
            description = "Plan the retire of moved storages (needs --profile): their sections taken "
                    + "out of the old server's zeo.conf. With --move, the move's last step; without, for storages an earlier "
                    + "move took elsewhere (-f NAME).")
    boolean retire;

    @CommandLine.ParentCommand
    ZeoFreezeCommand parent;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--patch", description = "Print only the patch (for patch -p1); secret values are masked.")
    boolean patchOnly;

    @Option(
            names = "--patch-outside",
            description = "Print only the patch of the files outside the buildout "
                    + "(%include'd from elsewhere), named from /, for patch -p1 -d /; secret values are masked.")
    boolean patchOutside;

    @Option(
            names = "--patch-file",
            paramLabel = "FILE",
            description = "Write the patch, secret values included, to FILE (mode 0600) for patch -p1.")
    Path patchFile;

    @Option(
            names = "--reveal-secrets",
            description = "Show secret values (a <zeoclient> password) instead of " + Secrets.MASK + ".")
    boolean reveal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (move && profile == null) {
            err.println(
                    "zeofreeze: --move plans on the hosts of a profile, whose target is the new server: add --profile FILE");
            return ZeoFreezeCommand.BAD_INPUT;
        }
        if (retire && profile == null) {
            err.println("zeofreeze: --retire plans on the hosts of a profile (the old server and every client, whose "
                    + "connections it checks): add --profile FILE");
            return ZeoFreezeCommand.BAD_INPUT;
        }
        if (profile != null) {
            ClusterProfile p;
            try {
                p = ProfileStore.read(profile);
            } catch (IOException e) {
                err.println("zeofreeze: " + e.getMessage());
                return ZeoFreezeCommand.BAD_INPUT;
            }
            try (ProfileHosts hosts = Hosts.of(p, parent.in(), err)) {
                RunSetup setup;
                try {
                    setup = move
                            ? RunPreparation.prepareMove(p, options.selection(), hosts, retire)
                            : retire
                                    ? RunPreparation.prepareRetire(p, options.selection(), hosts)
                                    : RunPreparation.prepare(p, options.selection(), hosts);
                } catch (DiscoveryException | PlanException e) {
                    err.println("zeofreeze: " + e.getMessage());
                    return ZeoFreezeCommand.BAD_INPUT;
                }
                if (setup.retiresOnly()) {
                    return showRetire(out, setup);
                }
                return show(
                        out,
                        setup.discovery(),
                        setup.plan(),
                        setup.moves() ? setup.move().plan() : null);
            }
        }
        Engine.Prepared prepared = Engine.prepare(options, err);
        if (prepared == null) {
            return ZeoFreezeCommand.BAD_INPUT;
        }
        return show(out, prepared.discovery(), prepared.plan(), null);
    }

    private int show(PrintWriter out, Discovery discovery, Plan plan, MovePlan movePlan) throws Exception {
        Secrets secrets = Secrets.of(plan);
        String patch = String.join("", plan.patches().values());
        String outside = String.join("", plan.outsidePatches().values());
        if (patchFile != null) {
            Path outsideFile = patchFile.resolveSibling(patchFile.getFileName() + ".outside");
            try {
                PrivateFiles.write(patchFile, patch.getBytes(StandardCharsets.UTF_8));
                if (!outside.isEmpty()) {
                    PrivateFiles.write(outsideFile, outside.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                spec.commandLine()
                        .getErr()
                        .println("zeofreeze: cannot write the patch to " + patchFile + ": " + e.getMessage()
                                + "; nothing was written.");
                return ZeoFreezeCommand.NOT_DONE;
            }
            out.println("Wrote the patch to " + patchFile + " (mode 0600"
                    + (secrets.appearIn(patch) ? ": it holds secret values, keep it private" : "")
                    + "). Apply it in the buildout directory with: patch -p1 < " + patchFile);
            if (!outside.isEmpty()) {
                out.println("Wrote the patch of the files outside the buildout (" + outsideNames(plan) + ") to "
                        + outsideFile + " (mode 0600). Apply it with: patch -p1 -d / < " + outsideFile);
            }
        } else if (json) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(PlanJson.of(discovery.cluster(), plan, movePlan, reveal)));
        } else if (patchOnly || patchOutside) {
            String printed = patchOutside ? outside : patch;
            out.print(reveal ? printed : secrets.mask(printed));
            if (patchOnly && !outside.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .println("zeofreeze: " + outsideNames(plan)
                                + (plan.outsideFiles().size() == 1 ? " is" : " are")
                                + " outside the buildout and not in this patch; its patch, named from /, "
                                + "applies with: zeofreeze plan --patch-outside ... | patch -p1 -d /");
            }
            if (!reveal && secrets.appearIn(printed)) {
                spec.commandLine()
                        .getErr()
                        .println("zeofreeze: secret values in the patch are shown as "
                                + Secrets.MASK
                                + ", so it will not apply as it is; use --patch-file FILE (written mode 0600) "
                                + "or --reveal-secrets.");
            }
        } else {
            PlanPrinter printer = new PlanPrinter(out, reveal);
            printer.cluster(discovery.cluster());
            printer.plan(discovery.cluster(), plan);
            if (movePlan != null) {
                printer.move(movePlan, secrets);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * A retire alone: its changes are the old servers' files as they are now, so --patch and
     * --patch-file give them as a patch like a freeze's.
     */
    private int showRetire(PrintWriter out, RunSetup setup) throws Exception {
        RetirePlan retire = setup.retire();
        if (patchFile != null || patchOnly || patchOutside) {
            Plan asPatch = new Plan(
                    setup.plan().mode(),
                    retire.storages(),
                    retire.changes(),
                    List.of(),
                    List.of(),
                    setup.plan().before());
            return show(out, setup.discovery(), asPatch, null);
        }
        if (json) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(PlanJson.of(setup.discovery().cluster(), setup.plan(), null, retire, reveal)));
        } else {
            PlanPrinter printer = new PlanPrinter(out, reveal);
            printer.cluster(setup.discovery().cluster());
            printer.retire(setup.discovery().cluster(), retire);
        }
        out.flush();
        return 0;
    }

    private static String outsideNames(Plan plan) {
        return String.join(
                ", ",
                plan.outsideFiles().stream()
                        .map(c -> c.host() + ":" + c.path())
                        .distinct()
                        .toList());
    }
}
