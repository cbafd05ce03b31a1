package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.ui.run.Transfer;

class EventPrinterTest {

    @Test
    void copyProgressReadsInTheSameUnitsAsTheWizard() {
        RunEvent.Progress p = new RunEvent.Progress(
                Instant.EPOCH,
                "copy",
                "db1",
                "Data.fs",
                1536L << 10,
                3L << 20,
                45.0 * (1 << 20),
                Duration.ofSeconds(130));
        StringWriter text = new StringWriter();
        new EventPrinter(new PrintWriter(text)).on(p);

        assertThat(text.toString()).contains("1.5 MiB of 3.0 MiB", "45 MiB/s", "2 min 10 s left");
        assertThat(Transfer.describe(p)).isEqualTo("1.5 MiB of 3.0 MiB · 45 MiB/s · 2 min 10 s left");
    }

    @Test
    void theOutageLineHasTenthsOfASecond() {
        RunEvent.Outage o = new RunEvent.Outage(
                Instant.EPOCH,
                Duration.ofMillis(400),
                Duration.ofMillis(400),
                Map.of("client1@web1", Duration.ofMillis(2300)),
                false);
        StringWriter text = new StringWriter();
        new EventPrinter(new PrintWriter(text)).on(o);

        assertThat(text.toString()).contains("could not serve for 0.4 s", "client1@web1 2.3 s");
    }

    @Test
    void theFrozenWindowIsPrintedOnALineOfItsOwn() {
        StringWriter out = new StringWriter();
        Instant t = Instant.parse("2026-12-01T20:00:00Z");
        new EventPrinter(new PrintWriter(out))
                .on(new RunEvent.FrozenWindow(
                        t.plusSeconds(30), t, Map.of("plone@zeo", Duration.ofMillis(4100)), List.of("catalog@zeo")));
        assertThat(out.toString())
                .isEqualTo("Frozen window: read-only before the copy was verified: plone@zeo 4.1 s; "
                        + "read-only, copy not verified: catalog@zeo (read-only for 30 s so far)"
                        + System.lineSeparator());
    }
}
