package org.zeofreeze.runbook;

import java.util.List;
import org.zeofreeze.runbook.setup.Strategy;

/**
 * Which strategy a run takes and why, with what the admin should know about it (an outage that no
 * order can avoid, a check that cannot be made). {@code refusal} is set when the strategy asked
 * for cannot be run safely on this cluster.
 */
public record StrategyDecision(Strategy strategy, String reason, List<String> notes, String refusal) {
    public StrategyDecision {
        notes = List.copyOf(notes);
    }

    public boolean refused() {
        return refusal != null;
    }
}
