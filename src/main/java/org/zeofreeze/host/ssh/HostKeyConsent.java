package org.zeofreeze.host.ssh;

/**
 * Decides whether to trust a host key that {@code known_hosts} does not list yet, as a person
 * answering OpenSSH's "Are you sure you want to continue connecting?" would. Only a key that is
 * not known at all is asked about; a key that differs from a known one is refused without asking.
 */
@FunctionalInterface
public interface HostKeyConsent {
    /** Refuses every unknown key: only hosts already in known_hosts can be reached. */
    HostKeyConsent REFUSE = key -> false;

    /** True to connect and record the key in known_hosts; false to not connect. */
    boolean trust(UnknownHostKey key);
}
