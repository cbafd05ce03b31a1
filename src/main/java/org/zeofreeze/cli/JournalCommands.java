package org.zeofreeze.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code resume} and {@code rollback}: both start from a run's journal. */
final class JournalCommands {
    private JournalCommands() {}

    abstract static class FromJournal implements Callable<Integer> {
        @Option(
                names = {"-j", "--journal"},
                required = true,
                paramLabel = "FILE",
                description = "The run's journal.")
        Path journalFile;

        @Option(
                names = {"-y", "--yes"},
                description = "Do not ask: the cluster is stopped without a prompt.")
        boolean yes;

        @CommandLine.Mixin
        BreakLockOption breakLock;

        @CommandLine.Mixin
        EventsOption events;

        @ParentCommand
        ZeoFreezeCommand parent;

        @Spec
        CommandSpec spec;

        abstract Runs.Ending act(
                Runs runs, Journal journal, RunSetup setup, Optional<String> breakLock, RunListener listener);

        /** What the command will do to the cluster, said before the cluster's name is asked for. */
        abstract String whatHappens(Journal journal);

        /**
         * Why there is nothing to do for a run that ended this way (a sentence, with the exit
         * code), or null to go on.
         */
        abstract Ended nothingToDo(JournalEntry.RunEnded ended);

        record Ended(int exit, String sentence) {}

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Boolean json = events.json(err);
            if (json == null) {
                return ZeoFreezeCommand.BAD_INPUT;
            }
            PrintWriter out = EventsOption.human(json, stdout, err);
            Journal journal;
            try {
                journal = Journal.open(journalFile, Clock.systemUTC());
            } catch (IOException e) {
                err.println("zeofreeze: cannot read the journal: " + e.getMessage());
                return ZeoFreezeCommand.BAD_INPUT;
            }
            Ended ended = journal.ended().map(this::nothingToDo).orElse(null);
            if (ended != null) {
                (ended.exit() == 0 ? out : err).println("zeofreeze: " + ended.sentence());
                return ended.exit();
            }
            try (ProfileHosts hosts = Hosts.of(journal.header().profile(), parent.in(), out)) {
                RunSetup setup;
                try {
                    setup = RunPreparation.fromJournal(journal, hosts);
                } catch (DiscoveryException | PlanException e) {
                    err.println("zeofreeze: " + e.getMessage());
                    return ZeoFreezeCommand.BAD_INPUT;
                }
                String name = journal.header().profile().name();
                if (!yes && !Confirm.askName(parent.in(), out, name, whatHappens(journal))) {
                    err.println("zeofreeze: nothing was done.");
                    return ZeoFreezeCommand.NOT_DONE;
                }
                Runs runs = new Runs(journalFile.toAbsolutePath().getParent(), Clock.systemUTC());
                return RunCommand.exit(
                        act(
                                runs,
                                journal,
                                setup,
                                breakLock.run(),
                                EventsOption.listener(json, stdout, Secrets.of(setup.plan()))),
                        err);
            }
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Go on with a run that was cut short, from its journal: done steps are skipped.")
    static final class Resume extends FromJournal {
        @Override
        Runs.Ending act(Runs runs, Journal journal, RunSetup setup, Optional<String> breakLock, RunListener listener) {
            return runs.resume(journal, setup, breakLock, listener, RunCommand.CancelOnSignal.install());
        }

        @Override
        String whatHappens(Journal journal) {
            return "The run " + journal.header().runId() + " goes on where it stopped: the steps not done yet are run, "
                    + (journal.header().strategy() == Strategy.ROLLING
                            ? "restarting the clients not done yet one at a time, then the ZEO server alone."
                            : "which may put the site into maintenance and restart every client and the ZEO server.");
        }

        @Override
        Ended nothingToDo(JournalEntry.RunEnded ended) {
            if (ended.outcome() == RunEvent.Outcome.ROLLED_BACK) {
                return new Ended(
                        ZeoFreezeCommand.NOT_DONE,
                        "this run was rolled back (" + ended.at()
                                + "), so there is nothing to resume; nothing was done. Start a new run with 'zeofreeze run'.");
            }
            if (ended.outcome() == RunEvent.Outcome.DONE) {
                return new Ended(0, "this run is already done (" + ended.at() + "); nothing was done.");
            }
            return null;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Undo a run from its journal: stop, restore every config and file mode it changed, start.")
    static final class Rollback extends FromJournal {
        @Override
        Runs.Ending act(Runs runs, Journal journal, RunSetup setup, Optional<String> breakLock, RunListener listener) {
            return runs.rollback(journal, setup, breakLock, listener);
        }

        @Override
        String whatHappens(Journal journal) {
            return "The run " + journal.header().runId() + " is undone: "
                    + (journal.header().strategy() == Strategy.ROLLING
                            ? "every process it restarted is restarted again with its files as they were, one at a time "
                                    + "(the ZEO server first after a freeze), while the rest of the site serves."
                            : "every client and the ZEO server are stopped, every file and mode the run changed is "
                                    + "restored, and they are started again.");
        }

        @Override
        Ended nothingToDo(JournalEntry.RunEnded ended) {
            return ended.outcome() == RunEvent.Outcome.ROLLED_BACK
                    ? new Ended(0, "this run was already rolled back (" + ended.at() + "); nothing was done.")
                    : null;
        }
    }
}
