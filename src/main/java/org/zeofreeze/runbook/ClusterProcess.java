package org.zeofreeze.runbook;

import java.util.List;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.ZeoServer;

/** A ZEO server or a Zope client process of the cluster: which host, which buildout part. */
public record ClusterProcess(String host, String part, boolean server, List<Address> addresses) {

    public static List<ClusterProcess> servers(Cluster cluster) {
        return cluster.servers().stream().map(ClusterProcess::of).toList();
    }

    public static List<ClusterProcess> clients(Cluster cluster) {
        return cluster.clients().stream().map(c -> new ClusterProcess(c.host(), c.name(), false, List.of())).toList();
    }

    private static ClusterProcess of(ZeoServer s) {
        return new ClusterProcess(s.host(), s.name(), true, s.addresses());
    }

    public String label() {
        return part + "@" + host;
    }
}
