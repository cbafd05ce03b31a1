package org.zeofreeze.ui.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;

/**
 * Hands the run's events from its threads to the UI thread in batches: one UI task takes what
 * arrived since the last one, so a burst of events (a copy's progress, a verbose command) costs
 * the UI thread a few list updates, not one task per event. A task hands over batches of at most
 * {@link #CHUNK} events until it has used {@link #BUDGET_MS} of the UI thread, then leaves the rest
 * to the next task: a frame is drawn in between, however slow the UI thread is at the moment
 * (a cold start, a busy machine).
 */
public final class EventBatcher implements RunListener {
    static final int CHUNK = 64;
    static final long BUDGET_MS = 8;

    private final Queue<RunEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<Runnable> onUi;
    private final Consumer<List<RunEvent>> apply;
    private final LongSupplier nanoTime;

    /** {@code onUi} runs a task on the UI thread later; {@code apply} takes a batch there, in order. */
    public EventBatcher(Consumer<Runnable> onUi, Consumer<List<RunEvent>> apply) {
        this(onUi, apply, System::nanoTime);
    }

    EventBatcher(Consumer<Runnable> onUi, Consumer<List<RunEvent>> apply, LongSupplier nanoTime) {
        this.onUi = onUi;
        this.apply = apply;
        this.nanoTime = nanoTime;
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
        long start = nanoTime.getAsLong();
        long budget = TimeUnit.MILLISECONDS.toNanos(BUDGET_MS);
        do {
            List<RunEvent> batch = new ArrayList<>();
            RunEvent event;
            while (batch.size() < CHUNK && (event = queue.poll()) != null) {
                batch.add(event);
            }
            if (batch.isEmpty()) {
                return;
            }
            apply.accept(batch);
        } while (nanoTime.getAsLong() - start < budget);
        if (!queue.isEmpty()) {
            schedule();
        }
    }
}
