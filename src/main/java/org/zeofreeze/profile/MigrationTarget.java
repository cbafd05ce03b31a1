package org.zeofreeze.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.cluster.FilesLayout;

/**
 * Where the frozen storages are copied: a machine ({@code address} as the source hosts reach it
 * over SSH; empty for this computer) and the buildout directory there. Files keep their path
 * relative to the source buildout. {@code sshCommand} is rsync's {@code -e}, for when the source
 * needs special options to reach the target (default {@code ssh -o BatchMode=yes}).
 * {@code bandwidthLimitKBps}, when set, keeps the copy from saturating the link the live site uses.
 * {@code preSync} (on unless false) copies the storages once while the site is still live, so
 * that the frozen window holds only what was written since.
 * {@code zeoAddress} ({@code host:port}) is where the clients will reach the target's ZEO server
 * once a storage is moved there; unset, it is the target's address and the port the target
 * buildout's ZEO server listens on.
 * {@code server}, when set, makes the target no buildout: it names the ZEO server's zeo.conf there
 * (part and path, as a files host of the profile does) and {@code buildoutDir} is then the
 * target's home directory, under which the copies land at their paths relative to the source's.
 */
public record MigrationTarget(
        String name,
        String address,
        String user,
        Integer port,
        String buildoutDir,
        List<String> sshCommand,
        Integer bandwidthLimitKBps,
        Boolean preSync,
        String zeoAddress,
        ProcessControl control,
        @JsonInclude(JsonInclude.Include.NON_NULL) PartFile server) {
    public MigrationTarget {
        name = name == null || name.isBlank() ? "target" : name;
        address = address == null ? "" : address.strip();
        sshCommand = sshCommand == null ? List.of() : List.copyOf(sshCommand);
        // a target that is no buildout names its zeo.conf, and its directory is its home directory
        if (buildoutDir == null || buildoutDir.isBlank()) {
            throw new IllegalArgumentException(
                    "the migration target needs a " + (server == null ? "buildout" : "home") + " directory");
        }
        // These reach rsync and ssh on the source hosts as arguments: never as an option.
        if (!buildoutDir.startsWith("/")) {
            throw new IllegalArgumentException((server == null
                            ? "the buildout directory of the migration target"
                            : "the migration target's home directory")
                    + " is '" + buildoutDir + "': write it as an absolute path (starting with /)");
        }
        if (address.startsWith("-") || user != null && user.startsWith("-")) {
            throw new IllegalArgumentException("the migration target's address and user may not start with '-' ('"
                    + (user == null ? "" : user + "@") + address + "')");
        }
        if (server != null) {
            // checked as a files host's server and home directory are
            String who = "the migration target '" + name + "'";
            HostEntry.checkServer(who, server);
            HostEntry.absolute(who, "homeDir", buildoutDir);
        }
        zeoAddress = zeoAddress == null || zeoAddress.isBlank() ? null : zeoAddress.strip();
        if (zeoAddress != null) {
            Address a;
            try {
                a = Address.parse(zeoAddress);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the migration target's zeoAddress is " + e.getMessage()
                        + ": write host:port, as the clients will reach the new ZEO server");
            }
            if (a.isSocket() || a.host().isEmpty() || a.host().startsWith("-")) {
                throw new IllegalArgumentException("the migration target's zeoAddress is '" + zeoAddress
                        + "': write host:port, as the clients will reach the new ZEO server (a host is needed)");
            }
        }
    }

    public MigrationTarget(
            String name,
            String address,
            String user,
            Integer port,
            String buildoutDir,
            List<String> sshCommand,
            Integer bandwidthLimitKBps,
            Boolean preSync,
            String zeoAddress,
            ProcessControl control) {
        this(
                name,
                address,
                user,
                port,
                buildoutDir,
                sshCommand,
                bandwidthLimitKBps,
                preSync,
                zeoAddress,
                control,
                null);
    }

    public MigrationTarget(
            String name,
            String address,
            String user,
            Integer port,
            String buildoutDir,
            List<String> sshCommand,
            Integer bandwidthLimitKBps,
            Boolean preSync,
            String zeoAddress) {
        this(name, address, user, port, buildoutDir, sshCommand, bandwidthLimitKBps, preSync, zeoAddress, null);
    }

    public MigrationTarget(
            String name,
            String address,
            String user,
            Integer port,
            String buildoutDir,
            List<String> sshCommand,
            Integer bandwidthLimitKBps,
            Boolean preSync) {
        this(name, address, user, port, buildoutDir, sshCommand, bandwidthLimitKBps, preSync, null);
    }

    public MigrationTarget(
            String name, String address, String user, Integer port, String buildoutDir, List<String> sshCommand) {
        this(name, address, user, port, buildoutDir, sshCommand, null, null);
    }

    public MigrationTarget(
            String name,
            String address,
            String user,
            Integer port,
            String buildoutDir,
            List<String> sshCommand,
            Integer bandwidthLimitKBps) {
        this(name, address, user, port, buildoutDir, sshCommand, bandwidthLimitKBps, null);
    }

    /** Whether the storages are pre-synced while the site is live (the default). */
    @JsonIgnore
    public boolean preSyncs() {
        return preSync == null || preSync;
    }

    /** This target with the pre-sync off. */
    public MigrationTarget withoutPreSync() {
        return new MigrationTarget(
                name,
                address,
                user,
                port,
                buildoutDir,
                sshCommand,
                bandwidthLimitKBps,
                false,
                zeoAddress,
                control,
                server);
    }

    /** This target with its own process control for its ZEO server (a move's target run another way than the cluster). */
    public MigrationTarget withControl(ProcessControl own) {
        return new MigrationTarget(
                name,
                address,
                user,
                port,
                buildoutDir,
                sshCommand,
                bandwidthLimitKBps,
                preSync,
                zeoAddress,
                own,
                server);
    }

    /** The address the profile names for the target's ZEO server, if it names one. */
    @JsonIgnore
    public Optional<Address> zeoServerAddress() {
        return Optional.ofNullable(zeoAddress).map(Address::parse);
    }

    @JsonIgnore
    public boolean isLocal() {
        return address.isEmpty();
    }

    /** The host entry through which ZeoFreeze itself reaches the target (to check and verify the copy). */
    public HostEntry asHost() {
        return server == null
                ? new HostEntry(name, address, user, port, buildoutDir, null)
                : HostEntry.files(name, address, user, port, null, buildoutDir, server, List.of(), null);
    }

    /** The target's named zeo.conf, when it is no buildout; null for a buildout. */
    @JsonIgnore
    public FilesLayout filesLayout() {
        return asHost().filesLayout();
    }

    /** rsync's {@code -e} command. */
    @JsonIgnore
    public List<String> rsyncShell() {
        if (!sshCommand.isEmpty()) {
            return sshCommand;
        }
        List<String> ssh = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes"));
        if (port != null) {
            ssh.addAll(List.of("-p", port.toString()));
        }
        return ssh;
    }

    /**
     * A command that succeeds only when this computer reaches the target the way rsync will: its
     * shell, without a password ({@code BatchMode}), running {@code true} there.
     */
    public List<String> reachCommand() {
        List<String> reach = new ArrayList<>(rsyncShell());
        reach.add(user == null || user.isBlank() ? address : user + "@" + address);
        reach.add("true");
        return reach;
    }

    /** The rsync destination for a path on the target. */
    public String destination(String path) {
        if (isLocal()) {
            return path;
        }
        String host = address.contains(":") ? "[" + address + "]" : address;
        return (user == null || user.isBlank() ? "" : user + "@") + host + ":" + path;
    }
}
