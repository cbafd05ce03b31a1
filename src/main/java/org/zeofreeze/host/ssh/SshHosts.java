package org.zeofreeze.host.ssh;

import java.io.IOException;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.profile.HostEntry;

/**
 * Opens a profile's SSH hosts as {@code ssh ADDRESS} would (~/.ssh/config, agent, known_hosts),
 * with the profile's user, port and sudo user winning. The host is named as the profile names it,
 * so plans and runs find it under that name.
 */
public final class SshHosts implements ProfileHosts.Connector {
    private final SshConnector connector;
    private SshConfig config;

    public SshHosts(SshConnector connector) {
        this.connector = connector;
    }

    @Override
    public Host connect(HostEntry entry) throws IOException {
        SshTarget target = config().resolve(entry.address()).withAlias(entry.name());
        if (entry.user() != null && !entry.user().isBlank()) {
            target = target.withUser(entry.user());
        }
        if (entry.port() != null) {
            target = target.withPort(entry.port());
        }
        if (entry.sudoUser() != null && !entry.sudoUser().isBlank()) {
            target = target.withSudoUser(entry.sudoUser());
        }
        return connector.connect(target);
    }

    @Override
    public boolean isOpen(Host host) {
        return !(host instanceof SshHost ssh) || ssh.isConnected();
    }

    private synchronized SshConfig config() throws IOException {
        if (config == null) {
            config = SshConfig.load();
        }
        return config;
    }
}
