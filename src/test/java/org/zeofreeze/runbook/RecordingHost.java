package org.zeofreeze.runbook;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.host.OutputListener;

/** This computer, remembering every command it was asked to run. */
final class RecordingHost implements Host {
    final LocalHost local;
    final List<List<String>> commands = new CopyOnWriteArrayList<>();
    /** Called after each command with its argument list: what the rest of the world does meanwhile. */
    volatile java.util.function.Consumer<List<String>> after = argv -> { };

    RecordingHost(String name) {
        this.local = new LocalHost(name);
    }

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public List<String> list(String dir) throws IOException {
        return local.list(dir);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return local.read(path);
    }

    @Override
    public Optional<FileStat> stat(String path) throws IOException {
        return local.stat(path);
    }

    @Override
    public void writeAtomically(String path, byte[] content) throws IOException {
        local.writeAtomically(path, content);
    }

    @Override
    public void createFile(String path, byte[] content, int mode) throws IOException {
        local.createFile(path, content, mode);
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        local.makeDirectories(dir);
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
            throws IOException, InterruptedException {
        commands.add(List.copyOf(argv));
        CommandResult result = local.run(argv, timeout, listener);
        after.accept(argv);
        return result;
    }
}
