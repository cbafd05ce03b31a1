package org.zeofreeze.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testing.Venv;

/**
 * The facts the rolling strategy rests on, measured on each generation of ZEO the test bed has
 * (src/test/cluster/zeo_facts.py under each venv's own Python, against that venv's runzeo): a
 * read-only client against a writable storage, and what a client's calls see while its server
 * restarts alone.
 */
final class FactsBenchmark {
    private static final int ROUNDS = 3;
    private static final Path SCRIPT = Path.of("src/test/cluster/zeo_facts.py").toAbsolutePath();
    private final Path dir;
    private final ResultTable table;

    FactsBenchmark(Path dir, ResultTable table) {
        this.dir = dir;
        this.table = table;
    }

    void run() throws Exception {
        List<Path> pythons = new ArrayList<>();
        for (String old : List.of("py27", "py36", "py38")) {
            TestCluster.Result r = TestCluster.exec(
                    Duration.ofSeconds(30), "", List.of("src/test/cluster/old-venvs.sh", "--path", old));
            pythons.add(Path.of(r.stdout().strip(), "bin", "python"));
        }
        pythons.add(Venv.python());
        for (Path python : pythons) {
            if (!Files.isExecutable(python)) {
                throw new IllegalStateException(python + " is missing: build the venvs with ./run-tests first");
            }
            generation(python);
        }
    }

    private void generation(Path python) throws Exception {
        Samples failed = new Samples();
        Samples longestFailed = new Samples();
        Samples longest = new Samples();
        Samples back = new Samples();
        Set<String> failures = new LinkedHashSet<>();
        Set<String> readOnly = new LinkedHashSet<>();
        String name = null;
        int hung = 0;
        for (int round = 0, attempt = 0; round < ROUNDS; attempt++) {
            Path work = Files.createDirectories(
                    dir.resolve(python.getParent().getParent().getFileName() + "-" + attempt));
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            TestCluster.Result r;
            try {
                r = TestCluster.exec(
                        Duration.ofMinutes(2),
                        "",
                        List.of(
                                python.toString(),
                                SCRIPT.toString(),
                                work.toString(),
                                Integer.toString(port),
                                python.resolveSibling("runzeo").toString()));
            } catch (IOException e) {
                // A round whose script hangs measured nothing: it is counted as such, with what its
                // server wrote, and another round is run in its place (at most as many as the rounds).
                hung++;
                Path log = work.resolve("runzeo.log");
                System.err.println("bench: facts: " + python + " round " + attempt + " hung: " + e.getMessage()
                        + (Files.exists(log) ? "\n" + Files.readString(log) : ""));
                if (hung > ROUNDS) {
                    throw e;
                }
                continue;
            }
            round++;
            JsonNode out = new ObjectMapper()
                    .readTree(r.stdout()
                            .strip()
                            .lines()
                            .reduce((a, b) -> b)
                            .orElseThrow(() -> new IllegalStateException(python + ": no result: " + r.output())));
            name = "Python " + out.get("python").asText() + ", ZEO "
                    + out.get("zeo").asText() + ", ZODB " + out.get("zodb").asText();
            JsonNode ro = out.get("read_only_client");
            readOnly.add((ro.get("reads").asBoolean() ? "reads" : "cannot read") + ", "
                    + (ro.get("sees_commits").asBoolean() ? "sees others' commits" : "misses others' commits")
                    + ", its own commit: " + ro.get("own_commit").asText());
            JsonNode restart = out.get("restart");
            failed.add(restart.get("failed_calls").asDouble());
            longest.add(restart.get("longest_call_s").asDouble());
            longestFailed.add(restart.get("longest_failed_call_s").asDouble());
            back.add(restart.get("back_after_listening_s").asDouble());
            restart.get("failures").forEach(f -> failures.add(f.asText()));
        }
        String b = "ZEO facts (" + name + ")";
        table.add(b, "read-only client, writable storage", String.join(" / ", readOnly), ROUNDS, "");
        if (hung > 0) {
            table.add(b, "rounds whose script hung (not counted; run again)", Integer.toString(hung), hung, "");
        }
        table.add(
                b,
                "ZEO restarted alone: calls failed (one every 0.1 s)",
                String.format(
                        Locale.ROOT,
                        "%.0f (max %.0f%s)",
                        failed.median(),
                        failed.max(),
                        failures.isEmpty()
                                ? ""
                                : ": " + String.join(", ", failures) + " after at most "
                                        + ResultTable.seconds(longestFailed.max())),
                ROUNDS,
                "0 for the rolling strategy");
        table.add(b, "… longest call (it waited)", ResultTable.seconds(longest.median()), ROUNDS, "");
        table.add(
                b, "… first call served after the new server listens", ResultTable.seconds(back.median()), ROUNDS, "");
    }
}
