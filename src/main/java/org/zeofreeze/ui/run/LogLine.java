package org.zeofreeze.ui.run;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.zeofreeze.runbook.event.RunEvent;

/** A line of the Run page's log console. */
public record LogLine(Instant at, RunEvent.Level level, String step, String host, String text) {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    public String render() {
        return TIME.format(at) + "  " + (host == null ? "" : host + "  ") + (step == null ? "" : "[" + step + "] ")
                + text;
    }
}
