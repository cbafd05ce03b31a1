package org.zeofreeze.ui.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.runbook.RunListener;

/**
 * Hands the run's events from its threads to the UI thread in batches: one UI task takes all
 * that arrived since the last one, so a burst of events (a copy's progress, a verbose command)
 * costs the UI thread one task and one update of each list, not one task per event. A batch is
 * at most {@link #MOST} events; the rest follow in the next task, so no single one stalls a frame.
 */
public final class EventBatcher implements RunListener {
    static final int MOST = 500;

    private final Queue<RunEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<Runnable> onUi;
    private final Consumer<List<RunEvent>> apply;

    /** {@code onUi} runs a task on the UI thread later; {@code apply} takes a batch there, in order. */
    public EventBatcher(Consumer<Runnable> onUi, Consumer<List<RunEvent>> apply) {
        this.onUi = onUi;
        this.apply = apply;
    }

    @Override
    public void on(RunEvent event) {
        queue.add(event);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            onUi.accept(this::drain);
        }
    }

    private void drain() {
        // Cleared before taking: an event that arrives after the last poll schedules the next task.
        scheduled.set(false);
        List<RunEvent> batch = new ArrayList<>();
        RunEvent event;
        while (batch.size() < MOST && (event = queue.poll()) != null) {
            batch.add(event);
        }
        if (!batch.isEmpty()) {
            apply.accept(batch);
        }
        if (!queue.isEmpty()) {
            schedule();
        }
    }
}
