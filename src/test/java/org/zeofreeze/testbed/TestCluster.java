package org.zeofreeze.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real ZEO server and real Zope clients, built by src/test/cluster/build-cluster.sh with
 * zc.buildout and the Plone recipes, listening on 127.0.0.1 only. Storages: the root "1"
 * (Data.fs, db "main" at /), "plone" (/plone) and "catalog" (/plone/portal_catalog:/catalog).
 */
public final class TestCluster implements AutoCloseable {
    private static final Path SCRIPTS = Path.of("src/test/cluster").toAbsolutePath();

    private final Path dir;
    private final Map<String, String> env;

    private TestCluster(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** Builds a cluster in {@code dir} (which must not exist yet) with ZEO on {@code basePort}. */
    public static TestCluster build(Path dir, int basePort, int clients, String... options)
            throws IOException, InterruptedException {
        return build("build-cluster.sh", dir, basePort, clients, options);
    }

    /**
     * Builds a ZEO 4.3.1 cluster on Python 2.7 with src/test/cluster/build-old-cluster.sh: the server by
     * plone.recipe.zeoserver 1.4, the clients stand-ins (real ZEO 4 ClientStorages serving HTTP).
     */
    public static TestCluster buildZeo4(Path dir, int basePort, int clients, String... options)
            throws IOException, InterruptedException {
        return build("build-old-cluster.sh", dir, basePort, clients, options);
    }

    /**
     * Builds a cluster without buildout with src/test/cluster/build-files-cluster.sh: runzeo and
     * runwsgi with hand-written configurations under a real supervisord.
     */
    public static TestCluster buildFiles(Path dir, int basePort, int clients, String... options)
            throws IOException, InterruptedException {
        return build("build-files-cluster.sh", dir, basePort, clients, options);
    }

    private static TestCluster build(String script, Path dir, int basePort, int clients, String... options)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(
                SCRIPTS.resolve(script).toString(),
                dir.toString(),
                "--base-port",
                Integer.toString(basePort),
                "--clients",
                Integer.toString(clients)));
        argv.addAll(List.of(options));
        Result r = exec(Duration.ofMinutes(15), "", argv);
        if (r.exit != 0) {
            throw new IOException(script + " " + dir + " failed:\n" + r.output);
        }
        return open(dir);
    }

    public static TestCluster open(Path dir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("testbed/cluster.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new TestCluster(dir, env);
    }

    public Path dir() {
        return dir;
    }

    public int clients() {
        return Integer.parseInt(env.get("clients"));
    }

    public List<String> clientNames() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= clients(); i++) {
            out.add("client" + i);
        }
        return out;
    }

    /** The client's zope.conf: where cluster.env names it (a cluster without buildout), else its buildout part's. */
    public Path zopeConf(String client) {
        String named = env.get(client + "_conf");
        return named != null ? Path.of(named) : dir.resolve("parts/" + client + "/etc/zope.conf");
    }

    public Path zeoConf() {
        String named = env.get("zeo_conf");
        return named != null ? Path.of(named) : dir.resolve("parts/zeoserver/etc/zeo.conf");
    }

    /** A value of testbed/cluster.env, if it has it. */
    public Optional<String> env(String key) {
        return Optional.ofNullable(env.get(key));
    }

    public Path fs(String storage) {
        return dir.resolve("var/filestorage/" + (storage.equals("1") ? "Data.fs" : storage + ".fs"));
    }

    public String httpAddress(String client) {
        return env.get(client + "_http");
    }

    public void start() throws IOException, InterruptedException {
        control("start");
    }

    public void stop() throws IOException, InterruptedException {
        control("stop");
    }

    /** A cluster without buildout: its supervisord alone, every program stopped (a move's target). */
    public void startSupervisord() throws IOException, InterruptedException {
        control("supervisord");
    }

    private void control(String what) throws IOException, InterruptedException {
        Result r = exec(Duration.ofMinutes(5), dir.resolve("testbed/cluster").toString(), what, "--timeout", "120");
        if (r.exit != 0) {
            throw new IOException("cluster " + what + " failed:\n" + r.output);
        }
    }

    /** Every process reports "program running". */
    public boolean allRunning() throws IOException, InterruptedException {
        return exec(Duration.ofMinutes(1), dir.resolve("testbed/cluster").toString(), "status").exit == 0;
    }

    /** The HTTP status code a client answers with at /, or 0 when it does not answer within the time. */
    public int http(String client, Duration timeout) throws IOException, InterruptedException {
        Result r = exec(
                timeout.plusSeconds(5),
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-m",
                Long.toString(timeout.toSeconds()),
                "-w",
                "%{http_code}",
                "http://" + httpAddress(client) + "/");
        String code = r.output.strip();
        return code.matches("\\d{3}") ? Integer.parseInt(code) : 0;
    }

    /**
     * Commits through the {@code <zeoclient>} of a database as the given zope.conf configures it,
     * with Zope's own config loader: "committed", "readonly", "disconnected" or "error".
     */
    public String probe(Path zopeConf, String db, int timeoutSeconds) throws IOException, InterruptedException {
        Result r = exec(
                Duration.ofSeconds(timeoutSeconds + 30),
                dir.resolve("testbed/zodb-probe").toString(),
                zopeConf.toString(),
                db,
                "--timeout",
                Integer.toString(timeoutSeconds));
        for (String line : r.output.lines().toList()) {
            if (line.startsWith("{") && line.contains("\"result\"")) {
                return line.replaceAll(".*\"result\": *\"([a-z]+)\".*", "$1");
            }
        }
        throw new IOException("zodb-probe printed no result:\n" + r.output);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        exec(Duration.ofMinutes(3), dir.resolve("testbed/cluster").toString(), "stop");
    }

    /** Runs the cluster venv's Python. */
    public Result python(String... args) throws IOException, InterruptedException {
        String[] argv = new String[args.length + 1];
        argv[0] = dir.resolve("testbed/python").toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        return exec(Duration.ofMinutes(5), argv);
    }

    /** Runs a command and returns how it ended. */
    public static Result quietly(String... argv) {
        try {
            return exec(Duration.ofMinutes(1), argv);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** How a command ended: its exit code, everything it printed, and stdout and stderr apart. */
    public record Result(int exit, String output, String stdout, String stderr) {
        Result(int exit, String output) {
            this(exit, output, output, "");
        }
    }

    static Result exec(Duration timeout, String... argv) throws IOException, InterruptedException {
        return exec(timeout, "", List.of(argv));
    }

    /** Runs a command with the given standard input, collecting what it prints; killed after the timeout. */
    public static Result exec(Duration timeout, String stdin, List<String> argv)
            throws IOException, InterruptedException {
        return exec(timeout, stdin, new ProcessBuilder(argv));
    }

    /** Runs a prepared process (its directory and environment set) with no input. */
    public static Result exec(Duration timeout, ProcessBuilder builder) throws IOException, InterruptedException {
        return exec(timeout, "", builder);
    }

    private static Result exec(Duration timeout, String stdin, ProcessBuilder builder)
            throws IOException, InterruptedException {
        List<String> argv = builder.command();
        Process p = builder.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Thread a = new Thread(() -> copy(p.getInputStream(), out));
        Thread b = new Thread(() -> copy(p.getErrorStream(), err));
        a.start();
        b.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish within " + timeout);
        }
        a.join();
        b.join();
        return new Result(
                p.exitValue(),
                out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8),
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
