package org.zeofreeze.ui.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.RunEvent;

/**
 * How a run ended, for the Done page and the report: what was chosen, which files changed, the
 * outcome, when it started and ended, and how long the site was down (the stop to the restart;
 * null when the run did not restart anything).
 */
public record RunSummary(String cluster, Mode mode, List<String> storages, List<String> files,
                         RunEvent.Finished finished, Instant started, Instant ended, Duration downtime,
                         List<String> copies, List<String> log) {
    public RunSummary {
        storages = List.copyOf(storages);
        files = List.copyOf(files);
        copies = List.copyOf(copies);
        log = List.copyOf(log);
    }

    public Duration duration() {
        return Duration.between(started, ended);
    }

    public boolean succeeded() {
        return finished.outcome() == RunEvent.Outcome.DONE;
    }
}
