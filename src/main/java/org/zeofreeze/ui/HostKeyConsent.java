package org.zeofreeze.ui;

/**
 * Asks the person whether to trust a host key seen for the first time. Called off the FX thread;
 * it blocks until the person has chosen. A key that differs from the known one is never asked
 * about: the connection is refused.
 */
@FunctionalInterface
public interface HostKeyConsent {

    boolean trust(String host, String keyType, String sha256Fingerprint);

    HostKeyConsent REFUSE = (host, type, fingerprint) -> false;
}
