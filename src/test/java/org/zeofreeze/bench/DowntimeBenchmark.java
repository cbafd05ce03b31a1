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
 * failed and the longest time the site answered nothing; for the full stop and the manual order
 * also the window (first stop → every client answers), against the floor: ZEO's start plus the
 * slowest of the four clients started together. The manual order and the floor poll every 100 ms,
 * faster than a person would. The rolling and the full-stop run each leave their timeline, with the
 * moments requests failed, in target/bench/timeline-rolling.svg and timeline-full-stop.svg.
 */
final class DowntimeBenchmark {
    private static final int ROUNDS = 3;
    private static final int BASE_PORT = 19100;
    private static final int PROXY_PORT = 19190;
    private static final long POLL_MS = 100;
    private static final Duration PROCESS_LIMIT = Duration.ofMinutes(5);

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

    /** What one freeze under load measured; {@code events}: the run's, for its timeline (none for the manual order). */
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
                fullWindow.add(full.window());
                fullFailed.add(full.failed());
                fullGap.add(full.longestGap());
                fullStop.add(full.steps().getOrDefault("stop", 0.0));
                fullApply.add(full.steps().getOrDefault("apply", 0.0));
                fullStart.add(full.steps().getOrDefault("start", 0.0));
                Measured byHand = underLoad(() -> new Measured(manualOrder(cluster), 0, 0, 0, 0), null);
                thawByHand(cluster);
                manual.add(byHand.window());
                manualFailed.add(byHand.failed());
                manualGap.add(byHand.longestGap());
                double[] f = floor(cluster);
                zeoStart.add(f[0]);
                slowestClient.add(f[1]);
                floor.add(f[0] + f[1]);
                requests += rolling.requests() + full.requests() + byHand.requests();
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
            double ratio = fullWindow.median() / floor.median();
            table.add(
                    group,
                    "full stop: window, runner's account (first stop → every client serves)",
                    ResultTable.seconds(fullWindow.median()),
                    fullWindow.count(),
                    ResultTable.verdict(ratio <= 1.2, String.format(Locale.ROOT, "%.2f × floor (≤ 1.2)", ratio)));
            table.add(
                    group,
                    "full stop: of which the stop / apply / start steps",
                    ResultTable.seconds(fullStop.median()) + " / " + ResultTable.seconds(fullApply.median()) + " / "
                            + ResultTable.seconds(fullStart.median()),
                    fullStop.count(),
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
                    String.format(Locale.ROOT, "%.2f × floor", manual.median() / floor.median()));
            table.add(
                    group,
                    "floor: ZEO start + slowest of 4 clients started together",
                    ResultTable.seconds(floor.median()) + " (" + ResultTable.seconds(zeoStart.median()) + " + "
                            + ResultTable.seconds(slowestClient.median()) + ")",
                    floor.count(),
                    "");
            table.add(
                    group,
                    "requests made in all / load average while measuring (2 cores)",
                    requests + String.format(Locale.ROOT, " / %.1f → %.1f", load, CpuTime.loadAverage()),
                    0,
                    "");
            System.err.println("bench: downtime rolling gap " + rollingGap + " failed " + rollingFailed + " zeo "
                    + rollingZeo + "; full window " + fullWindow + " failed " + fullFailed + "; manual " + manual
                    + "; floor " + floor);
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

    /** Seconds for ZEO to accept connections, and for the slowest of the clients started all at once to answer HTTP. */
    private double[] floor(TestCluster cluster) throws Exception {
        cluster.stop();
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
