package org.zeofreeze.ui.task;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs work on the calling thread: view-model tests see results as soon as a command returns. */
public final class DirectTaskExecutor implements TaskExecutor {
    @Override
    public <T> void execute(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        T value;
        try {
            value = work.call();
        } catch (Exception | Error e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(value);
    }

    @Override
    public void onUi(Runnable action) {
        action.run();
    }
}
