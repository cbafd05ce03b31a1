package org.zeofreeze.runbook;

import org.zeofreeze.host.HostProvider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.profile.ClusterProfile;

/**
 * Everything a run works from: the profile, the cluster as discovered, the reviewed plan, the hosts;
 * for a move, its plan too (null otherwise).
 */
public record RunSetup(ClusterProfile profile, Discovery discovery, Plan plan, Choice choice, HostProvider hosts,
                       Timeouts timeouts, MoveSetup move) {

    public RunSetup(ClusterProfile profile, Discovery discovery, Plan plan, Choice choice, HostProvider hosts,
                    Timeouts timeouts) {
        this(profile, discovery, plan, choice, hosts, timeouts, null);
    }

    /** Whether this run moves the frozen storages into service at the target. */
    public boolean moves() {
        return move != null;
    }

    /** The same run with other timeouts. */
    public RunSetup withTimeouts(Timeouts t) {
        return new RunSetup(profile, discovery, plan, choice, hosts, t, move);
    }

    public List<ClusterProcess> servers() {
        return ClusterProcess.servers(discovery.cluster());
    }

    public List<ClusterProcess> clients() {
        return ClusterProcess.clients(discovery.cluster());
    }

    public String buildout(String host) {
        return discovery.cluster().buildoutOf(host).map(Buildout::dir)
                .or(() -> move == null ? java.util.Optional.empty() : move.target().cluster().buildoutOf(host).map(Buildout::dir))
                .orElseThrow(() -> new IllegalArgumentException("no buildout on host " + host));
    }

    /** A process's configuration as read: the cluster's, or the move target's. */
    public org.zeofreeze.zconfig.ParsedConfig config(String host, String mainFile) {
        if (move != null && discovery.cluster().buildoutOf(host).isEmpty()) {
            return move.target().config(host, mainFile);
        }
        return discovery.config(host, mainFile);
    }

    /** Every host of the cluster, servers' first. */
    public List<String> clusterHosts() {
        Set<String> out = new LinkedHashSet<>();
        servers().forEach(p -> out.add(p.host()));
        clients().forEach(p -> out.add(p.host()));
        return List.copyOf(out);
    }
}
