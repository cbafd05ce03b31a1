package org.zeofreeze.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.NegotiatedAlgorithms;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.host.ssh.SshConnector;
import org.zeofreeze.host.ssh.SshHosts;
import org.zeofreeze.host.ssh.SshSettings;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.testbed.TestKeys;
import org.zeofreeze.testbed.TestSshd;

/**
 * Discovery over SSH against OpenSSH itself: 1, 10 and 50 hosts, each a real sshd on its own
 * loopback address (127.0.0.2 ... 127.0.0.51, never anything else) with a buildout of config
 * files. ZeoFreeze opens fresh connections (handshake, key check, authentication included) and
 * reads every host through {@link ClusterReader}, as the wizard and the command line do; the
 * reference is one {@code ssh HOST cat FILES} per host, all at once, catting the very files
 * discovery read there ({@link OpenSshReference}). Both run in the same rounds, which one goes
 * first alternating, and both sides' CPU is counted with the sshds'.
 */
final class DiscoveryBenchmark {
    private static final String NAME = "Discovery over SSH";
    private static final int[] SIZES = {1, 10, 50};
    private static final int RUNS = 5;
    private static final double TARGET = 1.3;

    private final Path work;
    private final ResultTable table;

    DiscoveryBenchmark(Path work, ResultTable table) {
        this.work = work;
        this.table = table;
    }

    /**
     * One side of a round: wall time (ZeoFreeze: to the model; ssh: to its exit), ZeoFreeze's time on
     * to its connections closed (ssh's time includes that), and CPU (the client's, and the sshds' with
     * their sessions).
     */
    private record Side(double seconds, double closed, double clientCpu, double sshdCpu) {}

    /** The figures of one size. */
    private static final class Series {
        final Samples zeoFreeze = new Samples();
        final Samples openSsh = new Samples();
        final Samples ratio = new Samples();
        final Samples closed = new Samples();
        final Samples closedRatio = new Samples();
        final Samples zfCpu = new Samples();
        final Samples zfJvm = new Samples();
        final Samples sshCpu = new Samples();
        final Samples sshClient = new Samples();
        int cpuUnmeasured;
    }

    void run() throws Exception {
        int most = SIZES[SIZES.length - 1];
        List<TestSshd> servers = new ArrayList<>();
        try {
            for (int i = 0; i < most; i++) {
                TestSshd s = TestSshd.startOn("127.0.0." + (i + 2));
                servers.add(s);
                // A command's shell is bash, which Debian's build makes read ~/.bashrc when sshd starts
                // it (and SHLVL < 2): on the test machine that runs pyenv's init, 0.4 s and 0.1 s CPU
                // per ssh, a cost of that account's setup and not of OpenSSH. SFTP starts no shell.
                s.restartWith("SetEnv SHLVL=1");
            }
            StringBuilder known = new StringBuilder();
            for (TestSshd s : servers) {
                known.append(s.knownHostsLine()).append('\n');
            }
            Path knownHosts = Files.writeString(work.resolve("known_hosts"), known.toString());
            SshSettings settings = servers.get(0).settings().withKnownHosts(knownHosts);
            List<HostEntry> entries = new ArrayList<>();
            for (int i = 0; i < most; i++) {
                TestSshd s = servers.get(i);
                Path dir = FixtureBuildout.create(work.resolve("host" + (i + 1) + "/zeocluster"), 2);
                entries.add(new HostEntry("host" + (i + 1), s.address(), s.user(), s.port(), dir.toString(), null));
            }
            double loadAtStart = CpuTime.loadAverage();

            // Once, untimed: what discovery asks of each host, so ssh cats exactly the files it read.
            TracedHosts traced = new TracedHosts(new SshHosts(new SshConnector(settings)));
            discover(entries, traced);
            OpenSshReference defaults = new OpenSshReference(
                    Files.createDirectories(work.resolve("ssh")), TestKeys.clientKey(), knownHosts);
            List<OpenSshReference.Host> reference = new ArrayList<>();
            for (int i = 0; i < most; i++) {
                List<String> files = traced.trace(entries.get(i).name()).reads();
                long bytes = 0;
                for (String f : files) {
                    bytes += Files.size(Path.of(f)); // the hosts are this machine: the same files
                }
                reference.add(new OpenSshReference.Host(
                        servers.get(i).user(),
                        servers.get(i).address(),
                        servers.get(i).port(),
                        files,
                        bytes));
            }
            describeWork(traced.trace(entries.get(0).name()), reference.get(0));
            OpenSshReference ssh = sameAlgorithms(servers.get(0), defaults, reference.get(0));

            Map<Integer, Series> series = new LinkedHashMap<>();
            for (int n : SIZES) {
                series.put(n, new Series());
                // warm-up: class loading, JIT, sshd's first fork, the page cache
                discover(entries.subList(0, n), settings);
                ssh.run(reference.subList(0, n));
            }
            for (int round = 0; round < RUNS; round++) {
                for (int n : SIZES) {
                    List<TestSshd> used = servers.subList(0, n);
                    Side zf;
                    Side os;
                    if (round % 2 == 0) {
                        zf = zeoFreeze(used, entries.subList(0, n), settings);
                        os = openSsh(used, ssh, reference.subList(0, n));
                    } else {
                        os = openSsh(used, ssh, reference.subList(0, n));
                        zf = zeoFreeze(used, entries.subList(0, n), settings);
                    }
                    Series s = series.get(n);
                    s.zeoFreeze.add(zf.seconds() * 1000);
                    s.openSsh.add(os.seconds() * 1000);
                    s.ratio.add(zf.seconds() / os.seconds());
                    s.closed.add(zf.closed() * 1000);
                    s.closedRatio.add(zf.closed() / os.seconds());
                    if (Double.isNaN(zf.sshdCpu()) || Double.isNaN(os.sshdCpu())) {
                        s.cpuUnmeasured++;
                    } else {
                        s.zfCpu.add((zf.clientCpu() + zf.sshdCpu()) * 1000 / n);
                        s.zfJvm.add(zf.clientCpu() * 1000 / n);
                        s.sshCpu.add((os.clientCpu() + os.sshdCpu()) * 1000 / n);
                        s.sshClient.add(os.clientCpu() * 1000 / n);
                    }
                }
            }
            double loadAtEnd = CpuTime.loadAverage();

            DoubleFunction<String> times = r -> String.format(Locale.ROOT, "%.2f ×", r);
            for (int n : SIZES) {
                Series s = series.get(n);
                String hosts = n + (n == 1 ? " host" : " hosts");
                table.add(NAME, hosts + ": ZeoFreeze → cluster model", s.zeoFreeze, ResultTable::millis, "");
                table.add(
                        NAME,
                        hosts + ": OpenSSH, `ssh HOST cat` the same files, all at once",
                        s.openSsh,
                        ResultTable::millis,
                        "");
                double ratio = s.ratio.median();
                table.add(
                        NAME,
                        hosts + ": ZeoFreeze / OpenSSH (median of the rounds' ratios)",
                        s.ratio,
                        times,
                        n == most
                                ? ResultTable.verdict(
                                        ratio <= TARGET,
                                        String.format(Locale.ROOT, "%.2f × OpenSSH (≤ %.1f)", ratio, TARGET))
                                : "");
                table.add(
                        NAME,
                        hosts + ": … ZeoFreeze on to every connection closed (ssh's time includes that) / its ratio",
                        ResultTable.millis(s.closed.median()) + " / " + times.apply(s.closedRatio.median()),
                        ResultTable.millis(s.closed.min()) + " – " + ResultTable.millis(s.closed.max()) + " / "
                                + times.apply(s.closedRatio.min()) + " – " + times.apply(s.closedRatio.max()),
                        s.closed.count(),
                        "");
            }
            for (int n : SIZES) {
                Series s = series.get(n);
                String hosts = n + (n == 1 ? " host" : " hosts");
                if (s.zfCpu.count() == 0) {
                    table.add(NAME, "CPU per host, " + hosts, "not measured (sshd sessions outlived the round)", 0, "");
                    continue;
                }
                table.add(
                        NAME,
                        "CPU per host, " + hosts + " (client + sshd): ZeoFreeze (of it its JVM) / OpenSSH (of it ssh)",
                        String.format(
                                Locale.ROOT,
                                "%.0f ms (%.0f ms) / %.0f ms (%.0f ms)",
                                s.zfCpu.median(),
                                s.zfJvm.median(),
                                s.sshCpu.median(),
                                s.sshClient.median()),
                        String.format(
                                Locale.ROOT,
                                "%.0f – %.0f / %.0f – %.0f ms",
                                s.zfCpu.min(),
                                s.zfCpu.max(),
                                s.sshCpu.min(),
                                s.sshCpu.max()),
                        s.zfCpu.count(),
                        s.cpuUnmeasured == 0 ? "" : s.cpuUnmeasured + " rounds left out: sessions still running");
            }
            profile(entries, settings);
            table.add(
                    NAME,
                    "load average at start → end (2 cores)",
                    String.format(Locale.ROOT, "%.1f → %.1f", loadAtStart, loadAtEnd),
                    0,
                    "");
            series.forEach((n, s) -> System.err.println("bench: discovery " + n + " hosts: ZeoFreeze ms "
                    + s.zeoFreeze + ", OpenSSH ms " + s.openSsh + ", ratios " + s.ratio + ", CPU/host ms "
                    + s.zfCpu + " vs " + s.sshCpu + ", closed ms " + s.closed));
        } finally {
            servers.forEach(TestSshd::close);
            Benchmarks.deleteTree(TestKeys.clientKey().getParent()); // the test key made for these servers
        }
    }

    private Side zeoFreeze(List<TestSshd> used, List<HostEntry> hosts, SshSettings settings) throws Exception {
        double sshd = sshdSeconds(used);
        double jvm = CpuTime.thisJvmSeconds();
        Timed t = discover(hosts, settings);
        boolean reaped = awaitSessionsEnded(used);
        return new Side(
                t.model(), t.closed(), CpuTime.thisJvmSeconds() - jvm, reaped ? sshdSeconds(used) - sshd : Double.NaN);
    }

    private Side openSsh(List<TestSshd> used, OpenSshReference ssh, List<OpenSshReference.Host> hosts)
            throws Exception {
        double sshd = sshdSeconds(used);
        OpenSshReference.Run run = ssh.run(hosts);
        boolean reaped = awaitSessionsEnded(used);
        return new Side(
                run.seconds(), run.seconds(), run.clientCpuSeconds(), reaped ? sshdSeconds(used) - sshd : Double.NaN);
    }

    /** What one host was asked by ZeoFreeze, against the one command ssh runs there. */
    private void describeWork(TracedHosts.Trace trace, OpenSshReference.Host reference) {
        String ops = trace.operations().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        table.add(
                NAME,
                "per host: ZeoFreeze's file operations (each ≥ 1 SFTP round trip, in sequence) / OpenSSH",
                trace.total() + " (" + ops + "; " + trace.reads().size() + " files read) / 1 command (cat "
                        + reference.files().size() + " files, " + reference.bytes() + " bytes)",
                1,
                "");
        System.err.println("bench: discovery reads on one host: " + trace.reads());
    }

    /**
     * The reference offering only what SSHJ (with ZeoFreeze's config) negotiates: the key exchange
     * in particular costs very different CPU (OpenSSH 9's default sntrup761x25519 against SSHJ's
     * curve25519), which would measure the algorithm, not the implementation. Rows: both sides'
     * choice, and the ssh client's CPU per connection with each.
     */
    private OpenSshReference sameAlgorithms(TestSshd server, OpenSshReference defaults, OpenSshReference.Host host)
            throws Exception {
        NegotiatedAlgorithms[] got = new NegotiatedAlgorithms[1];
        // SshConnector's client config is SSHJ's DefaultConfig with a keepalive: the same proposal.
        try (SSHClient client = new SSHClient(new DefaultConfig())) {
            client.addHostKeyVerifier(new PromiscuousVerifier());
            client.addAlgorithmsVerifier(a -> {
                got[0] = a;
                return true;
            });
            client.connect(server.address(), server.port());
        }
        NegotiatedAlgorithms a = got[0];
        OpenSshReference pinned = defaults.withAlgorithms(
                a.getKeyExchangeAlgorithm(), a.getSignatureAlgorithm(), a.getClient2ServerCipherAlgorithm());
        table.add(
                NAME,
                "negotiated: ZeoFreeze (SSHJ) / OpenSSH's defaults / the reference below",
                "kex " + a.getKeyExchangeAlgorithm() + ", host key " + a.getSignatureAlgorithm() + ", cipher "
                        + a.getClient2ServerCipherAlgorithm() + " / " + defaults.negotiated(host) + " / "
                        + pinned.negotiated(host),
                1,
                "");
        Samples defaultCpu = new Samples();
        Samples pinnedCpu = new Samples();
        for (int i = 0; i < RUNS; i++) {
            defaultCpu.add(defaults.run(List.of(host)).clientCpuSeconds() * 1000);
            pinnedCpu.add(pinned.run(List.of(host)).clientCpuSeconds() * 1000);
        }
        table.add(
                NAME,
                "ssh client CPU, 1 connection: OpenSSH's default kex / with SSHJ's",
                ResultTable.millis(defaultCpu.median()) + " / " + ResultTable.millis(pinnedCpu.median()),
                ResultTable.millis(defaultCpu.min()) + " – " + ResultTable.millis(defaultCpu.max()) + " / "
                        + ResultTable.millis(pinnedCpu.min()) + " – " + ResultTable.millis(pinnedCpu.max()),
                RUNS,
                "");
        return pinned;
    }

    /**
     * One more 50-host discovery, untimed, with this JVM's threads sampled every 10 ms: where the
     * reading threads spend the round, and how busy SSHJ's reader threads (decryption) are.
     */
    private void profile(List<HostEntry> entries, SshSettings settings) throws Exception {
        Map<String, Integer> phases = new TreeMap<>();
        int[] samples = new int[1];
        AtomicBoolean stop = new AtomicBoolean();
        Thread sampler = new Thread(
                () -> {
                    while (!stop.get()) {
                        samples[0]++;
                        for (var e : Thread.getAllStackTraces().entrySet()) {
                            Optional<String> phase = phase(e.getKey(), e.getValue());
                            phase.ifPresent(p -> {
                                synchronized (phases) {
                                    phases.merge(p, 1, Integer::sum);
                                }
                            });
                        }
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException ex) {
                            return;
                        }
                    }
                },
                "bench-sampler");
        sampler.start();
        discover(entries, settings);
        stop.set(true);
        sampler.join();
        String where;
        synchronized (phases) {
            where = phases.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / (double) samples[0]))
                    .collect(Collectors.joining(", "));
        }
        table.add(
                NAME,
                "50 hosts, threads sampled every 10 ms: average number of pool threads in each step (of 16)",
                where,
                1,
                "");
    }

    /** The step a discovery pool thread is in, from its stack; SSHJ's reader threads as "decrypting". */
    private static Optional<String> phase(Thread t, StackTraceElement[] stack) {
        if (t.getName().startsWith("sshj-Reader")) {
            // blocked on the socket shows as RUNNABLE too, in sun.nio.ch / java.net
            return t.getState() == Thread.State.RUNNABLE
                            && stack.length > 0
                            && !stack[0].getClassName().startsWith("sun.nio.ch.")
                            && !stack[0].getClassName().startsWith("java.net.")
                    ? Optional.of("SSHJ reader busy")
                    : Optional.empty();
        }
        if (!t.getName().startsWith("pool-")) {
            return Optional.empty();
        }
        String step = null;
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            String m = f.getMethodName();
            if (c.endsWith("ThreadPoolExecutor") && m.equals("getTask")) {
                return Optional.of("idle");
            }
            if (step == null) {
                if (c.endsWith("SshConnector") && m.equals("authenticate")) {
                    step = "authentication";
                } else if (c.endsWith("SshConnector") && m.equals("connectWithin")) {
                    step = "connect + key exchange";
                } else if (c.endsWith("SftpFiles") && m.equals("sftp")) {
                    step = "SFTP start";
                } else if (c.endsWith("SftpFiles")) {
                    step = "SFTP requests";
                } else if (c.startsWith("org.zeofreeze.zconfig") || c.startsWith("org.zeofreeze.cluster")) {
                    step = "parsing";
                }
            }
        }
        return Optional.of(step == null ? "other" : step);
    }

    /**
     * CPU used so far by these sshds and their ended per-connection processes; counted only once every
     * session has ended and been reaped ({@link #awaitSessionsEnded}), so nothing is left out.
     */
    private static double sshdSeconds(List<TestSshd> servers) throws IOException {
        double sum = 0;
        for (TestSshd s : servers) {
            sum += CpuTime.processWithChildrenSeconds(listener(s));
        }
        return sum;
    }

    /** Waits (up to 5 s) until no sshd has a session process left; false if one outlived that. */
    private static boolean awaitSessionsEnded(List<TestSshd> servers) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (TestSshd s : servers) {
            Optional<ProcessHandle> p = ProcessHandle.of(listener(s));
            while (p.isPresent() && p.get().children().findAny().isPresent()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(5);
            }
        }
        return true;
    }

    private static long listener(TestSshd s) throws IOException {
        return Long.parseLong(
                Files.readString(s.directory().resolve("sshd.pid")).trim());
    }

    /** Seconds to the cluster model, and to every connection closed after it. */
    private record Timed(double model, double closed) {}

    private static Timed discover(List<HostEntry> hosts, SshSettings settings) throws Exception {
        return discover(hosts, new SshHosts(new SshConnector(settings)));
    }

    /** From nothing open to the merged cluster model of the given hosts, and on to their connections closed. */
    private static Timed discover(List<HostEntry> hosts, ProfileHosts.Connector connector) throws Exception {
        ClusterProfile profile = new ClusterProfile("bench-discovery", hosts, null, null, null, false);
        long start = System.nanoTime();
        double model;
        try (ProfileHosts open = new ProfileHosts(profile, connector)) {
            Discovery discovery = ClusterReader.of(profile, open).read(profile);
            model = (System.nanoTime() - start) / 1e9;
            if (discovery.cluster().clients().size() != 2 * hosts.size()) {
                throw new IOException(
                        "discovery found " + discovery.cluster().clients().size() + " clients on " + hosts.size()
                                + " hosts, expected " + 2 * hosts.size());
            }
        }
        return new Timed(model, (System.nanoTime() - start) / 1e9);
    }
}
