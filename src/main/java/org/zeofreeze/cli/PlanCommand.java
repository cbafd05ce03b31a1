package org.zeofreeze.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the cluster, what would be frozen or thawed, and the patch. Writes nothing.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--patch", description = "Print only the patch (for patch -p1); secret values are masked.")
    boolean patchOnly;

    @Option(names = "--patch-file", paramLabel = "FILE",
            description = "Write the patch, secret values included, to FILE (mode 0600) for patch -p1.")
    Path patchFile;

    @Option(names = "--reveal-secrets",
            description = "Show secret values (a <zeoclient> password) instead of " + Secrets.MASK + ".")
    boolean reveal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Engine.Prepared prepared = Engine.prepare(options, spec.commandLine().getErr());
        if (prepared == null) {
            return ZeoFreezeCommand.BAD_INPUT;
        }
        Discovery discovery = prepared.discovery();
        Plan plan = prepared.plan();
        Secrets secrets = Secrets.of(plan);
        String patch = String.join("", plan.patches().values());
        if (patchFile != null) {
            try {
                org.zeofreeze.plan.PrivateFiles.write(patchFile, patch.getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("zeofreeze: cannot write the patch to " + patchFile + ": "
                        + e.getMessage() + "; nothing was written.");
                return ZeoFreezeCommand.NOT_DONE;
            }
            out.println("Wrote the patch to " + patchFile + " (mode 0600"
                    + (secrets.appearIn(patch) ? ": it holds secret values, keep it private" : "")
                    + "). Apply it in the buildout directory with: patch -p1 < " + patchFile);
        } else if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(PlanJson.of(discovery.cluster(), plan, reveal)));
        } else if (patchOnly) {
            out.print(reveal ? patch : secrets.mask(patch));
            if (!reveal && secrets.appearIn(patch)) {
                spec.commandLine().getErr().println("zeofreeze: secret values in the patch are shown as "
                        + Secrets.MASK + ", so it will not apply as it is; use --patch-file FILE (written mode 0600) "
                        + "or --reveal-secrets.");
            }
        } else {
            PlanPrinter printer = new PlanPrinter(out, reveal);
            printer.cluster(discovery.cluster());
            printer.plan(discovery.cluster(), plan);
        }
        out.flush();
        return 0;
    }
}
