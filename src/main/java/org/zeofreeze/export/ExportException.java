package org.zeofreeze.export;

/** The cluster or the profile cannot be exported as it is; the message says what to change. */
public final class ExportException extends Exception {
    public ExportException(String message) {
        super(message);
    }
}
