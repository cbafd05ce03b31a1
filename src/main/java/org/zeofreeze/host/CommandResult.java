package org.zeofreeze.host;

/** How a command ended: its exit code and what it printed. */
public record CommandResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }
}
