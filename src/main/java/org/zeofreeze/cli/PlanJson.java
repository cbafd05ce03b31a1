package org.zeofreeze.cli;

import java.util.List;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.DatabaseKind;
import org.zeofreeze.cluster.Finding;
import org.zeofreeze.cluster.MountPoint;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Secrets;

/** The shape of {@code zeofreeze plan --json}: a stable contract for scripts. */
record PlanJson(String mode, List<ServerJson> servers, List<StorageJson> storages, List<ClientJson> clients,
                List<String> selected, List<ChangeJson> changes, List<String> warnings, List<String> notes) {

    /** The Python, ZEO and ZODB versions its bin/ script names; null where unknown. */
    record RuntimeJson(String python, String zeo, String zodb) {
        static RuntimeJson of(org.zeofreeze.cluster.RuntimeVersions r) {
            return new RuntimeJson(r.python(), r.zeo(), r.zodb());
        }
    }

    record ServerJson(String host, String name, String confFile, List<String> addresses, boolean serverReadOnly,
                      RuntimeJson runtime) {
    }

    record StorageJson(String name, String server, String type, String path, String blobDir, boolean root,
                       boolean readOnly, boolean frozenEverywhere, boolean selected) {
    }

    record ClientJson(String host, String name, String confFile, List<DatabaseJson> databases, RuntimeJson runtime) {
    }

    record DatabaseJson(String name, String kind, List<String> mountPoints, List<String> servers, String storage,
                        String server, boolean readOnly, boolean readOnlyFallback) {
    }

    record ChangeJson(String host, String file, String path, List<String> summary, String diff) {
    }

    /** The plan with secret values masked in every diff. */
    static PlanJson of(Cluster cluster, Plan plan) {
        return of(cluster, plan, false);
    }

    static PlanJson of(Cluster cluster, Plan plan, boolean reveal) {
        Secrets secrets = Secrets.of(plan);
        return new PlanJson(
                plan.mode().name().toLowerCase(),
                cluster.servers().stream().map(s -> new ServerJson(s.host(), s.name(), s.confFile(),
                        s.addresses().stream().map(Object::toString).toList(), s.serverReadOnly(),
                        RuntimeJson.of(s.runtime()))).toList(),
                cluster.storages().stream().map(s -> new StorageJson(s.name(), s.id().server(), s.type(), s.path(),
                        s.blobDir(), cluster.isRoot(s.id()), s.readOnly(), cluster.frozenEverywhere(s),
                        plan.selected().contains(s.id()))).toList(),
                cluster.clients().stream().map(c -> new ClientJson(c.host(), c.name(), c.confFile(),
                        c.databases().stream().map(d -> new DatabaseJson(d.name(), d.kind().name().toLowerCase(),
                                d.mountPoints().stream().map(MountPoint::toString).toList(),
                                d.servers().stream().map(Object::toString).toList(),
                                d.kind() == DatabaseKind.ZEO ? d.storage() : null,
                                cluster.storageOf(c, d).map(id -> id.server()).orElse(null),
                                d.readOnly(), d.readOnlyFallback())).toList(), RuntimeJson.of(c.runtime()))).toList(),
                plan.selected().stream().map(cluster::displayName).toList(),
                plan.changes().stream().map(c -> new ChangeJson(c.host(), c.relativePath(), c.path(), reveal ? c.summary() : secrets.mask(c.summary()),
                        reveal ? c.diff() : secrets.mask(c.diff()))).toList(),
                plan.findings().stream().map(Finding::toString).toList(),
                plan.notes());
    }
}
