package org.zeofreeze.discover;

/** The cluster could not be read; the message says which file and line, and what to do. */
public final class DiscoveryException extends Exception {
    public DiscoveryException(String message) {
        super(message);
    }

    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
