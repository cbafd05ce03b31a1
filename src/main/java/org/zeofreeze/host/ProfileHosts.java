package org.zeofreeze.host;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;

/**
 * The hosts of a profile (and its migration target) by name: this computer, or a connection made
 * on first use through the given connector and made again if it was lost.
 */
public final class ProfileHosts implements HostProvider, AutoCloseable {

    /** Opens a host that is not this computer (SSH). */
    @FunctionalInterface
    public interface Connector {
        Host connect(HostEntry entry) throws IOException;

        /** Whether a host this connector opened can still be used; a lost one is opened again. */
        default boolean isOpen(Host host) {
            return true;
        }
    }

    private final Map<String, HostEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, Host> open = new ConcurrentHashMap<>();
    // One lock per host: connecting to one host (handshake, key exchange, authentication) must not
    // hold up the others, but two callers asking for the same host get the same connection.
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Connector connector;

    public ProfileHosts(ClusterProfile profile, Connector connector) {
        profile.hosts().forEach(h -> entries.put(h.name(), h));
        if (profile.target() != null) {
            entries.putIfAbsent(profile.target().name(), profile.target().asHost());
        }
        this.connector = connector;
    }

    @Override
    public Host get(String name) throws IOException {
        HostEntry entry = entries.get(name);
        if (entry == null) {
            throw new IOException("the profile has no host named '" + name + "'");
        }
        if (entry.isLocal()) {
            return open.computeIfAbsent(name, n -> new LocalHost(n));
        }
        synchronized (locks.computeIfAbsent(name, n -> new Object())) {
            Host host = open.get(name);
            if (host != null && !connector.isOpen(host)) {
                closeQuietly(host);
                open.remove(name);
                host = null;
            }
            if (host == null) {
                host = connector.connect(entry);
                open.put(name, host);
            }
            return host;
        }
    }

    private static void closeQuietly(Host host) {
        if (host instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        open.values().forEach(ProfileHosts::closeQuietly);
        open.clear();
    }
}
