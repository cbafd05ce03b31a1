package org.zeofreeze.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The performance benchmarks on the real test bed (ZEO/Zope cluster, OpenSSH sshd on loopback,
 * rsync, the JavaFX wizard), printed as one table. Not part of the test suite: run it with
 * {@code bench/run [downtime] [discovery] [copy] [ui] [facts] [move]} (all without arguments).
 */
public final class Benchmarks {
    private static final List<String> ALL = List.of("downtime", "discovery", "copy", "ui", "facts", "move");

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        List<String> chosen = args.length == 0 ? ALL : List.of(args);
        for (String c : chosen) {
            if (!ALL.contains(c)) {
                System.err.println("unknown benchmark '" + c + "'; choose from " + ALL);
                System.exit(2);
            }
        }
        Instant startedAt = Instant.now();
        Path work = Files.createTempDirectory("zeofreeze-bench-");
        ResultTable table = new ResultTable();
        List<String> failures = new ArrayList<>();
        try {
            for (String name : ALL) {
                if (!chosen.contains(name)) {
                    continue;
                }
                Path dir = Files.createDirectories(work.resolve(name));
                long start = System.nanoTime();
                try {
                    switch (name) {
                        case "downtime" -> new DowntimeBenchmark(dir, table).run();
                        case "discovery" -> new DiscoveryBenchmark(dir, table).run();
                        case "copy" -> new CopyBenchmark(dir, table).run();
                        case "ui" -> new UiBenchmark(dir, table).run();
                        case "facts" -> new FactsBenchmark(dir, table).run();
                        case "move" -> new MoveBenchmark(dir, table).run();
                        default -> throw new IllegalStateException(name);
                    }
                } catch (Exception e) {
                    failures.add(name + ": " + e);
                    e.printStackTrace();
                }
                System.err.printf("bench: %s took %.0f s%n", name, (System.nanoTime() - start) / 1e9);
            }
        } finally {
            deleteTree(work);
        }
        System.out.println();
        System.out.println(RunStamp.describe(chosen, startedAt));
        System.out.println();
        table.print(System.out);
        if (!failures.isEmpty()) {
            System.out.println();
            failures.forEach(f -> System.out.println("FAILED " + f));
            System.exit(1);
        }
        System.exit(0);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            System.err.println("bench: could not remove " + dir + ": " + e);
        }
    }
}
