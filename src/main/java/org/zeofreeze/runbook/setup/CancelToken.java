package org.zeofreeze.runbook.setup;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop. The runbook honours it at the next safe point (between steps, never
 * half-way through writing configuration files) and leaves the cluster running.
 */
public final class CancelToken {
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile Thread interruptible;

    public void cancel() {
        requested.set(true);
        Thread t = interruptible;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Marks the calling thread as safe to interrupt on cancel until {@link #leaveInterruptible}:
     * only work that can stop half-way without harm (a copy) does so.
     */
    public void enterInterruptible() {
        interruptible = Thread.currentThread();
        if (isCancelled()) {
            Thread.currentThread().interrupt();
        }
    }

    public void leaveInterruptible() {
        interruptible = null;
        Thread.interrupted();
    }

    public boolean isCancelled() {
        return requested.get();
    }
}
