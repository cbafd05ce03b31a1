package org.zeofreeze.testbed;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.zeofreeze.host.ssh.HostKeyConsent;
import org.zeofreeze.host.ssh.PassphrasePrompt;
import org.zeofreeze.host.ssh.SshSettings;
import org.zeofreeze.host.ssh.SshTarget;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd -D -e}) for tests, listening on a loopback address
 * of its own (127.0.0.2, 127.0.0.3, ...: all of 127/8 is loopback on Linux, nothing to set up) and
 * a free port, never on any other address. It has its own host key, accepts the test key
 * ({@link TestKeys#clientKey()}) for the user running the tests, serves SFTP and allows TCP
 * forwarding (for ProxyJump). {@link #close()} stops it and every connection it serves.
 *
 * <pre>{@code
 * try (TestSshd sshd = TestSshd.start()) {
 *     try (SshHost host = new SshConnector(sshd.settings()).connect(sshd.target())) { ... }
 * }
 * }</pre>
 */
public final class TestSshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** Next 127.0.0.N to hand out; each server in this JVM gets its own. */
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(2);

    private final Path dir;
    private final String address;
    private final int port;
    private final String user;
    private Process process;
    private List<String> extraConfig = List.of();

    private TestSshd(Path dir, String address, int port, String user) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.user = user;
    }

    /** A server on the next unused loopback address (127.0.0.2 first). */
    public static TestSshd start() throws IOException {
        int n = NEXT_ADDRESS.getAndIncrement();
        if (n > 254) {
            throw new IllegalStateException("more than 253 test sshd servers in one run");
        }
        return startOn("127.0.0." + n);
    }

    /** A server on the given loopback address (127.0.0.x only) and a free port. */
    public static TestSshd startOn(String loopbackAddress) throws IOException {
        if (!loopbackAddress.matches("127\\.0\\.0\\.(\\d{1,3})")) {
            throw new IllegalArgumentException("test sshd servers listen on 127.0.0.x only, not " + loopbackAddress);
        }
        ensurePrivilegeSeparationDir();
        Path dir = Files.createTempDirectory("zeofreeze-sshd-" + loopbackAddress + "-");
        TestSshd sshd = new TestSshd(dir, loopbackAddress, freePort(loopbackAddress), System.getProperty("user.name"));
        try {
            sshd.newHostKey();
            Files.writeString(
                    sshd.authorizedKeys(), Files.readString(TestKeys.clientKey().resolveSibling("id_ed25519.pub")));
            sshd.writeConfig();
            sshd.launch();
        } catch (IOException | RuntimeException e) {
            sshd.close();
            throw e;
        }
        return sshd;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** The user the server lets in (the one running the tests). */
    public String user() {
        return user;
    }

    /** This server's working directory (its config, keys, log). */
    public Path directory() {
        return dir;
    }

    /** Connection settings for this server with the test key; the alias is the address. */
    public SshTarget target() {
        return SshTarget.of(user, address, port)
                .withIdentityFiles(List.of(TestKeys.clientKey()))
                .withConnectTimeout(Duration.ofSeconds(10))
                .withKeepAliveInterval(Duration.ofSeconds(5));
    }

    /** A known_hosts file (fresh, in this server's directory) holding this server's current host key. */
    public Path knownHosts() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, knownHostsLine() + "\n");
        return file;
    }

    /** {@code [127.0.0.N]:PORT ssh-ed25519 AAAA...}, the line OpenSSH would record for this server. */
    public String knownHostsLine() throws IOException {
        String[] pub = Files.readString(hostKey().resolveSibling(hostKey().getFileName() + ".pub"))
                .trim()
                .split("\\s+");
        return "[" + address + "]:" + port + " " + pub[0] + " " + pub[1];
    }

    /** The host key's fingerprint as {@code ssh-keygen -l -E sha256} prints it ({@code SHA256:...}). */
    public String hostKeyFingerprint() throws IOException {
        String out = TestKeys.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey() + ".pub"));
        return out.trim().split("\\s+")[1];
    }

    /**
     * Settings that trust exactly this server (its own known_hosts), no agent, the test key, and
     * callbacks that refuse unknown keys and have no passphrase.
     */
    public SshSettings settings() throws IOException {
        return new SshSettings(
                knownHosts(),
                Optional.empty(),
                List.of(TestKeys.clientKey()),
                HostKeyConsent.REFUSE,
                PassphrasePrompt.NONE);
    }

    /** Lets a further public key in (e.g. a passphrase-protected one a test made). */
    public void authorize(Path publicKey) throws IOException {
        Files.writeString(authorizedKeys(), Files.readString(publicKey).trim() + "\n", StandardOpenOption.APPEND);
    }

    /** Stops the server, gives it a new host key and starts it again on the same address and port. */
    public void restartWithNewHostKey() throws IOException {
        stopProcesses();
        newHostKey();
        launch();
    }

    /**
     * Stops the server and starts it again with further sshd_config lines, which win over the
     * defaults (same address, port and host key); no lines: back to the defaults.
     */
    public void restartWith(String... configLines) throws IOException {
        stopProcesses();
        extraConfig = List.of(configLines);
        writeConfig();
        launch();
    }

    /**
     * Restarts the server so that every command line a client sends runs under {@code shell}
     * (dash: the /bin/sh that useradd gives a service user), as sshd runs it for a login whose
     * shell that is; SFTP goes to OpenSSH's sftp-server. Same address, port and host key.
     */
    public void runCommandsUnder(String shell) throws IOException {
        Path wrapper = dir.resolve("login-shell");
        Files.writeString(wrapper, """
                #!/bin/sh
                case "$SSH_ORIGINAL_COMMAND" in
                  internal-sftp|*/sftp-server) exec /usr/lib/openssh/sftp-server ;;
                esac
                exec SHELL -c "$SSH_ORIGINAL_COMMAND"
                """.replace("SHELL", shell));
        if (!wrapper.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + wrapper + " executable");
        }
        restartWith("ForceCommand " + wrapper);
        // proven, not assumed: the shell that reads a command line names itself in $0
        Process p = new ProcessBuilder(
                        "ssh",
                        "-i",
                        TestKeys.clientKey().toString(),
                        "-p",
                        Integer.toString(port),
                        "-o",
                        "BatchMode=yes",
                        "-o",
                        "UserKnownHostsFile=" + knownHosts(),
                        "-o",
                        "StrictHostKeyChecking=yes",
                        user + "@" + address,
                        "echo $0")
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (!said.equals(shell)) {
            throw new IOException("a command line on " + address + " is read by '" + said + "', not " + shell);
        }
    }

    /**
     * Kills the processes serving the open connections and what runs in them, as if the network
     * had dropped them; the server keeps listening.
     */
    public void dropConnections() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Stops (SIGSTOP) the sshd processes serving the open connections: the connections stay open
     * but nothing answers, like a host whose network went silent. {@link #close()} ends them.
     */
    public void freezeConnections() throws IOException {
        List<String> argv = new ArrayList<>(List.of("kill", "-STOP"));
        connectionProcesses().forEach(p -> argv.add(Long.toString(p.pid())));
        if (argv.size() > 2) {
            TestKeys.run(argv);
        }
    }

    /** The per-connection sshd processes (not the listener, not the users' programs). */
    private List<ProcessHandle> connectionProcesses() {
        if (process == null) {
            return List.of();
        }
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("sshd")).orElse(false)
                        || p.info()
                                .commandLine()
                                .map(c -> c.startsWith("sshd:"))
                                .orElse(false))
                .toList();
    }

    /** The server's log (sshd -e writes it to stderr, kept in a file). */
    public String log() throws IOException {
        Path log = dir.resolve("sshd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        stopProcesses();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    private void stopProcesses() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // gone or unkillable: nothing more to do
            }
        }
        process = null;
    }

    private Path hostKey() {
        return dir.resolve("ssh_host_ed25519_key");
    }

    private Path authorizedKeys() {
        return dir.resolve("authorized_keys");
    }

    private void newHostKey() throws IOException {
        Files.deleteIfExists(hostKey());
        Files.deleteIfExists(hostKey().resolveSibling(hostKey().getFileName() + ".pub"));
        TestKeys.run(List.of(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "test-sshd@" + address,
                "-f",
                hostKey().toString()));
    }

    private void writeConfig() throws IOException {
        String config = String.join(
                "\n",
                "# test sshd: loopback only, its own keys, no PAM",
                "# lines a test added come first: for most keywords sshd keeps the first value",
                String.join("\n", extraConfig),
                "ListenAddress " + address + ":" + port,
                "HostKey " + hostKey(),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys(),
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "AllowTcpForwarding yes",
                "X11Forwarding no",
                "PrintMotd no",
                "MaxStartups 100",
                "MaxSessions 100",
                "LogLevel VERBOSE", // not DEBUG: the session process would print debug lines to the command's stderr
                "Subsystem sftp internal-sftp",
                "");
        Files.writeString(dir.resolve("sshd_config"), config);
    }

    private void launch() throws IOException {
        Path log = dir.resolve("sshd.log");
        process = new ProcessBuilder(
                        SSHD.toString(),
                        "-D",
                        "-e",
                        "-f",
                        dir.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "sshd on " + address + ":" + port + " exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        stopProcesses();
        throw new IOException("sshd on " + address + ":" + port + " did not accept connections within " + START_TIMEOUT
                + ":\n" + log());
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    /** sshd refuses to start without its privilege separation directory (normally made by systemd). */
    private static void ensurePrivilegeSeparationDir() throws IOException {
        if (!Files.isDirectory(PRIVSEP_DIR)) {
            Files.createDirectories(PRIVSEP_DIR);
            Files.setPosixFilePermissions(PRIVSEP_DIR, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted waiting for sshd"));
        }
    }

    @Override
    public String toString() {
        return "TestSshd[" + address + ":" + port + "]";
    }
}
