package org.zeofreeze.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's haproxy) on 127.0.0.1 in front of a test cluster's Zope clients, as a
 * real site has it: round robin, health checks, its runtime API on a Unix socket. The profile's
 * drain and undrain commands talk to that socket through socat.
 */
public final class TestHaproxy implements AutoCloseable {
    public static final String BACKEND = "zope";

    private final Process process;
    private final Path socket;
    private final int port;

    private TestHaproxy(Process process, Path socket, int port) {
        this.process = process;
        this.socket = socket;
        this.port = port;
    }

    /** Starts HAProxy on {@code 127.0.0.1:port} with one server per client, named after the client's part. */
    public static TestHaproxy start(Path dir, TestCluster cluster, int port) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path socket = dir.resolve("admin.sock");
        StringBuilder cfg = new StringBuilder();
        cfg.append("global\n  stats socket ").append(socket).append(" mode 600 level admin\n  maxconn 256\n\n");
        cfg.append("defaults\n  mode http\n  timeout connect 2s\n  timeout client 90s\n  timeout server 90s\n");
        // http-server-close, as Plone's HAProxy configurations have it (or httpclose): a connection to a
        // Zope client lives as long as its request, so a drained client's open connections are the
        // requests it still serves. With keep-alive HAProxy kept idle connections to a drained client
        // open, and each drain waited its full 5 s for them (15 of 18 in the move's benchmark).
        cfg.append("  retries 3\n  option redispatch\n  option http-server-close\n\n");
        cfg.append("frontend site\n  bind 127.0.0.1:")
                .append(port)
                .append("\n  default_backend ")
                .append(BACKEND)
                .append("\n\n");
        // A check waits through a ZEO restart as every request does (the clients block until ZEO is
        // back): with HAProxy's default, a check times out after `inter`, and two such checks in a
        // row marked every client down during a slow restart (503 for the requests at that moment).
        // A refused connection (a stopped client) still fails its check at once.
        cfg.append("backend ")
                .append(BACKEND)
                .append("\n  balance roundrobin\n  option httpchk GET /\n  timeout check 10s\n");
        for (String client : cluster.clientNames()) {
            cfg.append("  server ")
                    .append(client)
                    .append(' ')
                    .append(cluster.httpAddress(client))
                    .append(" check inter 300 fall 2 rise 1\n");
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg.toString(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("haproxy", "-db", "-f", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
        TestHaproxy proxy = new TestHaproxy(p, socket, port);
        Instant deadline = Instant.now().plusSeconds(20);
        while (!proxy.allUp()) {
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                proxy.close();
                throw new IOException("haproxy did not come up with every server UP:\n"
                        + Files.readString(dir.resolve("haproxy.log")) + "\n" + proxy.api("show stat"));
            }
            Thread.sleep(200);
        }
        return proxy;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path socket() {
        return socket;
    }

    /** The profile's drain (or undrain) command: {@code set server zope/<part> state drain|ready} over the socket. */
    public List<String> command(String state) {
        return List.of(
                "sh",
                "-c",
                "printf 'set server " + BACKEND + "/%s state " + state + "\\n' \"$1\" | socat - UNIX-CONNECT:\"$2\"",
                "haproxy-" + state,
                "{part}",
                socket.toString());
    }

    /** Sends one command to the runtime API and returns what it answered. */
    public String api(String command) throws IOException, InterruptedException {
        return TestCluster.exec(Duration.ofSeconds(10), command + "\n", List.of("socat", "-", "UNIX-CONNECT:" + socket))
                .output();
    }

    /** Every server of the backend is UP (and not drained). */
    public boolean allUp() throws IOException, InterruptedException {
        if (!Files.exists(socket)) {
            return false;
        }
        String stat = api("show stat");
        List<String> servers = stat.lines()
                .filter(l -> l.startsWith(BACKEND + ",") && !l.startsWith(BACKEND + ",BACKEND"))
                .toList();
        return !servers.isEmpty() && servers.stream().allMatch(l -> l.split(",")[17].equals("UP"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
