package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeofreeze.runbook.RunEvent;

class EventPrinterTest {
    @Test
    void theFrozenWindowIsPrintedOnALineOfItsOwn() {
        StringWriter out = new StringWriter();
        Instant t = Instant.parse("2026-12-01T20:00:00Z");
        new EventPrinter(new PrintWriter(out)).on(new RunEvent.FrozenWindow(t.plusSeconds(30), t,
                Map.of("plone@zeo", Duration.ofMillis(4100)), List.of("catalog@zeo")));
        assertThat(out.toString()).isEqualTo("Frozen window: read-only before the copy was verified: plone@zeo 4.1 s; "
                + "read-only, copy not verified: catalog@zeo (read-only for 30.0 s so far)" + System.lineSeparator());
    }
}
