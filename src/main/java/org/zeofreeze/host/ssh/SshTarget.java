package org.zeofreeze.host.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach one host over SSH: what {@code ssh alias} would use after reading
 * {@code ~/.ssh/config} (see {@link SshConfig}), plus the optional {@code sudo -n -u} user that
 * file operations and commands run as on that host.
 *
 * @param alias             the name a person knows the host by (the {@code Host} alias)
 * @param hostName          the address to connect to
 * @param identityFiles     private key files to try, in order; empty: the default ones
 * @param proxyJump         the host to connect through, itself possibly behind another one
 * @param sudoUser          when present, every command and file operation runs as this user
 *                          through {@code sudo -n -u USER --}
 * @param connectTimeout    for the TCP connect, key exchange, authentication and each request
 * @param keepAliveInterval how often an idle connection is probed; three unanswered probes drop it
 */
public record SshTarget(
        String alias,
        String hostName,
        int port,
        String user,
        List<Path> identityFiles,
        Optional<SshTarget> proxyJump,
        Optional<String> sudoUser,
        Duration connectTimeout,
        Duration keepAliveInterval) {

    public static final int DEFAULT_PORT = 22;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);

    public SshTarget {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        identityFiles = List.copyOf(identityFiles);
        Objects.requireNonNull(proxyJump, "proxyJump");
        Objects.requireNonNull(sudoUser, "sudoUser");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        if (keepAliveInterval.toSeconds() < 1) {
            throw new IllegalArgumentException("keepalive interval must be at least one second");
        }
    }

    /** A host reached directly, by address, with the default keys and timeouts. */
    public static SshTarget of(String user, String hostName, int port) {
        return new SshTarget(
                hostName,
                hostName,
                port,
                user,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_KEEPALIVE);
    }

    public SshTarget withAlias(String newAlias) {
        return new SshTarget(
                newAlias, hostName, port, user, identityFiles, proxyJump, sudoUser, connectTimeout, keepAliveInterval);
    }

    public SshTarget withUser(String newUser) {
        return new SshTarget(
                alias, hostName, port, newUser, identityFiles, proxyJump, sudoUser, connectTimeout, keepAliveInterval);
    }

    public SshTarget withPort(int newPort) {
        return new SshTarget(
                alias, hostName, newPort, user, identityFiles, proxyJump, sudoUser, connectTimeout, keepAliveInterval);
    }

    public SshTarget withIdentityFiles(List<Path> files) {
        return new SshTarget(
                alias, hostName, port, user, files, proxyJump, sudoUser, connectTimeout, keepAliveInterval);
    }

    public SshTarget withProxyJump(SshTarget jump) {
        return new SshTarget(
                alias,
                hostName,
                port,
                user,
                identityFiles,
                Optional.of(jump),
                sudoUser,
                connectTimeout,
                keepAliveInterval);
    }

    public SshTarget withSudoUser(String newSudoUser) {
        return new SshTarget(
                alias,
                hostName,
                port,
                user,
                identityFiles,
                proxyJump,
                Optional.ofNullable(newSudoUser),
                connectTimeout,
                keepAliveInterval);
    }

    public SshTarget withConnectTimeout(Duration timeout) {
        return new SshTarget(
                alias, hostName, port, user, identityFiles, proxyJump, sudoUser, timeout, keepAliveInterval);
    }

    public SshTarget withKeepAliveInterval(Duration interval) {
        return new SshTarget(alias, hostName, port, user, identityFiles, proxyJump, sudoUser, connectTimeout, interval);
    }

    /** {@code user@host:port}, as it appears in messages. */
    public String address() {
        String host = hostName.contains(":") ? "[" + hostName + "]" : hostName;
        return user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return alias.equals(hostName) ? address() : alias + " (" + address() + ")";
    }
}
