package org.zeofreeze.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.zeofreeze.format.Units;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;

/**
 * Prints a run's events as lines; copy progress at most once a second per file, so logs stay
 * readable. Secret values of the run's files never reach the log: every text is masked.
 */
final class EventPrinter implements RunListener {
    private final PrintWriter out;
    private final Secrets secrets;
    private final Map<String, Long> lastProgress = new ConcurrentHashMap<>();

    EventPrinter(PrintWriter out) {
        this(out, Secrets.NONE);
    }

    EventPrinter(PrintWriter out, Secrets secrets) {
        this.out = out;
        this.secrets = secrets;
    }

    @Override
    public synchronized void on(RunEvent event) {
        if (event instanceof RunEvent.StepChanged s) {
            out.printf(
                    "[%s] %-16s %-10s %s%n",
                    s.state().name().toLowerCase(Locale.ROOT),
                    s.step(),
                    s.host() == null ? "" : s.host(),
                    s.message() == null ? "" : secrets.mask(s.message()));
        } else if (event instanceof RunEvent.Progress p) {
            long now = System.currentTimeMillis();
            Long last = lastProgress.get(p.item());
            if (last == null || now - last >= 1000 || p.done() >= p.total()) {
                lastProgress.put(p.item(), now);
                out.printf(
                        "[copy]    %-16s %s %s of %s (%.0f%%) %s, %s left%n",
                        p.item(),
                        p.host(),
                        Units.bytes(p.done()),
                        Units.bytes(p.total()),
                        p.fraction() * 100,
                        Units.rate(p.bytesPerSecond()),
                        p.eta() == null ? "unknown time" : Units.duration(p.eta()));
            }
        } else if (event instanceof RunEvent.Log l) {
            if (l.level() != RunEvent.Level.INFO || !l.text().startsWith("$ ")) {
                out.printf(
                        "  %s%s%s%n",
                        l.level() == RunEvent.Level.INFO ? "" : l.level() + ": ",
                        l.host() == null ? "" : l.host() + ": ",
                        secrets.mask(l.text()));
            }
        } else if (event instanceof RunEvent.Serving s && s.host() == null) {
            out.printf("[site]    %s%n", s.serving() ? "serving again" : "NOT serving");
        } else if (event instanceof RunEvent.Outage o) {
            out.printf("Outage: %s%n", o.describe());
        } else if (event instanceof RunEvent.SiteSeen w) {
            out.printf("Site: %s%n", w.describe());
        } else if (event instanceof RunEvent.FrozenWindow w) {
            out.printf("Frozen window: %s%n", w.describe());
        } else if (event instanceof RunEvent.Finished f) {
            out.printf("%s: %s%n", f.outcome(), secrets.mask(f.message()));
            if (f.journal() != null) {
                out.printf("Journal: %s%n", f.journal());
            }
        }
        out.flush();
    }
}
