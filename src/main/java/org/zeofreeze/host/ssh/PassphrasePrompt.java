package org.zeofreeze.host.ssh;

import java.nio.file.Path;

/**
 * Asks a person for the passphrase of an encrypted private key. The passphrase is only kept in
 * memory: the array returned is cleared as soon as the key is decrypted (so return a fresh one
 * each time), and it is never written anywhere.
 */
@FunctionalInterface
public interface PassphrasePrompt {
    /** Never asks: encrypted keys are skipped. */
    PassphrasePrompt NONE = (key, attempt) -> null;

    /**
     * @param keyFile the encrypted key
     * @param attempt 1 for the first question, 2 and 3 after a wrong passphrase
     * @return the passphrase, or null to skip this key
     */
    char[] passphrase(Path keyFile, int attempt);
}
