package org.zeofreeze.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code zeofreeze}: the command line, driving the same engine as the wizard. */
@Command(
        name = "zeofreeze",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Freeze, copy and thaw the FileStorages of a ZEO/Plone cluster.",
        subcommands = {
            PlanCommand.class,
            ApplyCommand.class,
            RevertCommand.class,
            RunCommand.class,
            ExportCommand.class,
            JournalCommands.Resume.class,
            JournalCommands.Rollback.class,
            CommandLine.HelpCommand.class
        })
public final class ZeoFreezeCommand implements Runnable {
    /** Exit code for bad input: a missing directory, a malformed file, an unknown storage. */
    public static final int BAD_INPUT = 2;
    /** Exit code when the person said no, or a write failed and was put back. */
    public static final int NOT_DONE = 1;

    private final BufferedReader in;

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "On an unexpected failure, print the Java stack trace too.")
    boolean debug;

    public ZeoFreezeCommand(BufferedReader in) {
        this.in = in;
    }

    BufferedReader in() {
        return in;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                new CommandLine(this), "say what to do: plan, apply, revert, run, resume, rollback or export");
    }

    public static CommandLine commandLine(BufferedReader in) {
        ZeoFreezeCommand top = new ZeoFreezeCommand(in);
        CommandLine cl = new CommandLine(top);
        cl.setExecutionStrategy(Failures.guarded(top));
        cl.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> Failures.report(e, commandLine.getErr(), top.debug));
        return cl;
    }

    public static void main(String[] args) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(commandLine(in).execute(args));
    }
}
