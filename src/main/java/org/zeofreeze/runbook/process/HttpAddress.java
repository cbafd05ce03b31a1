package org.zeofreeze.runbook.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.host.Host;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Where a Zope client serves HTTP: the {@code parts/NAME/etc/wsgi.ini} that plone.recipe.zope2instance writes for
 * a WSGI Zope ({@code fast-listen} or {@code listen = host:port}, or {@code host}/{@code port}), else the
 * {@code <http-server>} address of its zope.conf (ZServer: Zope 2.13, and Zope 4 run without WSGI). An address
 * that binds every interface is asked at 127.0.0.1, on the client's own host.
 */
public final class HttpAddress {
    private static final Pattern LISTEN = Pattern.compile("(?m)^\\s*(?:fast-)?listen\\s*=\\s*(\\S+)");
    private static final Pattern HOST = Pattern.compile("(?m)^\\s*host\\s*=\\s*(\\S+)");
    private static final Pattern PORT = Pattern.compile("(?m)^\\s*port\\s*=\\s*(\\d+)");

    private HttpAddress() {}

    public static Optional<String> of(StepRun run, ClusterProcess p) throws StepFailure {
        try {
            return read(
                    run.host(p.host()),
                    run.setup().buildout(p.host()),
                    p,
                    run.setup().discovery().cluster());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The client's address, from its wsgi.ini on its host or else from the zope.conf discovery read. */
    public static Optional<String> read(Host host, String buildout, ClusterProcess p, Cluster cluster)
            throws IOException {
        Optional<String> named = cluster.buildoutOf(p.host())
                .flatMap(b -> b.filesLayout())
                .flatMap(f -> f.part(p.part()))
                .map(part -> part.http());
        if (named.isPresent()) {
            return named.map(HttpAddress::local); // a files layout's profile names it; there is no parts/
        }
        String ini = buildout + "/parts/" + p.part() + "/etc/wsgi.ini";
        if (host.exists(ini)) {
            Optional<String> wsgi = parse(new String(host.read(ini), StandardCharsets.UTF_8));
            if (wsgi.isPresent()) {
                return wsgi;
            }
        }
        return cluster.clients().stream()
                .filter(c -> c.host().equals(p.host()) && c.name().equals(p.part()))
                .findFirst()
                .flatMap(c -> c.zserverAddress())
                .flatMap(HttpAddress::zserver);
    }

    /** host:port from the text of a wsgi.ini, if it says. */
    public static Optional<String> parse(String ini) {
        Matcher listen = LISTEN.matcher(ini);
        if (listen.find()) {
            return Optional.of(local(listen.group(1).split(",")[0]));
        }
        Matcher port = PORT.matcher(ini);
        if (port.find()) {
            Matcher host = HOST.matcher(ini);
            String h = host.find() ? host.group(1) : "127.0.0.1";
            return Optional.of((h.equals("0.0.0.0") ? "127.0.0.1" : h) + ":" + port.group(1));
        }
        return Optional.empty();
    }

    /**
     * host:port from a ZServer {@code <http-server>} address, which ZConfig reads as an inet binding address:
     * a port alone, {@code :port} and {@code host:port}.
     */
    public static Optional<String> zserver(String address) {
        String a = address.strip();
        if (a.matches("\\d{1,5}")) {
            return Optional.of("127.0.0.1:" + a);
        }
        int colon = a.lastIndexOf(':');
        if (colon < 0 || !a.substring(colon + 1).matches("\\d{1,5}")) {
            return Optional.empty();
        }
        return Optional.of(colon == 0 ? "127.0.0.1" + a : local(a));
    }

    private static String local(String hostPort) {
        return hostPort.startsWith("0.0.0.0:") || hostPort.startsWith("*:")
                ? "127.0.0.1" + hostPort.substring(hostPort.indexOf(':'))
                : hostPort;
    }
}
