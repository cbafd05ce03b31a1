package org.zeofreeze.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.spi.ToolProvider;

/**
 * The wizard's responsiveness, each figure from fresh JVMs running {@link UiProbe} on headless
 * Monocle (software rendering): launch to the first page, the review page of a plan with 100
 * changed files (zeo.conf and 99 clients' zope.conf), and the longest stall of the FX thread and
 * peak memory while a run's events stream in. Launch is measured as started from the build and,
 * side by side, as the installed packages start it.
 */
final class UiBenchmark {
    private static final int LAUNCHES = 5;
    private static final int RUNS = 3;

    private final Path work;
    private final ResultTable table;

    UiBenchmark(Path work, ResultTable table) {
        this.work = work;
        this.table = table;
    }

    void run() throws Exception {
        Path small = FixtureBuildout.create(work.resolve("small/zeocluster"), 2);
        Path large = FixtureBuildout.create(work.resolve("large/zeocluster"), 99);

        // Launch side by side, round after round: as started from the build (no archive, both JIT
        // compilers), and as the .deb/.rpm start it (installer/build.sh: the class-data-sharing
        // archive the package scripts write from installer/linux/zeofreeze.classlist, and the client
        // compiler only). CDS takes jars only, so the classes are jarred first.
        String jars = jarredClassPath();
        Path archive = work.resolve("ui-launch.jsa");
        Shell.Result dump = Shell.run(
                300,
                List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xshare:dump",
                        "-XX:SharedClassListFile="
                                + Path.of("installer/linux/zeofreeze.classlist").toAbsolutePath(),
                        "-XX:SharedArchiveFile=" + archive,
                        "-cp",
                        jars));
        if (dump.exit() != 0) {
            throw new IOException("could not write the start-up archive:\n" + dump.output());
        }
        String[] installed = {"-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"};
        Samples launch = new Samples();
        Samples launchCds = new Samples();
        for (int i = 0; i < LAUNCHES; i++) {
            launch.add(Double.parseDouble(probe("launch", small, jars).get("FIRST_PAGE_MS")));
            launchCds.add(
                    Double.parseDouble(probe("launch", small, jars, installed).get("FIRST_PAGE_MS")));
        }
        double loadAtLaunch = CpuTime.loadAverage();
        table.add(
                "UI (Monocle, software rendering)",
                "launch → first page shown",
                ResultTable.millis(launch.median()),
                launch.count(),
                ResultTable.verdict(launch.median() < 1200, "< 1.2 s"));
        table.add(
                "UI (Monocle, software rendering)",
                "… as the packages start it (start-up archive, client compiler)",
                ResultTable.millis(launchCds.median()),
                launchCds.count(),
                ResultTable.verdict(launchCds.median() < 1200, "< 1.2 s"));
        table.add(
                "UI (Monocle, software rendering)",
                "load average after the launches (2 cores)",
                String.format(Locale.ROOT, "%.1f", loadAtLaunch),
                0,
                "");

        // The page alone in a fresh JVM (the harshest case: nothing of JavaFX warmed), and the page
        // as the wizard shows it: reached through Cluster, Layout and Choose, then again after Maintenance.
        Samples reviewFirst = new Samples();
        Samples reviewWarm = new Samples();
        Samples wizardFirst = new Samples();
        Samples wizardAgain = new Samples();
        Samples wizardInstalled = new Samples();
        String files = "";
        for (int i = 0; i < RUNS; i++) {
            Map<String, String> r = probe("review", large);
            files = r.get("CHANGED_FILES");
            reviewFirst.add(Double.parseDouble(r.get("REVIEW_FIRST_MS")));
            reviewWarm.add(Double.parseDouble(r.get("REVIEW_WARM_MS")));
            Map<String, String> w = probe("wizard-review", large);
            wizardFirst.add(Double.parseDouble(w.get("REVIEW_FIRST_MS")));
            wizardAgain.add(Double.parseDouble(w.get("REVIEW_WARM_MS")));
            wizardInstalled.add(Double.parseDouble(
                    probe("wizard-review", large, jars, installed).get("REVIEW_FIRST_MS")));
        }
        table.add(
                "UI (Monocle, software rendering)",
                "review page, " + files + " changed files, alone in a fresh JVM: first",
                ResultTable.millis(reviewFirst.median()),
                reviewFirst.count(),
                ResultTable.verdict(reviewFirst.median() < 200, "< 200 ms"));
        table.add(
                "UI (Monocle, software rendering)",
                "… page built anew each time (median of 7 per JVM)",
                ResultTable.millis(reviewWarm.median()),
                reviewWarm.count(),
                ResultTable.verdict(reviewWarm.median() < 200, "< 200 ms"));
        table.add(
                "UI (Monocle, software rendering)",
                "review page in the wizard, after Cluster, Layout, Choose: first visit",
                ResultTable.millis(wizardFirst.median()),
                wizardFirst.count(),
                ResultTable.verdict(wizardFirst.median() < 200, "< 200 ms"));
        table.add(
                "UI (Monocle, software rendering)",
                "… back on it from Maintenance (median of 7 per JVM)",
                ResultTable.millis(wizardAgain.median()),
                wizardAgain.count(),
                ResultTable.verdict(wizardAgain.median() < 200, "< 200 ms"));
        table.add(
                "UI (Monocle, software rendering)",
                "… first visit, as the packages start the wizard",
                ResultTable.millis(wizardInstalled.median()),
                wizardInstalled.count(),
                ResultTable.verdict(wizardInstalled.median() < 200, "< 200 ms"));

        Samples stall = new Samples();
        Samples stallInstalled = new Samples();
        Samples rss = new Samples();
        Samples heap = new Samples();
        String events = "";
        for (int i = 0; i < RUNS; i++) {
            Map<String, String> r = probe("run", large);
            events = r.get("EVENTS");
            stall.add(Double.parseDouble(r.get("LONGEST_STALL_MS")));
            rss.add(Double.parseDouble(r.get("PEAK_RSS_MB")));
            heap.add(Double.parseDouble(r.get("PEAK_HEAP_MB")));
            stallInstalled.add(
                    Double.parseDouble(probe("run", large, jars, installed).get("LONGEST_STALL_MS")));
        }
        table.add(
                "UI (Monocle, software rendering)",
                "longest FX-thread stall during a run (" + events + " events in ~12 s)",
                ResultTable.millis(stall.median()),
                stall.count(),
                ResultTable.verdict(stall.median() < 50, "< 50 ms"));
        table.add(
                "UI (Monocle, software rendering)",
                "… as the packages start the wizard",
                ResultTable.millis(stallInstalled.median()),
                stallInstalled.count(),
                ResultTable.verdict(stallInstalled.median() < 50, "< 50 ms"));
        table.add(
                "UI (Monocle, software rendering)",
                "peak memory during the run: resident (heap)",
                String.format(Locale.ROOT, "%.0f MiB (%.0f MiB)", rss.median(), heap.median()),
                rss.count(),
                "");
        table.add(
                "UI (Monocle, software rendering)",
                "load average at the end (2 cores)",
                String.format(Locale.ROOT, "%.1f", CpuTime.loadAverage()),
                0,
                "");
        System.err.println("bench: ui samples launch " + launch + " with CDS " + launchCds + " review " + reviewFirst
                + "/" + reviewWarm + " in the wizard " + wizardFirst + "/" + wizardAgain + " installed "
                + wizardInstalled + " stall " + stall + " installed " + stallInstalled + " rss " + rss);
    }

    /** The class path with the class directories replaced by jars of them (CDS archives only jars). */
    private String jarredClassPath() throws IOException {
        ToolProvider jar = ToolProvider.findFirst("jar").orElseThrow(() -> new IOException("no jar tool in this JDK"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                Path file = work.resolve("classes-" + n++ + ".jar");
                if (jar.run(System.out, System.err, "cf", file.toString(), "-C", entry, ".") != 0) {
                    throw new IOException("could not jar " + entry);
                }
                entries.add(file.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Map<String, String> probe(String mode, Path buildout) throws Exception {
        return probe(mode, buildout, System.getProperty("java.class.path"));
    }

    /** Runs the probe in a new JVM (with the given class path and JVM options) and returns its KEY=value lines. */
    private static Map<String, String> probe(String mode, Path buildout, String classPath, String... jvmOptions)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dglass.platform=Monocle",
                "-Dmonocle.platform=Headless",
                "-Dprism.order=sw",
                "-Djava.awt.headless=true"));
        argv.addAll(List.of(jvmOptions));
        argv.addAll(List.of("-cp", classPath, UiProbe.class.getName(), mode, buildout.toString()));
        Shell.Result r = Shell.run(120, argv);
        Map<String, String> out = new HashMap<>();
        for (String line : r.output().lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+")) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (r.exit() != 0 || out.isEmpty()) {
            throw new IOException("UI probe '" + mode + "' failed (exit " + r.exit() + "):\n" + r.output());
        }
        return out;
    }
}
