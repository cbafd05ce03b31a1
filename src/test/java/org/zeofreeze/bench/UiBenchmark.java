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
 * Monocle (software rendering): launch to the first frame painted with the first page, the review
 * page of a plan with 100 changed files (zeo.conf and 99 clients' zope.conf), and the longest stall
 * of the FX thread and peak memory while a run's events stream in. Launch is measured as started
 * from the build and, side by side, as the installed packages start it; then also as a person
 * sees it, on Xvfb from exec to the painted window ({@link XvfbLaunch}), from the build and from
 * the .deb that installer/build.sh builds and apt-get installs for the while ({@link InstalledDeb}).
 */
final class UiBenchmark {
    private static final int LAUNCHES = 5;
    private static final int RUNS = 3;
    private static final String MONOCLE = "UI (Monocle, software rendering)";
    private static final String XVFB = "UI (Xvfb, as a person sees it)";

    private final Path work;
    private final ResultTable table;

    UiBenchmark(Path work, ResultTable table) {
        this.work = work;
        this.table = table;
    }

    void run() throws Exception {
        Path small = FixtureBuildout.create(work.resolve("small/zeocluster"), 2);
        Path large = FixtureBuildout.create(work.resolve("large/zeocluster"), 99);
        // Built first, before anything is timed: minutes of jlink and jpackage on both cores.
        Path deb = InstalledDeb.build(Files.createDirectories(work.resolve("deb")));

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
        Samples laidOut = new Samples();
        Samples laidOutCds = new Samples();
        Samples painted = new Samples();
        Samples paintedCds = new Samples();
        for (int i = 0; i < LAUNCHES; i++) {
            Map<String, String> build = probe("launch", small, jars);
            laidOut.add(Double.parseDouble(build.get("LAID_OUT_MS")));
            painted.add(Double.parseDouble(build.get("PAINTED_MS")));
            Map<String, String> cds = probe("launch", small, jars, installed);
            laidOutCds.add(Double.parseDouble(cds.get("LAID_OUT_MS")));
            paintedCds.add(Double.parseDouble(cds.get("PAINTED_MS")));
        }
        double loadAtLaunch = CpuTime.loadAverage();
        table.add(
                MONOCLE,
                "launch → first frame with the first page painted on the screen, from the build (JVM start →"
                        + " frame; no archive, both JIT compilers)",
                painted,
                ResultTable::millis,
                ResultTable.verdict(painted.median() <= 1200, "≤ 1.2 s"));
        table.add(
                MONOCLE,
                "… as the packages start it (start-up archive, client compiler)",
                paintedCds,
                ResultTable::millis,
                ResultTable.verdict(paintedCds.median() <= 800, "≤ 0.8 s"));
        table.add(
                MONOCLE, "… of which JVM start → first layout pulse: from the build", laidOut, ResultTable::millis, "");
        table.add(
                MONOCLE,
                "… JVM start → first layout pulse: as the packages start it",
                laidOutCds,
                ResultTable::millis,
                "");
        table.add(
                MONOCLE,
                "load average after the launches (2 cores)",
                String.format(Locale.ROOT, "%.1f", loadAtLaunch),
                0,
                "");

        xvfbLaunches(deb, small);

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
                MONOCLE,
                "review page, " + files + " changed files, alone in a fresh JVM: first",
                reviewFirst,
                ResultTable::millis,
                ResultTable.verdict(reviewFirst.median() < 200, "< 200 ms"));
        table.add(
                MONOCLE,
                "… page built anew each time (median of 7 per JVM)",
                reviewWarm,
                ResultTable::millis,
                ResultTable.verdict(reviewWarm.median() < 200, "< 200 ms"));
        table.add(
                MONOCLE,
                "review page in the wizard, after Cluster, Layout, Choose: first visit",
                wizardFirst,
                ResultTable::millis,
                ResultTable.verdict(wizardFirst.median() < 200, "< 200 ms"));
        table.add(
                MONOCLE,
                "… back on it from Maintenance (median of 7 per JVM)",
                wizardAgain,
                ResultTable::millis,
                ResultTable.verdict(wizardAgain.median() < 200, "< 200 ms"));
        table.add(
                MONOCLE,
                "… first visit, as the packages start the wizard",
                wizardInstalled,
                ResultTable::millis,
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
                MONOCLE,
                "longest FX-thread stall during a run (" + events + " events in ~12 s)",
                stall,
                ResultTable::millis,
                ResultTable.verdict(stall.median() < 50, "< 50 ms"));
        table.add(
                MONOCLE,
                "… as the packages start the wizard",
                stallInstalled,
                ResultTable::millis,
                ResultTable.verdict(stallInstalled.median() < 50, "< 50 ms"));
        table.add(
                MONOCLE,
                "peak memory during the run: resident (heap)",
                String.format(Locale.ROOT, "%.0f MiB (%.0f MiB)", rss.median(), heap.median()),
                rss.count(),
                "");
        table.add(
                MONOCLE,
                "load average at the end (2 cores)",
                String.format(Locale.ROOT, "%.1f", CpuTime.loadAverage()),
                0,
                "");
        System.err.println(
                "bench: ui samples launch painted " + painted + " with CDS " + paintedCds + " review " + reviewFirst
                        + "/" + reviewWarm + " in the wizard " + wizardFirst + "/" + wizardAgain + " installed "
                        + wizardInstalled + " stall " + stall + " installed " + stallInstalled + " rss " + rss);
    }

    /**
     * Launches on Xvfb (see {@link XvfbLaunch}), round after round: from the build (as {@code mvn
     * javafx:run} starts it: target/classes and the runtime jars, its --add-opens, the JDK's
     * java) and as the installed .deb starts it (/opt/zeofreeze/bin/ZeoFreeze: its runtime, start-up
     * archive and client compiler). Each is launched once untimed first, so that JavaFX's native
     * libraries are unpacked into the home and the files are in the page cache, as on a desktop
     * where the wizard ran before.
     */
    private void xvfbLaunches(Path deb, Path buildout) throws Exception {
        String appClassPath = System.getProperty("bench.app.classpath");
        if (appClassPath == null) {
            throw new IOException("system property bench.app.classpath (set by bench/run) is missing");
        }
        Path home = Files.createDirectories(work.resolve("xvfb-home"));
        Map<String, String> env = Map.of("HOME", home.toString());
        List<String> fromBuild = List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--add-opens",
                "javafx.graphics/javafx.scene=ALL-UNNAMED",
                "-cp",
                appClassPath,
                "org.zeofreeze.ui.Launcher",
                "--buildout",
                buildout.toString());
        List<String> asInstalled = List.of(InstalledDeb.GUI.toString(), "--buildout", buildout.toString());
        Path log = work.resolve("xvfb-app.log");
        Samples mapped = new Samples();
        Samples painted = new Samples();
        Samples mappedInstalled = new Samples();
        Samples paintedInstalled = new Samples();
        try (XvfbLaunch x = XvfbLaunch.start(work.resolve("xvfb.log"));
                InstalledDeb pkg = InstalledDeb.install(deb)) {
            x.launch(fromBuild, env, log);
            x.launch(asInstalled, env, log);
            for (int i = 0; i < LAUNCHES; i++) {
                XvfbLaunch.Launch b = x.launch(fromBuild, env, log);
                mapped.add(b.mappedMs());
                painted.add(b.paintedMs());
                XvfbLaunch.Launch d = x.launch(asInstalled, env, log);
                mappedInstalled.add(d.mappedMs());
                paintedInstalled.add(d.paintedMs());
            }
        }
        table.add(
                XVFB,
                "launch from the build (java, target/classes): exec → window painted with the first page",
                painted,
                ResultTable::millis,
                ResultTable.verdict(painted.median() <= 1200, "≤ 1.2 s"));
        table.add(XVFB, "… exec → window mapped", mapped, ResultTable::millis, "");
        table.add(
                XVFB,
                "launch as the installed .deb starts it (/opt/zeofreeze/bin/ZeoFreeze): exec → window painted",
                paintedInstalled,
                ResultTable::millis,
                ResultTable.verdict(paintedInstalled.median() <= 800, "≤ 0.8 s"));
        table.add(XVFB, "… exec → window mapped", mappedInstalled, ResultTable::millis, "");
        table.add(
                XVFB,
                "load average after the launches (2 cores)",
                String.format(Locale.ROOT, "%.1f", CpuTime.loadAverage()),
                0,
                "");
        System.err.println("bench: ui Xvfb samples mapped " + mapped + " painted " + painted + " installed mapped "
                + mappedInstalled + " painted " + paintedInstalled);
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
                // launch: Headless Monocle whose screen times the first painted frame
                "-Dmonocle.platform=" + ("launch".equals(mode) ? "PaintTimed" : "Headless"),
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
