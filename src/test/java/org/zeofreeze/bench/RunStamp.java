package org.zeofreeze.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which run printed a table: the commit (and whether the tree had changes), when, on which CPU
 * and how many cores, so a README row can name the run it comes from.
 */
final class RunStamp {
    private RunStamp() {}

    static String describe(List<String> benchmarks, Instant startedAt) {
        return String.format(
                Locale.ROOT,
                "bench/run %s at commit %s%s, %s UTC, %.0f min; %s, %d cores, %s memory; load average now %.1f",
                String.join(" ", benchmarks),
                git("rev-parse", "--short=12", "HEAD"),
                git("status", "--porcelain", "--untracked-files=no").isBlank() ? "" : " (with uncommitted changes)",
                startedAt
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString()
                        .replace('T', ' ')
                        .replace("Z", ""),
                Duration.between(startedAt, Instant.now()).toSeconds() / 60.0,
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                memory(),
                CpuTime.loadAverage());
    }

    private static String git(String... args) {
        try {
            Process p = new ProcessBuilder(concat("git", args))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name")
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .orElse("CPU unknown");
    }

    private static String memory() {
        return procLine(Path.of("/proc/meminfo"), "MemTotal:")
                .map(l -> String.format(
                        Locale.ROOT, "%.0f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static Optional<String> procLine(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
