package org.zeofreeze.host.ssh;

import com.hierynomus.sshj.common.KeyDecryptionFailedException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Opens authenticated SSH connections to {@link SshTarget}s (through their ProxyJump hosts), checking
 * host keys against known_hosts and trying the agent's keys, then key files. Keys decrypted with a
 * passphrase stay decrypted in this connector's memory, so one connector serving all hosts of a
 * cluster asks for each passphrase once.
 */
public final class SshConnector {
    /** Unanswered keepalive probes after which a connection counts as dropped (OpenSSH's ServerAliveCountMax). */
    static final int KEEPALIVE_COUNT_MAX = 3;

    private static final int PASSPHRASE_ATTEMPTS = 3;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ssh-connect-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final SshSettings settings;
    private final KnownHosts knownHosts;
    private final Map<Path, KeyProvider> decryptedKeys = new HashMap<>();

    public SshConnector(SshSettings settings) {
        this.settings = settings;
        this.knownHosts = new KnownHosts(settings.knownHosts());
    }

    public SshSettings settings() {
        return settings;
    }

    /** Connects and authenticates; the host is ready for file operations and commands. */
    public SshHost connect(SshTarget target) throws IOException {
        List<SSHClient> opened = new ArrayList<>();
        try {
            SSHClient client = open(target, opened);
            return new SshHost(target, client, opened);
        } catch (IOException | RuntimeException e) {
            SshHost.closeAll(opened);
            throw e;
        }
    }

    /** Opens the jump hosts first (each added to {@code opened}), then the target through the last one. */
    private SSHClient open(SshTarget target, List<SSHClient> opened) throws IOException {
        SSHClient via = target.proxyJump().isPresent() ? open(target.proxyJump().get(), opened) : null;
        boolean consentAsked = false;
        while (true) {
            KeyCheck check = new KeyCheck(target);
            SSHClient client = newClient(target);
            client.addHostKeyVerifier(check);
            try {
                connectWithin(client, target, via);
            } catch (IOException e) {
                SshHost.closeQuietly(client);
                if (check.verdict == KnownHosts.Verdict.UNKNOWN && !consentAsked) {
                    // The key exchange is abandoned before asking: a person may take longer to answer
                    // than the server waits. The second attempt must then present the recorded key.
                    consentAsked = true;
                    askToTrust(target, check.offered);
                    continue;
                }
                throw connectFailure(target, check, e);
            }
            try {
                authenticate(client, target);
            } catch (IOException | RuntimeException e) {
                SshHost.closeQuietly(client);
                throw e;
            }
            opened.add(client);
            return client;
        }
    }

    /**
     * TCP connect, the server's greeting and the key exchange, all within the connect timeout: SSHJ
     * waits for the greeting without a limit, so a watchdog closes the socket (or the tunnel) when
     * the time is up.
     */
    private static void connectWithin(SSHClient client, SshTarget target, SSHClient via) throws IOException {
        DirectConnection tunnel = via == null ? null : via.newDirectConnection(target.hostName(), target.port());
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                () -> {
                    timedOut.set(true);
                    try {
                        Socket socket = client.getSocket();
                        if (socket != null) {
                            socket.close();
                        }
                        if (tunnel != null) {
                            tunnel.close();
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // closing is all the watchdog can do
                    }
                },
                target.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            if (tunnel == null) {
                client.connect(target.hostName(), target.port());
            } else {
                client.connectVia(tunnel);
            }
        } catch (IOException | RuntimeException e) {
            if (timedOut.get()) {
                throw new IOException(
                        "no SSH answer within " + target.connectTimeout().toSeconds() + " s", e);
            }
            throw e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private SSHClient newClient(SshTarget target) {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(config);
        int timeoutMs = Math.toIntExact(target.connectTimeout().toMillis());
        client.setConnectTimeout(timeoutMs);
        client.getTransport().setTimeoutMs(timeoutMs);
        client.getConnection().setTimeoutMs(timeoutMs);
        KeepAlive keepAlive = client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(
                Math.toIntExact(target.keepAliveInterval().toSeconds()));
        if (keepAlive instanceof KeepAliveRunner) {
            ((KeepAliveRunner) keepAlive).setMaxAliveCount(KEEPALIVE_COUNT_MAX);
        }
        return client;
    }

    /** One question at a time, and one writer of known_hosts, while hosts connect in parallel. */
    private synchronized void askToTrust(SshTarget target, PublicKey key) throws IOException {
        UnknownHostKey unknown = new UnknownHostKey(
                KnownHosts.entryName(target.hostName(), target.port()),
                KnownHosts.keyType(key),
                KnownHosts.fingerprint(key),
                knownHosts.file(),
                knownHosts.otherKeyTypes(target.hostName(), target.port(), key));
        if (!settings.hostKeyConsent().trust(unknown)) {
            throw new HostKeyNotTrustedException(
                    "Not connecting to " + target + ": its " + unknown.keyType() + " host key " + unknown.fingerprint()
                            + " is not in " + knownHosts.file() + " and was not accepted.");
        }
        knownHosts.add(target.hostName(), target.port(), key);
    }

    private IOException connectFailure(SshTarget target, KeyCheck check, IOException e) {
        if (check.verdict == KnownHosts.Verdict.CHANGED) {
            return new HostKeyChangedException(
                    KnownHosts.entryName(target.hostName(), target.port()),
                    KnownHosts.keyType(check.offered),
                    KnownHosts.fingerprint(check.offered),
                    knownHosts.file(),
                    check.line);
        }
        if (check.verdict == KnownHosts.Verdict.REVOKED) {
            return new HostKeyNotTrustedException("Not connecting to " + target + ": its host key "
                    + KnownHosts.fingerprint(check.offered) + " is marked @revoked in " + knownHosts.file() + " line "
                    + check.line + ".");
        }
        if (check.verdict == KnownHosts.Verdict.UNKNOWN) {
            return new HostKeyNotTrustedException("Not connecting to " + target + ": it presented the unknown host key "
                    + KnownHosts.fingerprint(check.offered) + " right after another one was accepted.");
        }
        if (check.failure != null) {
            return new IOException(
                    "Cannot read " + knownHosts.file() + " to check the host key of " + target + ": "
                            + check.failure.getMessage(),
                    check.failure);
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IOException("Cannot connect to " + target + ": " + why, e);
    }

    private void authenticate(SSHClient client, SshTarget target) throws IOException {
        List<String> tried = new ArrayList<>();
        UserAuthException last = null;
        if (settings.agentSocket().isPresent()
                && Files.exists(settings.agentSocket().get())) {
            SshAgent agent = new SshAgent(settings.agentSocket().get());
            List<SshAgent.Identity> identities;
            try {
                identities = agent.identities();
            } catch (IOException e) {
                identities = List.of();
                tried.add("the SSH agent (" + e.getMessage() + ")");
            }
            for (SshAgent.Identity identity : identities) {
                try {
                    client.auth(target.user(), new AgentPublickeyAuth(agent, identity));
                    return;
                } catch (UserAuthException e) {
                    last = e;
                    tried.add("agent key " + identity + " (refused)");
                }
            }
        }
        List<Path> files = target.identityFiles().isEmpty() ? settings.defaultIdentities() : target.identityFiles();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                if (!target.identityFiles().isEmpty()) {
                    tried.add(file + " (no such file)");
                }
                continue;
            }
            KeyProvider key;
            try {
                key = decrypted(client, file);
            } catch (KeyUnavailable e) {
                tried.add(file + " (" + e.getMessage() + ")");
                continue;
            }
            try {
                client.auth(target.user(), new AuthPublickey(key));
                return;
            } catch (UserAuthException e) {
                last = e;
                tried.add(file + " (refused)");
            }
        }
        throw new SshAuthenticationException(
                "Permission denied for " + target.address() + ": "
                        + (tried.isEmpty()
                                ? "no SSH agent and no key file to try"
                                : "tried " + String.join(", ", tried)),
                last);
    }

    /** Loads and decrypts a key file now, asking for its passphrase if it has one; remembered once decrypted. */
    private synchronized KeyProvider decrypted(SSHClient client, Path file) throws KeyUnavailable {
        KeyProvider cached = decryptedKeys.get(file);
        if (cached != null) {
            return cached;
        }
        PassphraseAsker asker = new PassphraseAsker(file);
        try {
            KeyProvider key = client.loadKeys(file.toString(), asker);
            key.getPrivate();
            key.getPublic();
            decryptedKeys.put(file, key);
            return key;
        } catch (PassphraseSkipped e) {
            throw new KeyUnavailable("encrypted, no passphrase given");
        } catch (KeyDecryptionFailedException e) {
            throw new KeyUnavailable(
                    "wrong passphrase, " + asker.attempts + " attempt" + (asker.attempts == 1 ? "" : "s"));
        } catch (IOException | RuntimeException e) {
            Throwable c = e;
            while (c != null && !(c instanceof KeyDecryptionFailedException)) {
                c = c.getCause();
            }
            if (c != null) {
                throw new KeyUnavailable(
                        "wrong passphrase, " + asker.attempts + " attempt" + (asker.attempts == 1 ? "" : "s"));
            }
            throw new KeyUnavailable("unreadable: " + e.getMessage());
        } finally {
            asker.clear();
        }
    }

    /** Hands SSHJ copies of the passphrase and wipes them (and the prompt's array) afterwards. */
    private final class PassphraseAsker implements PasswordFinder {
        private final Path file;
        private final List<char[]> handedOut = new ArrayList<>();
        private int attempts;

        PassphraseAsker(Path file) {
            this.file = file;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            attempts++;
            char[] answer = settings.passphrasePrompt().passphrase(file, attempts);
            if (answer == null) {
                throw new PassphraseSkipped();
            }
            char[] copy = answer.clone();
            Arrays.fill(answer, '\0');
            handedOut.add(copy);
            return copy;
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return attempts < PASSPHRASE_ATTEMPTS;
        }

        void clear() {
            handedOut.forEach(p -> Arrays.fill(p, '\0'));
            handedOut.clear();
        }
    }

    private static final class PassphraseSkipped extends RuntimeException {
        PassphraseSkipped() {
            super("no passphrase given", null, false, false);
        }
    }

    private static final class KeyUnavailable extends Exception {
        KeyUnavailable(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Checks the key the server offers against known_hosts and remembers what it found: SSHJ only
     * learns yes or no, the connector needs to know why to ask, refuse or explain.
     */
    private final class KeyCheck implements HostKeyVerifier {
        private final SshTarget target;
        volatile KnownHosts.Verdict verdict;
        volatile int line;
        volatile PublicKey offered;
        volatile IOException failure;

        KeyCheck(SshTarget target) {
            this.target = target;
        }

        @Override
        public boolean verify(String hostname, int port, PublicKey key) {
            offered = key;
            try {
                KnownHosts.Check c = knownHosts.check(target.hostName(), target.port(), key);
                verdict = c.verdict();
                line = c.line();
                return c.verdict() == KnownHosts.Verdict.KNOWN;
            } catch (IOException e) {
                failure = e;
                return false;
            }
        }

        @Override
        public List<String> findExistingAlgorithms(String hostname, int port) {
            try {
                return knownHosts.knownKeyTypes(target.hostName(), target.port());
            } catch (IOException e) {
                return List.of();
            }
        }
    }
}
