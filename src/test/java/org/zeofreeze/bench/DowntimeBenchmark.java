package org.zeofreeze.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.zeofreeze.apply.ConfigApplier;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.runbook.Journal;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.RunSetup;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.Strategy;
import org.zeofreeze.runbook.RunbookRunner;
import org.zeofreeze.runbook.CancelToken;
import org.zeofreeze.testbed.TestCluster;

/**
 * The downtime window with four Zope clients, from the first stop to every client answering HTTP:
 * ZeoFreeze's runbook (everything stopped at once, apply, ZEO, then the clients in parallel)
 * against the guide's order done by hand, one command after the other, each waiting for the one
 * before; and the floor, ZEO's start plus the slowest of the four clients started together. Each
 * round measures all three. The manual order and the floor poll every 100 ms, faster than a
 * person would.
 */
final class DowntimeBenchmark {
    private static final int ROUNDS = 3;
    private static final int BASE_PORT = 19100;
    private static final long POLL_MS = 100;
    private static final Duration PROCESS_LIMIT = Duration.ofMinutes(5);

    private final Path work;
    private final ResultTable table;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DowntimeBenchmark(Path work, ResultTable table) {
        this.work = work;
        this.table = table;
    }

    void run() throws Exception {
        TestCluster cluster = TestCluster.build(work.resolve("zeocluster"), BASE_PORT, 4);
        try {
            cluster.start();
            Samples zeofreeze = new Samples();
            Samples zfStop = new Samples();
            Samples zfStart = new Samples();
            Samples manual = new Samples();
            Samples floor = new Samples();
            Samples zeoStart = new Samples();
            Samples slowestClient = new Samples();
            double load = CpuTime.loadAverage();
            for (int round = 0; round < ROUNDS; round++) {
                Map<String, Double> phases = runbook(cluster);
                zeofreeze.add(phases.get("window"));
                zfStop.add(phases.get("stop"));
                zfStart.add(phases.get("start"));
                manual.add(manualOrder(cluster));
                double[] f = floor(cluster);
                zeoStart.add(f[0]);
                slowestClient.add(f[1]);
                floor.add(f[0] + f[1]);
            }
            double ratio = zeofreeze.median() / floor.median();
            String target = ResultTable.verdict(ratio <= 1.2, String.format(Locale.ROOT, "%.2f × floor (≤ 1.2)", ratio));
            table.add("Downtime, 4 clients", "ZeoFreeze runbook: first stop → every client answers HTTP",
                    ResultTable.seconds(zeofreeze.median()), zeofreeze.count(), target);
            table.add("Downtime, 4 clients", "… of which the stop step / the start step",
                    ResultTable.seconds(zfStop.median()) + " / " + ResultTable.seconds(zfStart.median()), zfStop.count(), "");
            table.add("Downtime, 4 clients", "guide's order by hand, sequential", ResultTable.seconds(manual.median()),
                    manual.count(), String.format(Locale.ROOT, "%.2f × floor", manual.median() / floor.median()));
            table.add("Downtime, 4 clients", "floor: ZEO start + slowest of 4 clients started together",
                    ResultTable.seconds(floor.median()) + " (" + ResultTable.seconds(zeoStart.median()) + " + "
                            + ResultTable.seconds(slowestClient.median()) + ")", floor.count(), "");
            table.add("Downtime, 4 clients", "load average while measuring (2 cores)",
                    String.format(Locale.ROOT, "%.1f → %.1f", load, CpuTime.loadAverage()), 0, "");
            System.err.println("bench: downtime samples zeofreeze " + zeofreeze + " manual " + manual + " floor " + floor);
        } finally {
            cluster.close();
        }
    }

    /** A freeze run of the runbook on this computer (no copy), then a thaw run to put it back; the freeze's window. */
    private Map<String, Double> runbook(TestCluster cluster) throws Exception {
        Map<String, Instant> marks = new HashMap<>();
        runOnce(cluster, Mode.FREEZE, marks);
        Map<String, Double> out = new HashMap<>();
        out.put("window", seconds(marks.get("stop RUNNING"), marks.get("start DONE")));
        out.put("stop", seconds(marks.get("stop RUNNING"), marks.get("stop DONE")));
        out.put("start", seconds(marks.get("start RUNNING"), marks.get("start DONE")));
        runOnce(cluster, Mode.THAW, new HashMap<>());
        return out;
    }

    private void runOnce(TestCluster cluster, Mode mode, Map<String, Instant> marks) throws Exception {
        ClusterProfile profile = new ClusterProfile("bench-downtime", List.of(HostEntry.local(cluster.dir().toString())),
                null, null, null, false);
        List<String> log = new ArrayList<>();
        try (ProfileHosts hosts = new ProfileHosts(profile, e -> {
            throw new IOException("no SSH in the downtime benchmark");
        })) {
            RunSetup setup = RunPreparation.prepare(profile, new Choice(mode, List.of()), hosts);
            Runbook runbook = Runbook.of(setup, Strategy.FULL_STOP);
            Journal journal = RunPreparation.journal(setup, runbook, work.resolve("journals"), Clock.systemUTC());
            RunEvent.Outcome outcome = new RunbookRunner(runbook, setup, journal, e -> {
                if (e instanceof RunEvent.StepChanged) {
                    RunEvent.StepChanged c = (RunEvent.StepChanged) e;
                    if (c.host() == null) {
                        marks.put(c.step() + " " + c.state(), c.at());
                    }
                } else if (e instanceof RunEvent.Finished) {
                    log.add(((RunEvent.Finished) e).message());
                }
            }, new CancelToken(), Clock.systemUTC()).run();
            if (outcome != RunEvent.Outcome.DONE) {
                throw new IOException("the " + mode + " run ended " + outcome + ": " + log);
            }
        }
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
        double window = (System.nanoTime() - start) / 1e9;
        // Back to thawed for the next measurement, outside the window.
        cluster.stop();
        edit(dir, Mode.THAW);
        cluster.start();
        return window;
    }

    /** The edit of the manual order, done by ZeoFreeze's own planner and applier (milliseconds). */
    private static void edit(Path dir, Mode mode) throws Exception {
        Discovery discovery = new Discoverer().discover(List.of(new Discoverer.Source(new LocalHost(), dir.toString())));
        Plan plan = new Planner().plan(discovery, new Choice(mode, List.of()));
        new ConfigApplier(name -> new LocalHost(), Clock.systemUTC()).apply(plan, discovery.cluster().buildouts());
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
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostPort + "/")).timeout(Duration.ofSeconds(10))
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
