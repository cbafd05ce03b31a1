package org.zeofreeze.host;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** A command that did not end in time and was killed. */
public final class CommandTimeoutException extends IOException {
    private final String stdout;
    private final String stderr;

    public CommandTimeoutException(List<String> argv, Duration timeout, String stdout, String stderr) {
        super(argv.get(0) + " did not finish within " + timeout.toSeconds() + " s and was stopped");
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }
}
