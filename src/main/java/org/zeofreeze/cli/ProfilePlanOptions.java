package org.zeofreeze.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import picocli.CommandLine.Option;

/** Options the commands on a profile's plan share (run, export): the profile, what to freeze or thaw, the strategy. */
final class ProfilePlanOptions {
    @Option(
            names = {"-p", "--profile"},
            required = true,
            paramLabel = "FILE",
            description = "The cluster profile (JSON).")
    Path profile;

    @Option(
            names = {"-f", "--freeze", "-s", "--storage"},
            paramLabel = "NAME",
            description = "A storage to freeze (or thaw).")
    List<String> storages = new ArrayList<>();

    @Option(names = "--thaw", description = "Thaw instead of freeze.")
    boolean thaw;

    @Option(
            names = "--move",
            description =
                    "Move the storages: freeze, copy and verify, then put each into service on "
                            + "the profile's target ZEO server, the clients switched one at a time (read-only, then writable there).")
    boolean move;

    @Option(
            names = "--retire",
            description = "Retire the moved storages from their old ZEO server: their sections "
                    + "taken out of its zeo.conf (the .fs files kept) and the server restarted alone, once its connections show "
                    + "no client uses them there. With --move, the move's last step; without, for storages an earlier move took "
                    + "elsewhere (name them with -f).")
    boolean retire;

    @Option(
            names = "--strategy",
            paramLabel = "rolling|full-stop",
            description = "rolling (default where safe): one client at a time, then ZEO alone, the site keeps serving; "
                    + "full-stop: everything down together, as the guide does it.")
    String strategy;

    /** The storages as typed, parsed once; a malformed name is bad input. */
    Selection selection() throws PlanException {
        return Selection.parse(thaw ? Mode.THAW : Mode.FREEZE, storages);
    }

    /**
     * The profile, once the options are known to be good: a {@code --strategy} that names none, or
     * a profile that cannot be read, is said on {@code err} and gives empty, before any host is reached.
     */
    Optional<ClusterProfile> readProfile(PrintWriter err) {
        if (strategy != null && Strategy.parse(strategy).isEmpty()) {
            err.println("zeofreeze: --strategy must be rolling or full-stop, not '" + strategy + "'");
            return Optional.empty();
        }
        try {
            return Optional.of(ProfileStore.read(profile));
        } catch (IOException e) {
            err.println("zeofreeze: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The run the options ask for, read from the hosts and planned: a freeze or thaw, a move, or a retire. */
    RunSetup prepare(ClusterProfile profile, HostProvider hosts)
            throws DiscoveryException, PlanException, InterruptedException {
        if (move) {
            return RunPreparation.prepareMove(profile, selection(), hosts, retire);
        }
        return retire
                ? RunPreparation.prepareRetire(profile, selection(), hosts)
                : RunPreparation.prepare(profile, selection(), hosts);
    }

    /** The strategy asked for; empty for the default (rolling where it is safe). */
    Optional<Strategy> askedStrategy() {
        return strategy == null ? Optional.empty() : Strategy.parse(strategy);
    }
}
