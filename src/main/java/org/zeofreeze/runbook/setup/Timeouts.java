package org.zeofreeze.runbook.setup;

import java.time.Duration;

/** How long the runbook waits for processes; a large site's clients can take minutes to start. */
public record Timeouts(Duration command, Duration stop, Duration zeoStart, Duration clientStart, Duration copy) {
    public static Timeouts standard() {
        return new Timeouts(
                Duration.ofSeconds(60),
                Duration.ofSeconds(120),
                Duration.ofSeconds(180),
                Duration.ofSeconds(600),
                Duration.ofHours(24));
    }
}
