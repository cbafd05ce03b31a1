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
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.StrategyDecision;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "The whole migration on the hosts of a profile: pre-flight, stop, apply, freeze, restart, copy.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ProfilePlanOptions plan;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask: the site goes into maintenance without a prompt.")
    boolean yes;

    @Option(
            names = "--journal-dir",
            paramLabel = "DIR",
            description = "Where the journal goes (default: ${DEFAULT-VALUE}).")
    Path journalDir = Journal.defaultDirectory();

    @CommandLine.Mixin
    BreakLockOption breakLock;

    @Option(
            names = "--no-presync",
            description = "Do not copy the storages to the migration target while the site is "
                    + "still live: the whole copy then happens while they are frozen.")
    boolean noPreSync;

    @CommandLine.Mixin
    EventsOption events;

    @ParentCommand
    ZeoFreezeCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Boolean json = events.json(err);
        if (json == null) {
            return ZeoFreezeCommand.BAD_INPUT;
        }
        PrintWriter out = EventsOption.human(json, stdout, err);
        Optional<ClusterProfile> read = plan.readProfile(err);
        if (read.isEmpty()) {
            return ZeoFreezeCommand.BAD_INPUT;
        }
        ClusterProfile p = read.get();
        if (noPreSync && p.target() != null) {
            p = new ClusterProfile(
                    p.name(),
                    p.hosts(),
                    p.control(),
                    p.target().withoutPreSync(),
                    p.maintenance(),
                    p.chmodFrozenFiles(),
                    p.editGeneratedFiles());
        }
        try (ProfileHosts hosts = Hosts.of(p, parent.in(), out)) {
            RunSetup setup;
            try {
                setup = plan.prepare(p, hosts);
            } catch (DiscoveryException | PlanException e) {
                err.println("zeofreeze: " + e.getMessage());
                return ZeoFreezeCommand.BAD_INPUT;
            }
            if (!setup.retiresOnly()) {
                new PlanPrinter(out).plan(setup.discovery().cluster(), setup.plan());
            }
            if (setup.moves()) {
                new PlanPrinter(out).move(setup.move().plan(), Secrets.of(setup.plan()));
            }
            if (setup.retiresOnly()) {
                new PlanPrinter(out).retire(setup.discovery().cluster(), setup.retire());
            }
            Runs.Prepared prepared;
            try {
                prepared = Runs.prepare(setup, plan.askedStrategy());
            } catch (Runs.RefusedException e) {
                err.println("zeofreeze: " + e.getMessage());
                return ZeoFreezeCommand.BAD_INPUT;
            }
            StrategyDecision decision = prepared.decision();
            out.println();
            out.println("Strategy: " + decision.reason());
            decision.notes().forEach(n -> out.println("  - " + n));
            out.println();
            out.println("Steps:");
            prepared.runbook()
                    .describe(setup)
                    .forEach(s -> out.println("  " + s.id() + ": " + s.title() + " " + s.hosts()));
            if (setup.plan().selected().isEmpty()) {
                out.println("Nothing to do.");
                return 0;
            }
            if (!yes && !Confirm.askName(parent.in(), out, p.name())) {
                err.println("zeofreeze: nothing was done.");
                return ZeoFreezeCommand.NOT_DONE;
            }
            return exit(
                    new Runs(journalDir, Clock.systemUTC())
                            .start(
                                    prepared,
                                    breakLock.run(),
                                    EventsOption.listener(json, stdout, Secrets.of(setup.plan())),
                                    CancelOnSignal.install()),
                    err);
        }
    }

    /** The exit code of a run, a resume or a rollback: a refusal is said in one sentence. */
    static int exit(Runs.Ending ending, PrintWriter err) {
        if (ending instanceof Runs.Ending.Refused refused) {
            err.println("zeofreeze: " + refused.refusal().message());
            return refused.refusal().kind() == Runs.Refusal.Kind.NOT_SAFE
                    ? ZeoFreezeCommand.BAD_INPUT
                    : ZeoFreezeCommand.NOT_DONE;
        }
        return exit(((Runs.Ending.Ran) ending).outcome());
    }

    static int exit(RunEvent.Outcome outcome) {
        return outcome == RunEvent.Outcome.DONE || outcome == RunEvent.Outcome.ROLLED_BACK
                ? 0
                : ZeoFreezeCommand.NOT_DONE;
    }

    /** Ctrl-C asks for a cancel at the next safe point instead of killing the run mid-step. */
    static final class CancelOnSignal {
        private CancelOnSignal() {}

        static CancelToken install() {
            CancelToken token = new CancelToken();
            try {
                Signal.handle(new Signal("INT"), s -> {
                    System.err.println(
                            "zeofreeze: cancelling at the next safe point (the cluster is brought back up first)");
                    token.cancel();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // no signal handling here: Ctrl-C ends the run as usual, the journal allows a resume
            }
            return token;
        }
    }
}
