package org.zeofreeze.runbook;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.host.OutputListener;
import org.zeofreeze.testing.ForwardingHost;

/** This computer, remembering every command it was asked to run. */
final class RecordingHost extends ForwardingHost {
    final List<List<String>> commands = new CopyOnWriteArrayList<>();
    /** Called after each command with its argument list: what the rest of the world does meanwhile. */
    volatile java.util.function.Consumer<List<String>> after = argv -> { };

    RecordingHost(String name) {
        super(new LocalHost(name));
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
            throws IOException, InterruptedException {
        commands.add(List.copyOf(argv));
        CommandResult result = delegate.run(argv, timeout, listener);
        after.accept(argv);
        return result;
    }
}
