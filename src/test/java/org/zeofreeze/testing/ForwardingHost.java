package org.zeofreeze.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.OutputListener;

/**
 * A host that passes every operation to another; a test overrides only the one it changes (a
 * write that fails, a command it records). The port's default methods stay the port's, so they go
 * through the overridden ones as they would on a real host.
 */
public abstract class ForwardingHost implements Host {
    protected final Host delegate;

    protected ForwardingHost(Host delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public List<String> list(String dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return delegate.read(path);
    }

    @Override
    public Optional<FileStat> stat(String path) throws IOException {
        return delegate.stat(path);
    }

    @Override
    public void writeAtomically(String path, byte[] content) throws IOException {
        delegate.writeAtomically(path, content);
    }

    @Override
    public void createFile(String path, byte[] content, int mode) throws IOException {
        delegate.createFile(path, content, mode);
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        delegate.makeDirectories(dir);
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
            throws IOException, InterruptedException {
        return delegate.run(argv, timeout, listener);
    }
}
