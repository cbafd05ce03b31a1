package org.zeofreeze.it;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
}
