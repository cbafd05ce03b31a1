package org.zeofreeze.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeofreeze.apply.ConfigApplier;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.timeline.Timeline;
import org.zeofreeze.runbook.timeline.TimelineSvg;
import org.zeofreeze.testbed.SiteLoad;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testbed.TestHaproxy;

/**
 * The freeze of a 4-client cluster behind a real HAProxy, under a bounded request load through it
 * (reads of the mounted databases, a small commit to the root): the rolling strategy, the full stop
 * and the guide's order done by hand, side by side in every round. For each: the requests that
 * failed and the longest time the site answered nothing; for the full stop also the window to the
 * first and to the last client serving again, and for the manual order its window, against two
 * floors measured under the same load: ZEO's start plus the slowest of the four clients started
 * together after it, and the floor with the stop: the stop's own physical cost (every zdaemon
 * manager and its program sent SIGTERM directly, until every pid is gone), then ZEO and the clients
 * started at once as the runner starts them, until the last client answers. The manual order and
 * the floors poll every 100 ms, faster than a person would. The rolling and the full-stop run each
 * leave their timeline, with the moments requests failed, in target/bench/timeline-rolling.svg and
 * timeline-full-stop.svg.
 */
final class DowntimeBenchmark {
    /** Rounds of the whole comparison; {@code -Dbench.rounds=N} for a shorter trial (e.g. through JAVA_TOOL_OPTIONS). */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private static final int BASE_PORT = 19100;
    private static final int PROXY_PORT = 19190;
    private static final long POLL_MS = 100;
    private static final Duration PROCESS_LIMIT = Duration.ofMinutes(5);
    /** zdaemon's status: "program running; pid=N". */
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    private final Path work;
    private final ResultTable table;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private TestHaproxy haproxy;

    DowntimeBenchmark(Path work, ResultTable table) {
        this.work = work;
        this.table = table;
    }

    /** Where each strategy's timeline is written, beside the build's other output. */
    static final Path PICTURES = Path.of("target", "bench");

    /**
     * What one freeze under load measured; {@code events}: the run's, for its timeline (none for the manual order);
     * {@code steps}: the run's step times, or the parts of a floor.
     */
    record Measured(
            double window,
            int failed,
            int requests,
            double longestGap,
            double zeoRestart,
            Map<String, Double> steps,
            List<RunEvent> events) {
        Measured(double window, int failed, int requests, double longestGap, double zeoRestart) {
            this(window, failed, requests, longestGap, zeoRestart, Map.of(), List.of());
        }
    }

    void run() throws Exception {
        TestCluster cluster = TestCluster.build(work.resolve("zeocluster"), BASE_PORT, 4);
        try {
            cluster.start();
            haproxy = TestHaproxy.start(work.resolve("haproxy"), cluster, PROXY_PORT);
            Samples rollingGap = new Samples();
            Samples rollingFailed = new Samples();
            Samples rollingZeo = new Samples();
            Samples fullWindow = new Samples();
            Samples fullFirst = new Samples();
            Samples fullRest = new Samples();
            Samples runnerAccount = new Samples();
            Samples fullFailed = new Samples();
            Samples fullGap = new Samples();
            Samples fullStop = new Samples();
            Samples fullApply = new Samples();
            Samples fullStart = new Samples();
            Samples manual = new Samples();
            Samples manualFailed = new Samples();
            Samples manualGap = new Samples();
            Samples floor = new Samples();
            Samples zeoStart = new Samples();
            Samples slowestClient = new Samples();
            Samples floorWithStop = new Samples();
            Samples physicalStop = new Samples();
            Samples stopZeoStart = new Samples();
            Samples stopSlowestClient = new Samples();
            int requests = 0;
            double load = CpuTime.loadAverage();
            for (int round = 0; round < ROUNDS; round++) {
                Measured rolling = underLoad(() -> runOnce(cluster, Strategy.ROLLING, Mode.FREEZE), "rolling");
                runOnce(cluster, Strategy.ROLLING, Mode.THAW);
                rollingGap.add(rolling.longestGap());
                rollingFailed.add(rolling.failed());
                rollingZeo.add(rolling.zeoRestart());
                Measured full = underLoad(() -> runOnce(cluster, Strategy.FULL_STOP, Mode.FREEZE), "full-stop");
                runOnce(cluster, Strategy.ROLLING, Mode.THAW);
                double[] windows = fullStopWindows(full.events());
                fullFirst.add(windows[0]);
                fullWindow.add(windows[1]);
                runnerAccount.add(full.window());
                fullFailed.add(full.failed());
                fullGap.add(full.longestGap());
                fullStop.add(full.steps().getOrDefault("stop", 0.0));
                fullApply.add(full.steps().getOrDefault("apply", 0.0));
                fullStart.add(full.steps().getOrDefault("start", 0.0));
                fullRest.add(windows[1]
                        - full.steps().getOrDefault("stop", 0.0)
                        - full.steps().getOrDefault("apply", 0.0)
                        - full.steps().getOrDefault("start", 0.0));
                Measured byHand = underLoad(() -> new Measured(manualOrder(cluster), 0, 0, 0, 0), null);
                thawByHand(cluster);
                manual.add(byHand.window());
                manualFailed.add(byHand.failed());
                manualGap.add(byHand.longestGap());
                Measured f = underLoad(() -> floor(cluster), null);
                zeoStart.add(f.steps().get("zeo"));
                slowestClient.add(f.steps().get("clients"));
                floor.add(f.window());
                Measured fs = underLoad(() -> floorWithStop(cluster), null);
                physicalStop.add(fs.steps().get("stop"));
                stopZeoStart.add(fs.steps().get("zeo"));
                stopSlowestClient.add(fs.steps().get("clients"));
                floorWithStop.add(fs.window());
                requests += rolling.requests() + full.requests() + byHand.requests() + f.requests() + fs.requests();
            }
            String group = "Freeze under load, 4 clients behind HAProxy";
            boolean rollingMet = rollingFailed.max() == 0 && rollingGap.median() <= rollingZeo.median() + 3;
            table.add(
                    group,
                    "rolling: failed requests / longest time the site answered nothing",
                    String.format(
                            Locale.ROOT, "%.0f / %s", rollingFailed.median(), ResultTable.seconds(rollingGap.median())),
                    rollingGap.count(),
                    ResultTable.verdict(
                            rollingMet,
                            String.format(
                                    Locale.ROOT,
                                    "%.0f failed at most, gap ≤ ZEO restart %s + 3 s",
                                    rollingFailed.max(),
                                    ResultTable.seconds(rollingZeo.median()))));
            double ratio = fullWindow.median() / floorWithStop.median();
            table.add(
                    group,
                    "full stop: window, first process stopped → every client serves",
                    fullWindow,
                    ResultTable::seconds,
                    ResultTable.verdict(
                            ratio <= 1.2, String.format(Locale.ROOT, "%.2f × floor with the stop (≤ 1.2)", ratio)));
            table.add(
                    group,
                    "full stop: window, first process stopped → first client serves (the runner's site outage)",
                    fullFirst,
                    ResultTable::seconds,
                    String.format(
                            Locale.ROOT, "%.2f × floor with the stop", fullFirst.median() / floorWithStop.median()));
            table.add(group, "full stop: of which the stop step", fullStop, ResultTable::seconds, "");
            table.add(group, "full stop: of which the apply step", fullApply, ResultTable::seconds, "");
            table.add(group, "full stop: of which the start step", fullStart, ResultTable::seconds, "");
            table.add(
                    group,
                    "full stop: window (every client) − the three steps (a step's time runs from its start to its"
                            + " end: the stop's liveness checks before the first process stops and the start's last"
                            + " check after the last client serves are in the steps, not the window; between"
                            + " steps: the journal and the step changes)",
                    fullRest,
                    ResultTable::seconds,
                    "");
            table.add(
                    group,
                    "full stop: failed requests / longest time the site answered nothing",
                    String.format(Locale.ROOT, "%.0f / %s", fullFailed.median(), ResultTable.seconds(fullGap.median())),
                    fullGap.count(),
                    "");
            table.add(
                    group,
                    "guide's order by hand: window / failed requests / longest gap",
                    ResultTable.seconds(manual.median())
                            + String.format(Locale.ROOT, " / %.0f / ", manualFailed.median())
                            + ResultTable.seconds(manualGap.median()),
                    manual.count(),
                    String.format(Locale.ROOT, "%.2f × floor with the stop", manual.median() / floorWithStop.median()));
            table.add(
                    group,
                    "floor, under the load: ZEO start + slowest of 4 clients started together",
                    floor,
                    ResultTable::seconds,
                    "(" + ResultTable.seconds(zeoStart.median()) + " + " + ResultTable.seconds(slowestClient.median())
                            + ")");
            table.add(
                    group,
                    "floor with the stop, under the load: SIGTERM to each zdaemon manager, then its process, until"
                            + " every pid is gone; then ZEO and the 4 clients started at once (the runner's order)"
                            + " until the last answers: stop + start (ZEO accepting after)",
                    floorWithStop,
                    ResultTable::seconds,
                    "(" + ResultTable.seconds(physicalStop.median()) + " + "
                            + ResultTable.seconds(stopSlowestClient.median()) + " ("
                            + ResultTable.seconds(stopZeoStart.median()) + "))");
            table.add(
                    group,
                    "requests made in all / load average while measuring (2 cores)",
                    requests + String.format(Locale.ROOT, " / %.1f → %.1f", load, CpuTime.loadAverage()),
                    0,
                    "");
            System.err.println("bench: downtime rolling gap " + rollingGap + " failed " + rollingFailed + " zeo "
                    + rollingZeo + "; full window " + fullWindow + " first client " + fullFirst + " runner's outage "
                    + runnerAccount + " steps " + fullStop + " " + fullApply + " " + fullStart + " failed " + fullFailed
                    + "; manual " + manual + "; floor " + floor + "; floor with the stop " + floorWithStop + " (stop "
                    + physicalStop + ")");
        } finally {
            if (haproxy != null) {
                haproxy.close();
            }
            cluster.close();
        }
    }

    private interface Freeze {
        Measured run() throws Exception;
    }

    /**
     * Runs a freeze while the load runs through HAProxy; adds what the load saw to what the freeze
     * measured. With a {@code picture} name, the run's timeline with the moments requests failed is
     * written to target/bench/timeline-NAME.svg (each round overwrites the last one's).
     */
    private Measured underLoad(Freeze freeze, String picture) throws Exception {
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        Thread.sleep(1000);
        Measured m;
        try {
            m = freeze.run();
            Thread.sleep(1000);
        } finally {
            load.close();
        }
        if (picture != null && !m.events().isEmpty()) {
            picture(picture, m.events(), load);
        }
        return new Measured(
                m.window(),
                load.failed().size(),
                load.requests().size(),
                load.longestGapMillis() / 1000.0,
                m.zeoRestart(),
                m.steps(),
                m.events());
    }

    /** The run as a picture: its lanes and windows from its events, and a mark where each request of the load failed. */
    private static void picture(String name, List<RunEvent> events, SiteLoad load) throws IOException {
        Timeline timeline = Timeline.of(events)
                .withFailedRequests(load.failed().stream().map(load::endOf).toList());
        Files.createDirectories(PICTURES);
        Path file = PICTURES.resolve("timeline-" + name + ".svg");
        Files.writeString(file, TimelineSvg.render(timeline), StandardCharsets.UTF_8);
        System.err.println("bench: " + file + ": " + timeline.verdict() + ", "
                + timeline.failedRequests().size() + " failed requests during the run");
    }

    /** One run of the runbook on this computer: the full stop's window (from the runner) and the ZEO server's restart. */
    private Measured runOnce(TestCluster cluster, Strategy strategy, Mode mode) throws Exception {
        ClusterProfile profile = new ClusterProfile(
                "bench-downtime",
                List.of(HostEntry.local(cluster.dir().toString())),
                null,
                null,
                new Maintenance(null, List.of(), List.of(), haproxy.command("drain"), haproxy.command("ready"), 1),
                false);
        List<String> log = new ArrayList<>();
        Map<String, Instant> zeoDown = new HashMap<>();
        double[] zeoRestart = {0};
        RunEvent.Outage[] outage = {null};
        Map<String, Instant> marks = new HashMap<>();
        // The run's own events for its timeline; logs and copy progress draw nothing. The listener is called from the
        // run's threads.
        List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (ProfileHosts hosts = new ProfileHosts(profile, e -> {
            throw new IOException("no SSH in the downtime benchmark");
        })) {
            RunSetup setup = RunPreparation.prepare(profile, Selection.parse(mode, List.of()), hosts);
            Runbook runbook = Runbook.of(setup, strategy);
            Runs.Ending ending = new Runs(work.resolve("journals"), Clock.systemUTC())
                    .start(
                            new Runs.Prepared(setup, Runs.decide(setup, Optional.of(strategy)), runbook),
                            Optional.empty(),
                            e -> {
                                if (!(e instanceof RunEvent.Log || e instanceof RunEvent.Progress)) {
                                    events.add(e);
                                }
                                if (e instanceof RunEvent.Serving s && s.server()) {
                                    if (!s.serving()) {
                                        zeoDown.put(s.part(), s.at());
                                    } else if (zeoDown.containsKey(s.part())) {
                                        zeoRestart[0] = seconds(zeoDown.get(s.part()), s.at());
                                    }
                                } else if (e instanceof RunEvent.StepChanged c && c.host() == null) {
                                    marks.put(c.step() + " " + c.state(), c.at());
                                } else if (e instanceof RunEvent.Outage o) {
                                    outage[0] = o;
                                } else if (e instanceof RunEvent.Finished f) {
                                    log.add(f.message());
                                }
                            },
                            new CancelToken());
            RunEvent.Outcome outcome = ending instanceof Runs.Ending.Ran ran ? ran.outcome() : RunEvent.Outcome.FAILED;
            if (outcome != RunEvent.Outcome.DONE) {
                throw new IOException("the " + strategy.text() + " " + mode + " run ended " + outcome + ": " + log);
            }
        }
        double window = outage[0] == null ? 0 : outage[0].site().toNanos() / 1e9;
        Map<String, Double> steps = new HashMap<>();
        for (String step : List.of("stop", "apply", "start")) {
            Instant from = marks.get(step + " RUNNING");
            Instant to = marks.get(step + " DONE");
            if (from != null && to != null) {
                steps.put(step, seconds(from, to));
            }
        }
        return new Measured(window, 0, 0, 0, zeoRestart[0], steps, List.copyOf(events));
    }

    /** The guide's order, one step after the other: clients stopped, ZEO stopped, edit, ZEO started, clients started. */
    private double manualOrder(TestCluster cluster) throws Exception {
        Path dir = cluster.dir();
        long start = System.nanoTime();
        for (String c : cluster.clientNames()) {
            sh(dir.resolve("bin/" + c).toString(), "stop");
        }
        sh(dir.resolve("bin/zeoserver").toString(), "stop");
        edit(dir, Mode.FREEZE);
        sh(dir.resolve("bin/zeoserver").toString(), "start");
        waitForZeo();
        for (String c : cluster.clientNames()) {
            sh(dir.resolve("bin/" + c).toString(), "start");
            waitForHttp(cluster.httpAddress(c));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Back to thawed for the next measurement, outside any window. */
    private static void thawByHand(TestCluster cluster) throws Exception {
        cluster.stop();
        edit(cluster.dir(), Mode.THAW);
        cluster.start();
    }

    /** The edit of the manual order, done by ZeoFreeze's own planner and applier (milliseconds). */
    private static void edit(Path dir, Mode mode) throws Exception {
        Discovery discovery =
                new Discoverer().discover(List.of(new Discoverer.Source(new LocalHost(), dir.toString())));
        Plan plan = new Planner().plan(discovery, Selection.parse(mode, List.of()));
        new ConfigApplier(name -> new LocalHost(), Clock.systemUTC())
                .apply(plan, discovery.cluster().buildouts());
    }

    /**
     * The full stop's windows from its run's events: from the first process stopped to the first
     * moment the ZEO server and one client serve again, and to the moment every process serves.
     */
    static double[] fullStopWindows(List<RunEvent> events) {
        Map<String, Boolean> serving = new HashMap<>();
        Map<String, Boolean> server = new HashMap<>();
        Instant down = null;
        Instant first = null;
        Instant every = null;
        for (RunEvent e : events) {
            if (!(e instanceof RunEvent.Serving s) || s.host() == null) {
                continue; // the site's own events (host null) are the ledger's, not a process's
            }
            String key = s.part() + "@" + s.host();
            serving.put(key, s.serving());
            server.put(key, s.server());
            if (!s.serving() && down == null) {
                down = s.at();
            }
            if (down == null || !s.serving()) {
                continue;
            }
            boolean serversUp = serving.entrySet().stream()
                    .filter(x -> server.get(x.getKey()))
                    .allMatch(Map.Entry::getValue);
            boolean aClientUp = serving.entrySet().stream().anyMatch(x -> !server.get(x.getKey()) && x.getValue());
            if (first == null && serversUp && aClientUp) {
                first = s.at();
            }
            if (!serving.containsValue(false)) {
                every = s.at();
            }
        }
        if (down == null || first == null || every == null) {
            throw new IllegalStateException("the full stop's run did not take the site down and back: " + events);
        }
        return new double[] {seconds(down, first), seconds(down, every)};
    }

    /** The floor, from a stopped cluster: ZEO's start, then the clients started together until the slowest answers. */
    private Measured floor(TestCluster cluster) throws Exception {
        cluster.stop();
        double[] started = startAll(cluster);
        return new Measured(
                started[0] + started[1], 0, 0, 0, 0, Map.of("zeo", started[0], "clients", started[1]), List.of());
    }

    /**
     * The floor with the stop's physical cost: from the running cluster, SIGTERM to each process's
     * zdaemon manager and then to the process (what stops a zdaemon program without a Python
     * start-up: zdrun exits on SIGTERM without touching its program), all five at once, until every
     * pid has exited; then {@link #startTogether}, the runner's order. The pids are looked up
     * before the clock starts.
     */
    private Measured floorWithStop(TestCluster cluster) throws Exception {
        Path dir = cluster.dir();
        List<String> parts = new ArrayList<>(cluster.clientNames());
        parts.add("zeoserver");
        List<Long> pids = new ArrayList<>();
        for (String part : parts) {
            String status = Shell.run(
                            PROCESS_LIMIT.toSeconds(),
                            dir.resolve("bin/" + part).toString(),
                            "status")
                    .orFail(part + " status")
                    .output();
            Matcher m = PID.matcher(status);
            if (!m.find()) {
                throw new IOException(part + " status names no pid: " + status);
            }
            long child = Long.parseLong(m.group(1));
            long manager = parentOf(child);
            if (manager > 1) {
                pids.add(manager); // the manager first: a program that exits under a live zdrun is restarted
            }
            pids.add(child);
        }
        long start = System.nanoTime();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        Instant deadline = Instant.now().plus(PROCESS_LIMIT);
        while (pids.stream().anyMatch(DowntimeBenchmark::running)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("not all of " + pids + " exited after SIGTERM within " + PROCESS_LIMIT);
            }
            Thread.sleep(POLL_MS);
        }
        double stop = (System.nanoTime() - start) / 1e9;
        double[] started = startTogether(cluster);
        return new Measured(
                stop + started[1],
                0,
                0,
                0,
                0,
                Map.of("stop", stop, "zeo", started[0], "clients", started[1]),
                List.of());
    }

    /** The parent in /proc/PID/stat (the fields after the command's closing parenthesis), 0 if unknown. */
    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 1).strip().split("\\s+");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Running, not merely unreaped: a program whose manager exited waits as a zombie where init does not reap. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 1).strip().charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * ZEO and every client started at once, as the runner's start step does (a client's own start-up
     * overlaps the server's; it connects once ZEO accepts): seconds until ZEO accepts and until the
     * last client answers HTTP, both from the common start.
     */
    private double[] startTogether(TestCluster cluster) throws Exception {
        Path dir = cluster.dir();
        ExecutorService pool = Executors.newFixedThreadPool(cluster.clients() + 1);
        try {
            long start = System.nanoTime();
            Future<Double> zeo = pool.submit(() -> {
                sh(dir.resolve("bin/zeoserver").toString(), "start");
                waitForZeo();
                return (System.nanoTime() - start) / 1e9;
            });
            List<Future<Double>> each = new ArrayList<>();
            for (String c : cluster.clientNames()) {
                each.add(pool.submit(() -> {
                    sh(dir.resolve("bin/" + c).toString(), "start");
                    waitForHttp(cluster.httpAddress(c));
                    return (System.nanoTime() - start) / 1e9;
                }));
            }
            double slowest = 0;
            for (Future<Double> f : each) {
                slowest = Math.max(slowest, f.get());
            }
            return new double[] {zeo.get(), slowest};
        } finally {
            pool.shutdownNow();
        }
    }

    /** Seconds for ZEO to accept connections, and for the slowest of the clients started all at once to answer HTTP. */
    private double[] startAll(TestCluster cluster) throws Exception {
        Path dir = cluster.dir();
        long start = System.nanoTime();
        sh(dir.resolve("bin/zeoserver").toString(), "start");
        waitForZeo();
        double zeo = (System.nanoTime() - start) / 1e9;
        ExecutorService pool = Executors.newFixedThreadPool(cluster.clients());
        try {
            long clientsStart = System.nanoTime();
            List<Future<Double>> each = new ArrayList<>();
            for (String c : cluster.clientNames()) {
                each.add(pool.submit(() -> {
                    sh(dir.resolve("bin/" + c).toString(), "start");
                    waitForHttp(cluster.httpAddress(c));
                    return (System.nanoTime() - clientsStart) / 1e9;
                }));
            }
            double slowest = 0;
            for (Future<Double> f : each) {
                slowest = Math.max(slowest, f.get());
            }
            return new double[] {zeo, slowest};
        } finally {
            pool.shutdownNow();
        }
    }

    private static void waitForZeo() throws Exception {
        Instant deadline = Instant.now().plus(PROCESS_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", BASE_PORT), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(POLL_MS);
            }
        }
        throw new IOException("ZEO does not accept connections after " + PROCESS_LIMIT);
    }

    private void waitForHttp(String hostPort) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostPort + "/"))
                .timeout(Duration.ofSeconds(10))
                .build();
        Instant deadline = Instant.now().plus(PROCESS_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(POLL_MS);
            }
        }
        throw new IOException(hostPort + " does not answer HTTP after " + PROCESS_LIMIT);
    }

    private static void sh(String... argv) throws Exception {
        Shell.run(PROCESS_LIMIT.toSeconds(), argv).orFail(String.join(" ", argv));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
