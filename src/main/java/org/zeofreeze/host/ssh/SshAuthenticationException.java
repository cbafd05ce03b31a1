package org.zeofreeze.host.ssh;

import java.io.IOException;

/** The server accepted none of the keys offered; the message lists what was tried and why each failed. */
public final class SshAuthenticationException extends IOException {
    public SshAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
