package org.zeofreeze.ui.run;

import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.zeofreeze.runbook.StepState;

/** A row of the Run page's grid: a step and its state and last message on each host. */
public final class StepRow {
    private final String step;
    private final ObservableMap<String, StepState> states = FXCollections.observableHashMap();
    private final ObservableMap<String, String> messages = FXCollections.observableHashMap();

    public StepRow(String step) {
        this.step = step;
    }

    public String step() {
        return step;
    }

    public ObservableMap<String, StepState> states() {
        return states;
    }

    public ObservableMap<String, String> messages() {
        return messages;
    }

    public StepState state(String host) {
        return states.getOrDefault(host, StepState.PENDING);
    }
}
