package org.zeofreeze.host.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.CommandTimeoutException;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.OutputListener;
import org.zeofreeze.host.ShellQuote;
import org.zeofreeze.host.StreamPump;
import org.zeofreeze.host.Supervised;

/**
 * A host reached over SSH. Commands run through the remote user's shell with every argument
 * quoted ({@link ShellQuote}), so that shell must be POSIX-like (sh, bash, dash, zsh: not csh).
 * File operations go over SFTP, or, when the target has a {@code sudoUser}, through
 * {@code sudo -n -u USER --} commands ({@code cat}, {@code stat}, {@code dd}, {@code mv}...).
 * Get one from {@link SshConnector#connect}; close it when done. Safe to use from several threads.
 */
public final class SshHost implements Host, AutoCloseable {
    /** How long a single file operation may take before the host counts as unresponsive. */
    static final Duration FILE_OPERATION_TIMEOUT = Duration.ofMinutes(2);
    /** After a timeout: how long the command gets to end on SIGTERM before SIGKILL. */
    private static final long TERM_GRACE_MS = 2000;

    private final SshTarget target;
    private final SSHClient client;
    /** The jump hosts' connections and this one, in the order they were opened. */
    private final List<SSHClient> connections;

    private final RemoteFiles files;
    /** Why the transport went down, as SSHJ reports it (e.g. keepalive unanswered); null while up. */
    private volatile String disconnectCause;

    SshHost(SshTarget target, SSHClient client, List<SSHClient> connections) {
        this.target = target;
        this.client = client;
        this.connections = List.copyOf(connections);
        this.files = target.sudoUser().isPresent() ? new SudoFiles(this) : new SftpFiles(this);
        client.getTransport()
                .setDisconnectListener((reason, message) ->
                        disconnectCause = message == null || message.isBlank() ? reason.toString() : message);
    }

    /** Connects with a connector of its own (prefer one connector for all hosts: passphrases are asked once). */
    public static SshHost connect(SshTarget target, SshSettings settings) throws IOException {
        return new SshConnector(settings).connect(target);
    }

    public SshTarget target() {
        return target;
    }

    @Override
    public String name() {
        return target.alias();
    }

    public boolean isConnected() {
        return disconnectCause == null
                && client.isConnected()
                && client.getTransport().isRunning();
    }

    @Override
    public List<String> list(String dir) throws IOException {
        return files.list(dir);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return files.read(path);
    }

    @Override
    public Optional<FileStat> stat(String path) throws IOException {
        return files.stat(path);
    }

    @Override
    public void writeAtomically(String path, byte[] content) throws IOException {
        files.writeAtomically(path, content);
    }

    @Override
    public void writeAtomically(String path, byte[] content, byte[] expected) throws IOException {
        files.writeAtomically(path, content, Objects.requireNonNull(expected, "expected"));
    }

    @Override
    public void createFile(String path, byte[] content, int mode) throws IOException {
        files.createFile(path, content, mode);
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        files.makeDirectories(dir);
    }

    @Override
    public void deleteFile(String path) throws IOException {
        files.deleteFile(path);
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
            throws IOException, InterruptedException {
        String line = commandLine(supervised(argv));
        ensureConnected("running " + argv.get(0));
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(line);
            StreamPump out = new StreamPump(cmd.getInputStream(), l -> listener.line(l, false));
            StreamPump err = new StreamPump(cmd.getErrorStream(), l -> listener.line(l, true));
            out.start();
            err.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!awaitEnd(cmd, deadline, out, err)) {
                stop(cmd);
                out.join(1000);
                err.join(1000);
                throw new CommandTimeoutException(argv, timeout, out.text(), err.text());
            }
            return new CommandResult(exitCode(cmd, argv), out.text(), err.text());
        } catch (IOException e) {
            throw lostOr(e, "running " + argv.get(0));
        }
    }

    /** Supervised: ended with its process group when its channel's input ends or the connection drops. */
    static List<String> supervised(List<String> argv) {
        return Supervised.argv(argv);
    }

    /** The command line sent: the sudo prefix if any, every argument quoted. */
    String commandLine(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> full = new ArrayList<>();
        target.sudoUser().ifPresent(u -> full.addAll(List.of("sudo", "-n", "-u", u, "--")));
        full.addAll(argv);
        return ShellQuote.join(full);
    }

    /** What a command printed, as bytes (for file contents), and how it ended. */
    record RawResult(int exitCode, byte[] stdout, String stderr) {}

    /** Runs a command (sudo prefix included) feeding it {@code input}, collecting its output as bytes. */
    RawResult exec(List<String> argv, byte[] input, Duration timeout) throws IOException {
        ensureConnected("running " + argv.get(0));
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(commandLine(argv));
            Collector out = new Collector(cmd.getInputStream());
            Collector err = new Collector(cmd.getErrorStream());
            out.start();
            err.start();
            try (OutputStream stdin = cmd.getOutputStream()) {
                if (input.length > 0) {
                    stdin.write(input);
                    stdin.flush();
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!awaitEnd(cmd, deadline, out, err)) {
                stop(cmd);
                throw new CommandTimeoutException(argv, timeout, "", err.text());
            }
            return new RawResult(exitCode(cmd, argv), out.bytes(), err.text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + argv.get(0) + " on " + name());
        } catch (IOException e) {
            throw lostOr(e, "running " + argv.get(0));
        }
    }

    /** Waits for both output streams to end and the channel to close; false when the deadline passes first. */
    private boolean awaitEnd(Session.Command cmd, long deadline, Thread out, Thread err)
            throws InterruptedException, IOException {
        for (Thread t : List.of(out, err)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return !t.isAlive() && !out.isAlive() && !err.isAlive();
            }
            t.join(left);
            if (t.isAlive()) {
                return false;
            }
        }
        // Output ended; the exit status follows right before the channel closes.
        while (cmd.isOpen() && cmd.getExitStatus() == null && cmd.getExitSignal() == null) {
            if (!isConnected()) {
                throw new IOException("the connection closed before the command's exit status arrived");
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Ends a command that ran too long: ends its input (the supervisor script then kills it), waits
     * for it to go, and sends SIGKILL as a last resort (which sshd honours for non-root users).
     */
    private void stop(Session.Command cmd) {
        try {
            cmd.getOutputStream().close();
            long until = System.currentTimeMillis() + TERM_GRACE_MS + 2000;
            while (cmd.isOpen()
                    && cmd.getExitStatus() == null
                    && cmd.getExitSignal() == null
                    && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            if (cmd.isOpen() && cmd.getExitStatus() == null && cmd.getExitSignal() == null) {
                cmd.signal(Signal.KILL);
            }
        } catch (IOException e) {
            // the channel or connection is gone already: nothing left to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            cmd.close();
        } catch (IOException ignored) {
            // closing a dead channel
        }
    }

    private int exitCode(Session.Command cmd, List<String> argv) throws IOException {
        Integer status = cmd.getExitStatus();
        if (status != null) {
            return status;
        }
        Signal signal = cmd.getExitSignal();
        if (signal != null) {
            return 128 + signalNumber(signal);
        }
        // A channel ending without a status usually means the connection broke; SSHJ may notice a moment later.
        for (int i = 0; i < 50 && isConnected(); i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!isConnected()) {
            throw new IOException("the connection closed before " + argv.get(0) + " reported how it ended");
        }
        throw new IOException(argv.get(0) + " on " + name() + " ended without an exit status");
    }

    /** Signal numbers as Linux has them, for the shell's 128+N convention. */
    private static int signalNumber(Signal s) {
        switch (s) {
            case HUP:
                return 1;
            case INT:
                return 2;
            case QUIT:
                return 3;
            case ILL:
                return 4;
            case ABRT:
                return 6;
            case FPE:
                return 8;
            case KILL:
                return 9;
            case USR1:
                return 10;
            case SEGV:
                return 11;
            case USR2:
                return 12;
            case PIPE:
                return 13;
            case ALRM:
                return 14;
            case TERM:
                return 15;
            default:
                return 0;
        }
    }

    /** Fails fast, and clearly, on a connection that has already gone. */
    void ensureConnected(String during) throws SshConnectionLostException {
        if (!isConnected()) {
            String why = disconnectCause;
            throw new SshConnectionLostException(
                    target.toString(), during, new IOException(why == null ? "the connection is closed" : why));
        }
    }

    /** A dropped connection becomes {@link SshConnectionLostException}; anything else stays as it is. */
    IOException lostOr(IOException e, String during) {
        if (e instanceof SshConnectionLostException || e instanceof CommandTimeoutException) {
            return e;
        }
        if (!isConnected()) {
            return new SshConnectionLostException(target.toString(), during, e);
        }
        return e;
    }

    SSHClient client() {
        return client;
    }

    @Override
    public void close() {
        files.close();
        closeAll(connections);
    }

    /** Closes connections newest first (a jump host last: the others run through it). */
    static void closeAll(List<SSHClient> opened) {
        List<SSHClient> reversed = new ArrayList<>(opened);
        Collections.reverse(reversed);
        reversed.forEach(SshHost::closeQuietly);
    }

    static void closeQuietly(SSHClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is best effort; the socket goes either way
        }
    }

    @Override
    public String toString() {
        return "SshHost[" + target + "]";
    }

    /** Collects a stream fully on its own thread. */
    private static final class Collector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();

        Collector(InputStream in) {
            super("ssh-collector");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[16384];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (all) {
                        all.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // connection gone: the caller finds out from the channel
            }
        }

        byte[] bytes() {
            synchronized (all) {
                return all.toByteArray();
            }
        }

        String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }
}
