package org.zeofreeze.ui.task;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Where the wizard's slow work runs. The application runs it on background threads as JavaFX
 * {@code Task}s and delivers results on the FX thread; view-model tests run it on the calling
 * thread, so they need neither a screen nor waiting.
 */
public interface TaskExecutor {

    /** Runs {@code work} off the UI thread, then exactly one of the callbacks on the UI thread. */
    <T> void execute(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs {@code action} on the UI thread (now, if already there). */
    void onUi(Runnable action);

    /** Stops accepting work; running tasks are interrupted. */
    default void shutdown() {}
}
