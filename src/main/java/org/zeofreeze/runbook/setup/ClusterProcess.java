package org.zeofreeze.runbook.setup;

import java.util.List;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.cluster.ZopeClient;

/**
 * A ZEO server or a Zope client process of the cluster: which host, which buildout part, the
 * configuration file it reads at start-up and, for a server, where it listens (for a client, the
 * servers it connects to).
 */
public record ClusterProcess(String host, String part, boolean server, List<Address> addresses, String confFile) {
    public ClusterProcess {
        addresses = List.copyOf(addresses);
    }

    public static List<ClusterProcess> servers(Cluster cluster) {
        return cluster.servers().stream().map(ClusterProcess::of).toList();
    }

    public static List<ClusterProcess> clients(Cluster cluster) {
        return cluster.clients().stream().map(ClusterProcess::of).toList();
    }

    private static ClusterProcess of(ZeoServer s) {
        return new ClusterProcess(s.host(), s.name(), true, s.addresses(), s.confFile());
    }

    private static ClusterProcess of(ZopeClient c) {
        List<Address> servers = c.databases().stream()
                .flatMap(d -> d.servers().stream())
                .distinct()
                .toList();
        return new ClusterProcess(c.host(), c.name(), false, servers, c.confFile());
    }

    /** Whether this client opens a database on {@code server}; {@code sameMachine}: both hosts are one machine. */
    public boolean connectsTo(ClusterProcess server, boolean sameMachine) {
        return !this.server
                && server.server()
                && addresses.stream()
                        .anyMatch(a -> server.addresses().stream().anyMatch(l -> a.couldReach(l, sameMachine)));
    }

    public String label() {
        return part + "@" + host;
    }
}
