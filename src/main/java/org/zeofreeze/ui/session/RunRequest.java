package org.zeofreeze.ui.session;

import java.util.function.Function;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.setup.MoveSetup;
import org.zeofreeze.runbook.setup.Strategy;

/**
 * What a run needs: the profile, the cluster as read, the reviewed plan, the connected hosts, the
 * strategy asked for ({@code null}: the default, rolling where it is safe) and, for a move, the
 * reviewed move ({@code null} otherwise).
 */
public record RunRequest(
        ClusterProfile profile, Discovery discovery, Plan plan, HostProvider hosts, Strategy strategy, MoveSetup move) {

    public RunRequest(ClusterProfile profile, Discovery discovery, Plan plan, HostProvider hosts) {
        this(profile, discovery, plan, hosts, null, null);
    }

    public RunRequest(ClusterProfile profile, Discovery discovery, Plan plan, HostProvider hosts, Strategy strategy) {
        this(profile, discovery, plan, hosts, strategy, null);
    }

    /** Whether the run moves the storages to the target. */
    public boolean moves() {
        return move != null;
    }

    /** The hosts as a function, for APIs that take one; a host that cannot be reached throws unchecked. */
    public Function<String, Host> hostFunction() {
        return hosts.asFunction();
    }
}
