package org.zeofreeze.runbook;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop. The runbook honours it at the next safe point (between steps, never
 * half-way through writing configuration files) and leaves the cluster running.
 */
public final class CancelToken {
    private final AtomicBoolean requested = new AtomicBoolean();

    public void cancel() {
        requested.set(true);
    }

    public boolean isCancelled() {
        return requested.get();
    }
}
