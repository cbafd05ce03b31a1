package org.zeofreeze.runbook.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An established TCP connection as {@code ss -tnpH state established} lists it on a host: both
 * ends, and the processes holding it where the listing may show them (the same user's, or all
 * for root).
 */
public record TcpConnection(String localAddress, int localPort, String peerAddress, int peerPort, List<Owner> owners) {
    private static final Pattern OWNER = Pattern.compile("\\(\"((?:[^\"\\\\]|\\\\.)*)\",pid=(\\d+)");

    public TcpConnection {
        localAddress = normal(localAddress);
        peerAddress = normal(peerAddress);
        owners = List.copyOf(owners);
    }

    /** A process holding the socket: its command name and pid. */
    record Owner(String command, long pid) {}

    /** The command that lists them; the same on every Linux with iproute2. */
    public static List<String> listCommand() {
        return List.of("ss", "-tnpH", "state", "established");
    }

    /** Parses the listing; lines it cannot read are skipped (ss prints nothing else with -H). */
    static List<TcpConnection> parse(String listing) {
        List<TcpConnection> out = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] cols = line.strip().split("\\s+", 5);
            if (cols.length < 4) {
                continue;
            }
            int local = lastColon(cols[2]);
            int peer = lastColon(cols[3]);
            if (local < 0 || peer < 0) {
                continue;
            }
            try {
                List<Owner> owners = new ArrayList<>();
                if (cols.length == 5) {
                    Matcher m = OWNER.matcher(cols[4]);
                    while (m.find()) {
                        owners.add(new Owner(m.group(1), Long.parseLong(m.group(2))));
                    }
                }
                out.add(new TcpConnection(
                        cols[2].substring(0, local),
                        Integer.parseInt(cols[2].substring(local + 1)),
                        cols[3].substring(0, peer),
                        Integer.parseInt(cols[3].substring(peer + 1)),
                        owners));
            } catch (NumberFormatException e) {
                // not a connection line
            }
        }
        return out;
    }

    private static int lastColon(String endpoint) {
        return endpoint.lastIndexOf(':');
    }

    /** {@code [::ffff:127.0.0.1]} and {@code 127.0.0.1} are the same end; an interface suffix is dropped. */
    static String normal(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int pct = a.indexOf('%');
        if (pct >= 0) {
            a = a.substring(0, pct);
        }
        return a.startsWith("::ffff:") && a.indexOf('.') > 0 ? a.substring(7) : a;
    }

    /** Whether this is the other end of {@code c}. */
    boolean isOtherEndOf(TcpConnection c) {
        return localPort == c.peerPort
                && peerPort == c.localPort
                && localAddress.equals(c.peerAddress)
                && peerAddress.equals(c.localAddress);
    }

    boolean heldBy(long pid) {
        return owners.stream().anyMatch(o -> o.pid() == pid);
    }

    String describeOwners() {
        return owners.isEmpty()
                ? "process not visible"
                : owners.stream()
                        .map(o -> o.command() + " pid " + o.pid())
                        .distinct()
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("");
    }
}
