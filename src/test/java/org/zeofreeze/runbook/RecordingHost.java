package org.zeofreeze.runbook;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.host.OutputListener;
import org.zeofreeze.runbook.process.ProcessGroups;
import org.zeofreeze.testing.ForwardingHost;

/**
 * This computer, remembering every command it was asked to run — a long one as the command itself,
 * without the process group it runs in ({@link ProcessGroups}).
 */
public final class RecordingHost extends ForwardingHost {
    public final List<List<String>> commands = new CopyOnWriteArrayList<>();
    /** Called after each command with its argument list: what the rest of the world does meanwhile. */
    public volatile Consumer<List<String>> after = argv -> {};

    public RecordingHost(String name) {
        super(new LocalHost(name));
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
            throws IOException, InterruptedException {
        List<String> command = List.copyOf(ProcessGroups.unwrap(argv));
        commands.add(command);
        CommandResult result = delegate.run(argv, timeout, listener);
        after.accept(command);
        return result;
    }
}
