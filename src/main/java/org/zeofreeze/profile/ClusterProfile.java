package org.zeofreeze.profile;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Optional;

/**
 * A cluster as an admin describes it once and keeps: its hosts and buildouts, how processes are
 * controlled, where storages are copied, the maintenance switch, whether frozen {@code .fs}
 * files are also made read-only on disk, and whether files a tool writes again at every start
 * (plonex, the Plone images) are edited all the same. Holds no password or passphrase.
 */
public record ClusterProfile(
        String name,
        List<HostEntry> hosts,
        ProcessControl control,
        MigrationTarget target,
        Maintenance maintenance,
        boolean chmodFrozenFiles,
        @JsonDeserialize(using = StrictBoolean.class) boolean editGeneratedFiles) {
    public ClusterProfile(
            String name,
            List<HostEntry> hosts,
            ProcessControl control,
            MigrationTarget target,
            Maintenance maintenance,
            boolean chmodFrozenFiles) {
        this(name, hosts, control, target, maintenance, chmodFrozenFiles, false);
    }

    public ClusterProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a profile needs a name");
        }
        hosts = List.copyOf(hosts);
        control = control == null ? new ProcessControl.BuildoutScripts() : control;
        maintenance = maintenance == null ? Maintenance.none() : maintenance;
        if (hosts.stream().map(HostEntry::name).distinct().count() != hosts.size()) {
            throw new IllegalArgumentException("two hosts of profile '" + name + "' have the same name");
        }
        if (target != null
                && target.server() != null
                && (target.control() == null ? control : target.control()) instanceof ProcessControl.BuildoutScripts) {
            throw new IllegalArgumentException("profile '" + name + "': the migration target '" + target.name()
                    + "' names its zeo.conf (\"server\"), so it has no bin/zeoserver to start and stop: name its "
                    + "\"control\" (the target's own, or the profile's: \"supervisor\", \"systemd\" or \"custom\")");
        }
        if (control instanceof ProcessControl.BuildoutScripts) {
            for (HostEntry h : hosts) {
                if (h.isFiles()) {
                    // bin/PART is what a buildout makes; a hand-kept cluster has no such scripts
                    throw new IllegalArgumentException("profile '" + name + "': host '" + h.name()
                            + "' has the files layout, which has no bin/PART scripts to start and stop its parts: "
                            + "name its \"control\" (\"supervisor\", \"systemd\" or \"custom\")");
                }
            }
        }
    }

    public static ClusterProfile local(String name, String buildoutDir) {
        return new ClusterProfile(name, List.of(HostEntry.local(buildoutDir)), null, null, null, false);
    }

    public Optional<HostEntry> host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
    }
}
