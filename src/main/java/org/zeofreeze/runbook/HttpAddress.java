package org.zeofreeze.runbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Zope client serves HTTP, from the {@code parts/NAME/etc/wsgi.ini} that
 * plone.recipe.zope2instance writes ({@code fast-listen} or {@code listen = host:port}, or {@code host}/{@code port}).
 */
public final class HttpAddress {
    private static final Pattern LISTEN = Pattern.compile("(?m)^\\s*(?:fast-)?listen\\s*=\\s*(\\S+)");
    private static final Pattern HOST = Pattern.compile("(?m)^\\s*host\\s*=\\s*(\\S+)");
    private static final Pattern PORT = Pattern.compile("(?m)^\\s*port\\s*=\\s*(\\d+)");

    private HttpAddress() {
    }

    static Optional<String> of(StepRun run, ClusterProcess p) throws StepFailure {
        String ini = run.setup().buildout(p.host()) + "/parts/" + p.part() + "/etc/wsgi.ini";
        try {
            if (!run.host(p.host()).exists(ini)) {
                return Optional.empty();
            }
            return parse(new String(run.host(p.host()).read(ini), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** host:port from the text of a wsgi.ini, if it says. */
    public static Optional<String> parse(String ini) {
        Matcher listen = LISTEN.matcher(ini);
        if (listen.find()) {
            String first = listen.group(1).split(",")[0];
            return Optional.of(first.startsWith("0.0.0.0:") || first.startsWith("*:") ? "127.0.0.1" + first.substring(first.indexOf(':')) : first);
        }
        Matcher port = PORT.matcher(ini);
        if (port.find()) {
            Matcher host = HOST.matcher(ini);
            String h = host.find() ? host.group(1) : "127.0.0.1";
            return Optional.of((h.equals("0.0.0.0") ? "127.0.0.1" : h) + ":" + port.group(1));
        }
        return Optional.empty();
    }
}
