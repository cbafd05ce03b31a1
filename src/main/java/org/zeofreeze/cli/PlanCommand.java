package org.zeofreeze.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.Plan;
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

    @Option(names = "--patch", description = "Print only the patch (for patch -p1).")
    boolean patchOnly;

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
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(PlanJson.of(discovery.cluster(), plan)));
        } else if (patchOnly) {
            plan.patches().values().forEach(out::print);
        } else {
            PlanPrinter printer = new PlanPrinter(out);
            printer.cluster(discovery.cluster());
            printer.plan(discovery.cluster(), plan);
        }
        out.flush();
        return 0;
    }
}
