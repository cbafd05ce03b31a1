package org.zeofreeze.runbook.setup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * How the processes are restarted. Rolling: one client at a time (each freezes its own databases
 * while the others serve), then the ZEO server alone — the site never stops serving. Full stop:
 * the guide's order, everything down together, for clusters where that is wanted.
 */
public enum Strategy {
    ROLLING,
    FULL_STOP;

    /** The option's text: {@code rolling}, {@code full-stop}; also how a journal names it. */
    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** As a journal names it; an unknown strategy is read as none (a journal's reader decides what that means). */
    @JsonCreator
    static Strategy fromJournal(String text) {
        return text == null ? null : parse(text).orElse(null);
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
