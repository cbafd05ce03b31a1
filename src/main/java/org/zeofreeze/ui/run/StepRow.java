package org.zeofreeze.ui.run;

import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.zeofreeze.runbook.event.StepState;

/**
 * A row of the Run page's grid: a step, its state as a whole (events without a host) and on each
 * host it touches, with the last message.
 */
public final class StepRow {
    private final String id;
    private final String title;
    private final List<String> hosts;
    private final ObjectProperty<StepState> overall = new SimpleObjectProperty<>();
    private final ObservableMap<String, StepState> states = FXCollections.observableHashMap();
    private final ObservableMap<String, String> messages = FXCollections.observableHashMap();

    public StepRow(String id, String title, List<String> hosts) {
        this.id = id;
        this.title = title;
        this.hosts = List.copyOf(hosts);
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Whether the step does anything on this host (else its cell stays empty). */
    public boolean touches(String host) {
        return hosts.isEmpty() || hosts.contains(host) || states.containsKey(host);
    }

    public ObjectProperty<StepState> overallProperty() {
        return overall;
    }

    public ObservableMap<String, StepState> states() {
        return states;
    }

    public ObservableMap<String, String> messages() {
        return messages;
    }

    /** The state on a host: its own when reported, else the step's as a whole. */
    public StepState state(String host) {
        StepState own = states.get(host);
        if (own != null) {
            return own;
        }
        return overall.get() == null ? StepState.PENDING : overall.get();
    }

    /** The step as a whole: as reported, else summed up from the hosts. */
    public StepState summary() {
        if (overall.get() != null) {
            return overall.get();
        }
        if (states.containsValue(StepState.FAILED)) {
            return StepState.FAILED;
        }
        if (states.containsValue(StepState.RUNNING)) {
            return StepState.RUNNING;
        }
        if (!states.isEmpty() && states.values().stream().allMatch(StepState::finished)) {
            return StepState.DONE;
        }
        return StepState.PENDING;
    }
}
