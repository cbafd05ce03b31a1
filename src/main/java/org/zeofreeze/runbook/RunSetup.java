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

/** Everything a run works from: the profile, the cluster as discovered, the reviewed plan, the hosts. */
public record RunSetup(ClusterProfile profile, Discovery discovery, Plan plan, Choice choice, HostProvider hosts,
                       Timeouts timeouts) {

    public List<ClusterProcess> servers() {
        return ClusterProcess.servers(discovery.cluster());
    }

    public List<ClusterProcess> clients() {
        return ClusterProcess.clients(discovery.cluster());
    }

    public String buildout(String host) {
        return discovery.cluster().buildoutOf(host).map(Buildout::dir)
                .orElseThrow(() -> new IllegalArgumentException("no buildout on host " + host));
    }

    /** Every host of the cluster, servers' first. */
    public List<String> clusterHosts() {
        Set<String> out = new LinkedHashSet<>();
        servers().forEach(p -> out.add(p.host()));
        clients().forEach(p -> out.add(p.host()));
        return List.copyOf(out);
    }
}
