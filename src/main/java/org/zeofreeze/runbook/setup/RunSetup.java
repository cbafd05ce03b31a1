package org.zeofreeze.runbook.setup;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.RetirePlan;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.zconfig.ParsedConfig;

/**
 * Everything a run works from: the profile, the cluster as discovered, the reviewed plan, the hosts;
 * for a move, its plan too (null otherwise); for the retire of storages an earlier move took
 * elsewhere, run on its own, the retire's plan (null otherwise: a move's retire is in its plan).
 */
public record RunSetup(
        ClusterProfile profile,
        Discovery discovery,
        Plan plan,
        Choice choice,
        HostProvider hosts,
        Timeouts timeouts,
        MoveSetup move,
        RetirePlan retire) {

    public RunSetup(
            ClusterProfile profile,
            Discovery discovery,
            Plan plan,
            Choice choice,
            HostProvider hosts,
            Timeouts timeouts) {
        this(profile, discovery, plan, choice, hosts, timeouts, null, null);
    }

    public RunSetup(
            ClusterProfile profile,
            Discovery discovery,
            Plan plan,
            Choice choice,
            HostProvider hosts,
            Timeouts timeouts,
            MoveSetup move) {
        this(profile, discovery, plan, choice, hosts, timeouts, move, null);
    }

    /** Whether this run moves the frozen storages into service at the target. */
    public boolean moves() {
        return move != null;
    }

    /** Whether this run ends by retiring moved storages from their old server (after its move, or alone). */
    public boolean retires() {
        return retire != null || move != null && move.plan().retires();
    }

    /** A retire alone, of storages an earlier run moved: nothing is frozen, copied or moved. */
    public boolean retiresOnly() {
        return retire != null && move == null;
    }

    /** The files the retire changes (the old servers' zeo.conf), as reviewed; empty when the run does not retire. */
    public List<FileChange> retireChanges() {
        return retire != null ? retire.changes() : move != null ? move.plan().retire() : List.of();
    }

    /** The storages the retire takes off their old server; empty when the run does not retire. */
    public List<StorageId> retired() {
        if (retire != null) {
            return retire.storages();
        }
        return retires()
                ? move.plan().storages().stream()
                        .map(MovePlan.MovedStorage::source)
                        .toList()
                : List.of();
    }

    /** The same run with other timeouts. */
    public RunSetup withTimeouts(Timeouts t) {
        return new RunSetup(profile, discovery, plan, choice, hosts, t, move, retire);
    }

    public List<ClusterProcess> servers() {
        return ClusterProcess.servers(discovery.cluster());
    }

    public List<ClusterProcess> clients() {
        return ClusterProcess.clients(discovery.cluster());
    }

    public String buildout(String host) {
        return discovery
                .cluster()
                .buildoutOf(host)
                .map(Buildout::dir)
                .or(() -> move == null
                        ? Optional.empty()
                        : move.target().cluster().buildoutOf(host).map(Buildout::dir))
                .or(() -> Optional.ofNullable(profile.target())
                        .filter(t -> t.name().equals(host))
                        .map(MigrationTarget::buildoutDir))
                .orElseThrow(() -> new IllegalArgumentException("no buildout on host " + host));
    }

    /** A process's configuration as read: the cluster's, or the move target's. */
    public ParsedConfig config(String host, String mainFile) {
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

    /** The configuration files a process reads at start-up: its main file and every file it includes. */
    public Set<HostFile> filesOf(ClusterProcess p) {
        return config(p.host(), p.confFile()).documents().keySet().stream()
                .map(path -> new HostFile(p.host(), path))
                .collect(Collectors.toUnmodifiableSet());
    }
}
