package org.zeofreeze.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.runbook.Journal;
import org.zeofreeze.runbook.RunLock;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.RunSetup;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.RunbookRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resume} and {@code rollback}: both start from a run's journal. */
final class JournalCommands {
    private JournalCommands() {
    }

    abstract static class FromJournal implements Callable<Integer> {
        @Option(names = {"-j", "--journal"}, required = true, paramLabel = "FILE", description = "The run's journal.")
        Path journalFile;

        @Option(names = "--break-lock", paramLabel = "RUN", description = "First remove the cluster's lock left by "
                + "this run (its id or journal, as the refusal names it), if that run is not running any more.")
        String breakLock;

        @ParentCommand
        ZeoFreezeCommand parent;

        @Spec
        CommandSpec spec;

        abstract int act(RunbookRunner runner, PrintWriter out) throws InterruptedException;

        Runbook runbook(RunSetup setup, Journal journal) {
            return Runbook.of(setup, journal);
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Journal journal;
            try {
                journal = Journal.open(journalFile, Clock.systemUTC());
            } catch (IOException e) {
                err.println("zeofreeze: cannot read the journal: " + e.getMessage());
                return ZeoFreezeCommand.BAD_INPUT;
            }
            try (ProfileHosts hosts = Hosts.of(journal.header().profile(), parent.in(), out)) {
                RunSetup setup;
                try {
                    setup = RunPreparation.fromJournal(journal, hosts);
                } catch (DiscoveryException | PlanException e) {
                    err.println("zeofreeze: " + e.getMessage());
                    return ZeoFreezeCommand.BAD_INPUT;
                }
                if (!RunCommand.breakLock(setup, breakLock, out, err)) {
                    return ZeoFreezeCommand.NOT_DONE;
                }
                // The same lock as the run's: a resume skips the pre-flight that takes it, a rollback has none.
                try {
                    RunLock.acquire(setup, journal, out::println);
                } catch (RunLock.Refused e) {
                    err.println("zeofreeze: " + e.getMessage());
                    return ZeoFreezeCommand.NOT_DONE;
                }
                try {
                    return act(new RunbookRunner(runbook(setup, journal), setup, journal, new EventPrinter(out),
                            RunCommand.CancelOnSignal.install(), Clock.systemUTC()), out);
                } finally {
                    RunLock.release(setup, journal).forEach(problem -> err.println("zeofreeze: " + problem));
                }
            }
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Go on with a run that was cut short, from its journal: done steps are skipped.")
    static final class Resume extends FromJournal {
        @Override
        int act(RunbookRunner runner, PrintWriter out) throws InterruptedException {
            return RunCommand.exit(runner.run());
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Undo a run from its journal: stop, restore every config and file mode it changed, start.")
    static final class Rollback extends FromJournal {
        @Override
        int act(RunbookRunner runner, PrintWriter out) throws InterruptedException {
            return RunCommand.exit(runner.rollback());
        }
    }
}
