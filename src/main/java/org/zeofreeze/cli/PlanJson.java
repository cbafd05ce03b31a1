package org.zeofreeze.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.DatabaseKind;
import org.zeofreeze.cluster.Finding;
import org.zeofreeze.cluster.MountPoint;
import org.zeofreeze.cluster.RuntimeVersions;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.RetirePlan;
import org.zeofreeze.plan.Secrets;

/** The shape of {@code zeofreeze plan --json}: a stable contract for scripts. */
record PlanJson(
        String mode,
        List<ServerJson> servers,
        List<StorageJson> storages,
        List<ClientJson> clients,
        List<String> selected,
        List<ChangeJson> changes,
        List<String> warnings,
        List<String> notes,
        MoveJson move,
        RetireJson retire) {

    /**
     * With {@code --retire}: the storages taken out of their old server and each file that changes
     * (the old zeo.conf); null otherwise. After a move in the same run, the same changes are its
     * last phase ({@code move.phases}, "retire").
     */
    record RetireJson(List<String> storages, List<ChangeJson> changes) {}

    /**
     * A move's target and its phases (serve, writable, retire — the last with no change unless
     * {@code --retire}), each with every file it changes ({@code move} is null for a freeze or thaw).
     */
    record MoveJson(
            String targetHost,
            String targetBuildout,
            String targetServer,
            String address,
            List<MovedJson> storages,
            List<PhaseJson> phases,
            List<String> notes) {
        static MoveJson of(MovePlan m, Secrets secrets, boolean reveal) {
            return new MoveJson(
                    m.targetHost(),
                    m.targetBuildout(),
                    m.targetServer(),
                    m.address().toString(),
                    m.storages().stream()
                            .map(s -> new MovedJson(s.name(), s.source().server(), s.path(), s.blobDir(), s.present()))
                            .toList(),
                    Arrays.stream(MovePlan.Phase.values())
                            .map(p -> new PhaseJson(
                                    p.name().toLowerCase(),
                                    p.text(),
                                    m.changes(p).stream()
                                            .map(c -> ChangeJson.of(c, secrets, reveal))
                                            .toList()))
                            .toList(),
                    m.notes());
        }
    }

    record MovedJson(String name, String sourceServer, String path, String blobDir, boolean alreadyOnTarget) {}

    record PhaseJson(String phase, String text, List<ChangeJson> changes) {}

    /** The Python, ZEO and ZODB versions its bin/ script names; null where unknown. */
    record RuntimeJson(String python, String zeo, String zodb) {
        static RuntimeJson of(RuntimeVersions r) {
            return new RuntimeJson(r.python(), r.zeo(), r.zodb());
        }
    }

    record ServerJson(
            String host,
            String name,
            String confFile,
            List<String> addresses,
            boolean serverReadOnly,
            RuntimeJson runtime) {}

    record StorageJson(
            String name,
            String server,
            String type,
            String path,
            String blobDir,
            boolean root,
            boolean readOnly,
            boolean frozenEverywhere,
            boolean selected) {}

    record ClientJson(String host, String name, String confFile, List<DatabaseJson> databases, RuntimeJson runtime) {}

    record DatabaseJson(
            String name,
            String kind,
            List<String> mountPoints,
            List<String> servers,
            String storage,
            String server,
            boolean readOnly,
            boolean readOnlyFallback) {}

    record ChangeJson(String host, String file, String path, List<String> summary, String diff) {
        static ChangeJson of(FileChange c, Secrets secrets, boolean reveal) {
            return new ChangeJson(
                    c.host(),
                    c.relativePath(),
                    c.path(),
                    reveal ? c.summary() : secrets.mask(c.summary()),
                    reveal ? c.diff() : secrets.mask(c.diff()));
        }
    }

    /** The plan with secret values masked in every diff. */
    static PlanJson of(Cluster cluster, Plan plan) {
        return of(cluster, plan, false);
    }

    static PlanJson of(Cluster cluster, Plan plan, boolean reveal) {
        return of(cluster, plan, null, reveal);
    }

    static PlanJson of(Cluster cluster, Plan plan, MovePlan move, boolean reveal) {
        return of(cluster, plan, move, null, reveal);
    }

    /** {@code retire}: a retire on its own (a move's is in {@code move}). */
    static PlanJson of(Cluster cluster, Plan plan, MovePlan move, RetirePlan retire, boolean reveal) {
        Secrets secrets = Secrets.of(plan);
        RetireJson retireJson = null;
        List<String> notes = plan.notes();
        if (retire != null) {
            retireJson = new RetireJson(
                    retire.storages().stream().map(cluster::displayName).toList(),
                    retire.changes().stream()
                            .map(c -> ChangeJson.of(c, secrets, reveal))
                            .toList());
            notes = new ArrayList<>(plan.notes());
            notes.addAll(retire.notes());
        } else if (move != null && move.retires()) {
            retireJson = new RetireJson(
                    move.storages().stream()
                            .map(m -> cluster.displayName(m.source()))
                            .toList(),
                    move.retire().stream()
                            .map(c -> ChangeJson.of(c, secrets, reveal))
                            .toList());
        }
        return new PlanJson(
                plan.mode().name().toLowerCase(),
                cluster.servers().stream()
                        .map(s -> new ServerJson(
                                s.host(),
                                s.name(),
                                s.confFile(),
                                s.addresses().stream().map(Object::toString).toList(),
                                s.serverReadOnly(),
                                RuntimeJson.of(s.runtime())))
                        .toList(),
                cluster.storages().stream()
                        .map(s -> new StorageJson(
                                s.name(),
                                s.id().server(),
                                s.type(),
                                s.path(),
                                s.blobDir(),
                                cluster.isRoot(s.id()),
                                s.readOnly(),
                                cluster.frozenEverywhere(s),
                                plan.selected().contains(s.id())))
                        .toList(),
                cluster.clients().stream()
                        .map(c -> new ClientJson(
                                c.host(),
                                c.name(),
                                c.confFile(),
                                c.databases().stream()
                                        .map(d -> new DatabaseJson(
                                                d.name(),
                                                d.kind().name().toLowerCase(),
                                                d.mountPoints().stream()
                                                        .map(MountPoint::toString)
                                                        .toList(),
                                                d.servers().stream()
                                                        .map(Object::toString)
                                                        .toList(),
                                                d.kind() == DatabaseKind.ZEO ? d.storage() : null,
                                                cluster.storageOf(c, d)
                                                        .map(id -> id.server())
                                                        .orElse(null),
                                                d.readOnly(),
                                                d.readOnlyFallback()))
                                        .toList(),
                                RuntimeJson.of(c.runtime())))
                        .toList(),
                plan.selected().stream().map(cluster::displayName).toList(),
                plan.changes().stream()
                        .map(c -> ChangeJson.of(c, secrets, reveal))
                        .toList(),
                plan.findings().stream().map(Finding::toString).toList(),
                notes,
                move == null ? null : MoveJson.of(move, secrets, reveal),
                retireJson);
    }
}
