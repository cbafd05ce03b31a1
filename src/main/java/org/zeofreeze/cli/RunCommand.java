package org.zeofreeze.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.CancelToken;
import org.zeofreeze.runbook.Journal;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.RunSetup;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.RunbookRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The whole migration on the hosts of a profile: pre-flight, stop, apply, freeze, restart, copy.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-p", "--profile"}, required = true, paramLabel = "FILE", description = "The cluster profile (JSON).")
    Path profile;

    @Option(names = {"-f", "--freeze", "-s", "--storage"}, paramLabel = "NAME", description = "A storage to freeze (or thaw).")
    List<String> storages = new ArrayList<>();

    @Option(names = "--thaw", description = "Thaw instead of freeze.")
    boolean thaw;

    @Option(names = {"-y", "--yes"}, description = "Do not ask: the site goes into maintenance without a prompt.")
    boolean yes;

    @Option(names = "--journal-dir", paramLabel = "DIR", description = "Where the journal goes (default: ${DEFAULT-VALUE}).")
    Path journalDir = Journal.defaultDirectory();

    @ParentCommand
    ZeoFreezeCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClusterProfile p;
        try {
            p = ProfileStore.read(profile);
        } catch (IOException e) {
            err.println("zeofreeze: " + e.getMessage());
            return ZeoFreezeCommand.BAD_INPUT;
        }
        try (ProfileHosts hosts = Hosts.of(p, parent.in(), out)) {
            RunSetup setup;
            try {
                setup = RunPreparation.prepare(p, new Choice(thaw ? Mode.THAW : Mode.FREEZE, storages), hosts);
            } catch (DiscoveryException | PlanException e) {
                err.println("zeofreeze: " + e.getMessage());
                return ZeoFreezeCommand.BAD_INPUT;
            }
            new PlanPrinter(out).plan(setup.discovery().cluster(), setup.plan());
            Runbook runbook = Runbook.of(setup);
            out.println();
            out.println("Steps:");
            runbook.describe(setup).forEach(s -> out.println("  " + s.id() + ": " + s.title() + " " + s.hosts()));
            if (setup.plan().selected().isEmpty()) {
                out.println("Nothing to do.");
                return 0;
            }
            if (!yes && !Confirm.askName(parent.in(), out, p.name())) {
                err.println("zeofreeze: nothing was done.");
                return ZeoFreezeCommand.NOT_DONE;
            }
            Journal journal = RunPreparation.journal(setup, journalDir, Clock.systemUTC());
            out.println("Journal: " + journal.file());
            return exit(new RunbookRunner(runbook, setup, journal,
                    new EventPrinter(out, org.zeofreeze.plan.Secrets.of(setup.plan())), CancelOnSignal.install(),
                    Clock.systemUTC()).run());
        }
    }

    static int exit(RunEvent.Outcome outcome) {
        return outcome == RunEvent.Outcome.DONE || outcome == RunEvent.Outcome.ROLLED_BACK ? 0 : ZeoFreezeCommand.NOT_DONE;
    }

    /** Ctrl-C asks for a cancel at the next safe point instead of killing the run mid-step. */
    static final class CancelOnSignal {
        private CancelOnSignal() {
        }

        static CancelToken install() {
            CancelToken token = new CancelToken();
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {
                    System.err.println("zeofreeze: cancelling at the next safe point (the cluster is brought back up first)");
                    token.cancel();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // no signal handling here: Ctrl-C ends the run as usual, the journal allows a resume
            }
            return token;
        }
    }
}
