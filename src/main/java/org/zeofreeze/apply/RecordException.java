package org.zeofreeze.apply;

/** An apply record that cannot be read or does not describe what an apply could have written: bad input. */
public final class RecordException extends ApplyException {
    public RecordException(String message) {
        super(message);
    }
}
