package org.zeofreeze.runbook;

import java.util.Locale;
import java.util.Optional;

/**
 * How the processes are restarted. Rolling: one client at a time (each freezes its own databases
 * while the others serve), then the ZEO server alone — the site never stops serving. Full stop:
 * the guide's order, everything down together, for clusters where that is wanted.
 */
public enum Strategy {
    ROLLING, FULL_STOP;

    /** The option's text: {@code rolling}, {@code full-stop}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Strategy> parse(String text) {
        for (Strategy s : values()) {
            if (s.text().equalsIgnoreCase(text.strip())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
