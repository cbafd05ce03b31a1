package org.zeofreeze.runbook.setup;

import java.util.List;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.MovePlan;

/** A move's plan with the target's buildout as read: the target's ZEO server is one more process of the run. */
public record MoveSetup(MovePlan plan, Discovery target) {

    /** The target's ZEO server, as the steps control it. */
    public ClusterProcess server() {
        ZeoServer s = target.cluster().servers().stream()
                .filter(x -> x.name().equals(plan.targetServer()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the target has no ZEO server " + plan.targetServer()));
        return ClusterProcess.servers(target.cluster()).stream()
                .filter(p -> p.part().equals(s.name()))
                .findFirst()
                .orElseThrow();
    }

    /** The clients that use a moved storage, in the cluster's order. */
    public List<ClusterProcess> clients(RunSetup setup) {
        return setup.clients().stream()
                .filter(c -> plan.serve().stream()
                                .anyMatch(f -> f.host().equals(c.host())
                                        && setup.filesOf(c).contains(new HostFile(f.host(), f.path())))
                        || plan.writable().stream()
                                .anyMatch(f -> f.host().equals(c.host())
                                        && setup.filesOf(c).contains(new HostFile(f.host(), f.path()))))
                .toList();
    }
}
