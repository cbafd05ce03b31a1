package org.zeofreeze.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.zeofreeze.apply.ApplyException;
import org.zeofreeze.apply.ApplyRecord;
import org.zeofreeze.apply.ConfigApplier;
import org.zeofreeze.apply.RecordException;
import org.zeofreeze.cluster.Buildout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "revert",
        mixinStandardHelpOptions = true,
        description = "Put back, byte for byte, the files the newest 'apply' changed.")
final class RevertCommand implements Callable<Integer> {
    @Option(
            names = {"-b", "--buildout"},
            paramLabel = "DIR",
            defaultValue = Buildout.DEFAULT_DIR,
            description = "The buildout directory (default: ${DEFAULT-VALUE}).")
    String buildout;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--force", description = "Restore even files that changed since ZeoFreeze wrote them.")
    boolean force;

    @ParentCommand
    ZeoFreezeCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String dir = Path.of(buildout).toAbsolutePath().normalize().toString();
        ConfigApplier applier = new ConfigApplier(h -> Engine.LOCAL, Clock.systemUTC());
        if (!Engine.LOCAL.isDirectory(dir)) {
            err.println("zeofreeze: the buildout directory " + dir + " does not exist");
            return ZeoFreezeCommand.BAD_INPUT;
        }
        Optional<ApplyRecord> latest;
        try {
            latest = applier.latest(Engine.LOCAL, dir);
        } catch (RecordException e) {
            err.println("zeofreeze: " + e.getMessage());
            return ZeoFreezeCommand.BAD_INPUT;
        }
        if (latest.isEmpty()) {
            err.println("zeofreeze: nothing to revert: no apply record in " + ApplyRecord.directory(dir));
            return ZeoFreezeCommand.BAD_INPUT;
        }
        ApplyRecord record = latest.get();
        out.println("Revert the " + record.mode() + " of " + String.join(", ", record.storages()) + " made "
                + record.stamp() + ":");
        record.files().forEach(f -> out.println("  " + f.path() + "  <-  " + f.backup()));
        if (!yes && !Confirm.ask(parent.in(), out, "Restore these files?")) {
            err.println("zeofreeze: nothing was reverted.");
            return ZeoFreezeCommand.NOT_DONE;
        }
        try {
            applier.revert(Engine.LOCAL, dir, force);
        } catch (ApplyException e) {
            err.println("zeofreeze: " + e.getMessage());
            return ZeoFreezeCommand.NOT_DONE;
        }
        out.println("Restored " + record.files().size() + " file(s). Restart the cluster for it to take effect.");
        out.flush();
        return 0;
    }
}
