package org.zeofreeze.runbook.step;

/** A step could not do its work; the message says what, where, and what the run does about it. */
public final class StepFailure extends Exception {
    private final String host;

    public StepFailure(String host, String message) {
        super(message);
        this.host = host;
    }

    public StepFailure(String host, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
    }

    public String host() {
        return host;
    }
}
