package org.zeofreeze.host.ssh;

import java.io.IOException;

/**
 * The SSH connection went away (network down, server gone, keepalive unanswered) while something
 * was being done over it: what that was may or may not have happened on the host.
 */
public final class SshConnectionLostException extends IOException {
    public SshConnectionLostException(String host, String during, Throwable cause) {
        super(
                "SSH connection to " + host + " lost during " + during + ": "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                cause);
    }
}
