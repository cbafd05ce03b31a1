package org.zeofreeze.zconfig;

/**
 * A configuration file ZConfig would not accept (or that we cannot follow), with the file and
 * 1-based line number where it was found.
 */
public final class ConfigSyntaxError extends Exception {
    private final String file;
    private final int line;
    private final String reason;

    public ConfigSyntaxError(String file, int line, String reason) {
        super(file + (line > 0 ? ", line " + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
