package org.zeofreeze.cluster;

import java.util.Locale;

/**
 * A ZEO address as ZConfig reads it: {@code 8100}, {@code host:8100}, {@code [::1]:8100}, or a
 * Unix socket path. An empty host means "all interfaces" on a server and "this machine" on a client.
 */
public record Address(String host, int port, String socketPath) {

    public static Address parse(String text) {
        String t = text.strip();
        if (t.contains("/")) {
            return new Address("", -1, t);
        }
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close > 0 && t.startsWith(":", close + 1)) {
                return new Address(t.substring(1, close), parsePort(text, t.substring(close + 2)), null);
            }
            throw new IllegalArgumentException("'" + text + "' is not an address: write [IPv6]:port");
        }
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            return new Address("", parsePort(text, t), null);
        }
        return new Address(t.substring(0, colon), parsePort(text, t.substring(colon + 1)), null);
    }

    private static int parsePort(String text, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not an address: expected port, host:port or a socket path");
    }

    public boolean isSocket() {
        return socketPath != null;
    }

    /**
     * Whether a client given this address could be talking to a server listening on {@code listen}.
     * Ports must agree; hosts only rule a match out when both are distinct, definite IP addresses,
     * since a host name may well be the same machine.
     */
    public boolean couldReach(Address listen) {
        if (isSocket() || listen.isSocket()) {
            return isSocket() && listen.isSocket() && socketPath.equals(listen.socketPath);
        }
        if (port != listen.port) {
            return false;
        }
        String a = normalHost(host);
        String b = normalHost(listen.host);
        if (a.isEmpty()
                || b.isEmpty()
                || a.equals("0.0.0.0")
                || b.equals("0.0.0.0")
                || a.equals("::")
                || b.equals("::")) {
            return true;
        }
        if (a.equals(b)) {
            return true;
        }
        return !(isIpLiteral(a) && isIpLiteral(b));
    }

    /**
     * Whether a client given this address on one host could be talking to a server listening on
     * {@code listen} on another or the same host: a loopback address, an empty host ("this
     * machine") or a Unix socket only ever reaches the client's own host.
     */
    public boolean couldReach(Address listen, boolean sameHost) {
        return couldReach(listen) && (sameHost || !isLocalOnly());
    }

    /** A listening address for all interfaces (no host, 0.0.0.0, ::): no client can be given it. */
    public boolean isWildcard() {
        return !isSocket() && (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::"));
    }

    /** An address that means the machine it is used on: a socket, no host, localhost or loopback. */
    public boolean isLocalOnly() {
        return isSocket() || host.isEmpty() || normalHost(host).equals("loopback");
    }

    private static String normalHost(String h) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.equals("::1") || lower.startsWith("127.")) {
            return "loopback";
        }
        return lower;
    }

    private static boolean isIpLiteral(String h) {
        return h.matches("[0-9.]+") || h.contains(":");
    }

    @Override
    public String toString() {
        if (isSocket()) {
            return socketPath;
        }
        if (host.isEmpty()) {
            return Integer.toString(port);
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
