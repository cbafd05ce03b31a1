package org.zeofreeze.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.zeofreeze.cluster.Buildout;

/**
 * One machine of the cluster as the profile names it. {@code address} is an SSH host name or a
 * {@code ~/.ssh/config} alias; it is empty for this computer. {@code sudoUser}, when set, is the
 * user owning the buildout ({@code sudo -n -u USER}).
 */
public record HostEntry(String name, String address, String user, Integer port, String buildoutDir, String sudoUser) {

    public HostEntry {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a host needs a name");
        }
        buildoutDir = buildoutDir == null || buildoutDir.isBlank() ? Buildout.DEFAULT_DIR : buildoutDir;
        if (!buildoutDir.startsWith("/")) {
            // It reaches commands on the host (df, the buildout's scripts): a relative one would
            // depend on the login directory, and "-x" would read as an option.
            throw new IllegalArgumentException("the buildout directory of host '" + name + "' is '" + buildoutDir
                    + "': write it as an absolute path (starting with /)");
        }
        address = address == null ? "" : address.strip();
    }

    public static HostEntry local(String buildoutDir) {
        return new HostEntry("local", "", null, null, buildoutDir, null);
    }

    @JsonIgnore
    public boolean isLocal() {
        return address.isEmpty();
    }
}
