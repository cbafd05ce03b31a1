package org.zeofreeze.apply;

/** An apply or revert that stopped; the message says what and where, and what was put back. */
public class ApplyException extends Exception {
    public ApplyException(String message) {
        super(message);
    }

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
