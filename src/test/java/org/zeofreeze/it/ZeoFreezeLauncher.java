package org.zeofreeze.it;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.zeofreeze.testbed.TestCluster;

/** Runs the packaged command line through the repository's ./zeofreeze launcher, as an admin would. */
final class ZeoFreezeLauncher {
    record Result(int exit, String out, String err) {}

    private ZeoFreezeLauncher() {}

    static Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of("zeofreeze").toAbsolutePath().toString());
        argv.addAll(List.of(args));
        TestCluster.Result r = TestCluster.exec(Duration.ofMinutes(10), stdin, argv);
        return new Result(r.exit(), r.stdout(), r.stderr());
    }

    /** The journal a run through the command line wrote last into {@code dir}. */
    static Path latestJournal(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .max(Comparator.comparingLong(f -> f.toFile().lastModified()))
                    .orElseThrow(() -> new FileNotFoundException("no journal in " + dir));
        }
    }

    /** What a test checks on the living program, just before it is killed. */
    interface BeforeKill {
        void check(String said) throws Exception;
    }

    /**
     * Starts the packaged command line, reads what it says until a line {@code at} accepts, runs
     * {@code before}, then kills it with SIGKILL, as a crash or an admin's kill -9 would; returns
     * what it said.
     */
    static String killedAt(Predicate<String> at, BeforeKill before, String... args) throws Exception {
        Process p = start(args);
        StringBuilder said = new StringBuilder();
        try (var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            read(reader, said, at);
            before.check(said.toString());
            p.destroyForcibly();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("zeofreeze did not die of SIGKILL within 30 s");
            }
        }
        return said.toString();
    }

    private static Process start(String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of("zeofreeze").toAbsolutePath().toString());
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        return p;
    }

    private static void read(BufferedReader reader, StringBuilder said, Predicate<String> stopAt) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            said.append(line).append('\n');
            if (stopAt.test(line)) {
                return;
            }
        }
    }
}
