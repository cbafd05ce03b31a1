package org.zeofreeze.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The wizard's responsiveness, each figure from fresh JVMs running {@link UiProbe} on headless
 * Monocle (software rendering): launch to the first page, the review page of a plan with 100
 * changed files (zeo.conf and 99 clients' zope.conf), and the longest stall of the FX thread and
 * peak memory while a run's events stream in.
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

        Samples launch = new Samples();
        for (int i = 0; i < LAUNCHES; i++) {
            launch.add(Double.parseDouble(probe("launch", small).get("FIRST_PAGE_MS")));
        }
        table.add("UI (Monocle, software rendering)", "launch → first page shown", ResultTable.millis(launch.median()),
                launch.count(), ResultTable.verdict(launch.median() < 2000, "< 2 s"));

        Samples reviewFirst = new Samples();
        Samples reviewWarm = new Samples();
        String files = "";
        for (int i = 0; i < RUNS; i++) {
            Map<String, String> r = probe("review", large);
            files = r.get("CHANGED_FILES");
            reviewFirst.add(Double.parseDouble(r.get("REVIEW_FIRST_MS")));
            reviewWarm.add(Double.parseDouble(r.get("REVIEW_WARM_MS")));
        }
        table.add("UI (Monocle, software rendering)", "review page, " + files + " changed files: first in a JVM",
                ResultTable.millis(reviewFirst.median()), reviewFirst.count(),
                ResultTable.verdict(reviewFirst.median() < 200, "< 200 ms"));
        table.add("UI (Monocle, software rendering)", "… again (warm, median of 7 per JVM)",
                ResultTable.millis(reviewWarm.median()), reviewWarm.count(), ResultTable.verdict(reviewWarm.median() < 200, "< 200 ms"));

        Samples stall = new Samples();
        Samples rss = new Samples();
        Samples heap = new Samples();
        String events = "";
        for (int i = 0; i < RUNS; i++) {
            Map<String, String> r = probe("run", large);
            events = r.get("EVENTS");
            stall.add(Double.parseDouble(r.get("LONGEST_STALL_MS")));
            rss.add(Double.parseDouble(r.get("PEAK_RSS_MB")));
            heap.add(Double.parseDouble(r.get("PEAK_HEAP_MB")));
        }
        table.add("UI (Monocle, software rendering)", "longest FX-thread stall during a run (" + events + " events in ~12 s)",
                ResultTable.millis(stall.median()), stall.count(), ResultTable.verdict(stall.median() < 50, "< 50 ms"));
        table.add("UI (Monocle, software rendering)", "peak memory during the run: resident (heap)",
                String.format(Locale.ROOT, "%.0f MiB (%.0f MiB)", rss.median(), heap.median()), rss.count(), "");
        System.err.println("bench: ui samples launch " + launch + " review " + reviewFirst + "/" + reviewWarm + " stall "
                + stall + " rss " + rss);
    }

    /** Runs the probe in a new JVM and returns its KEY=value lines. */
    private static Map<String, String> probe(String mode, Path buildout) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), UiProbe.class.getName(), mode, buildout.toString()));
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
