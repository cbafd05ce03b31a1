package org.zeofreeze.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * Discovery over SSH: 1, 10 and 50 hosts, each a real sshd on its own loopback address
 * (127.0.0.2 ... 127.0.0.51, never anything else) with a buildout of config files. Each run
 * opens fresh connections (handshake, key check, authentication included) and reads every host
 * through {@link ClusterReader}, as the wizard and the command line do.
 */
final class DiscoveryBenchmark {
    private static final int[] SIZES = {1, 10, 50};
    private static final int RUNS = 5;

    private final Path work;
    private final ResultTable table;

    DiscoveryBenchmark(Path work, ResultTable table) {
        this.work = work;
        this.table = table;
    }

    void run() throws Exception {
        int most = SIZES[SIZES.length - 1];
        List<TestSshd> servers = new ArrayList<>();
        try {
            for (int i = 0; i < most; i++) {
                servers.add(TestSshd.startOn("127.0.0." + (i + 2)));
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

            Map<Integer, Samples> seconds = new LinkedHashMap<>();
            Map<Integer, Samples> cpu = new LinkedHashMap<>();
            Map<Integer, Samples> jvmCpu = new LinkedHashMap<>();
            for (int n : SIZES) {
                seconds.put(n, new Samples());
                cpu.put(n, new Samples());
                jvmCpu.put(n, new Samples());
                discover(settings, entries.subList(0, n)); // warm-up: class loading, JIT, sshd's first fork
            }
            double load = CpuTime.loadAverage();
            for (int round = 0; round < RUNS; round++) {
                for (int n : SIZES) {
                    double cpuBefore = cpuSeconds(servers);
                    double jvmBefore = CpuTime.thisJvmSeconds();
                    seconds.get(n).add(discover(settings, entries.subList(0, n)));
                    cpu.get(n).add((cpuSeconds(servers) - cpuBefore) / n);
                    jvmCpu.get(n).add((CpuTime.thisJvmSeconds() - jvmBefore) / n);
                }
            }
            int cores = Runtime.getRuntime().availableProcessors();
            for (int n : SIZES) {
                double m = seconds.get(n).median();
                String target = "";
                if (n == most) {
                    // The floor: every host's CPU (ours and sshd's) spread over all cores, nothing waiting.
                    double floor = n * cpu.get(n).median() / cores;
                    double ratio = m / floor;
                    target = ResultTable.verdict(
                            ratio <= 1.5,
                            String.format(Locale.ROOT, "%.2f × CPU floor of %.0f ms (≤ 1.5)", ratio, floor * 1000));
                }
                table.add(
                        "Discovery over SSH",
                        n + (n == 1 ? " host" : " hosts") + " → cluster model",
                        ResultTable.millis(m * 1000),
                        seconds.get(n).count(),
                        target);
            }
            for (int n : SIZES) {
                table.add(
                        "Discovery over SSH",
                        "CPU per host, " + n + (n == 1 ? " host" : " hosts") + ": all (of it in ZeoFreeze's JVM)",
                        ResultTable.millis(cpu.get(n).median() * 1000) + " ("
                                + ResultTable.millis(jvmCpu.get(n).median() * 1000) + ")",
                        cpu.get(n).count(),
                        "");
            }
            table.add(
                    "Discovery over SSH",
                    "load average while measuring (2 cores)",
                    String.format(Locale.ROOT, "%.1f → %.1f", load, CpuTime.loadAverage()),
                    0,
                    "");
            System.err.println("bench: discovery samples " + seconds + " cpu/host " + cpu);
        } finally {
            servers.forEach(TestSshd::close);
            Benchmarks.deleteTree(TestKeys.clientKey().getParent()); // the test key made for these servers
        }
    }

    /** CPU used so far by this JVM and by every sshd (with its ended per-connection children). */
    private static double cpuSeconds(List<TestSshd> servers) throws IOException {
        double sum = CpuTime.thisJvmSeconds();
        for (TestSshd s : servers) {
            sum += CpuTime.processWithChildrenSeconds(Long.parseLong(
                    Files.readString(s.directory().resolve("sshd.pid")).trim()));
        }
        return sum;
    }

    /** Seconds from nothing open to the merged cluster model of the given hosts. */
    private static double discover(SshSettings settings, List<HostEntry> hosts) throws Exception {
        ClusterProfile profile = new ClusterProfile("bench-discovery", hosts, null, null, null, false);
        long start = System.nanoTime();
        Discovery discovery;
        try (ProfileHosts open = new ProfileHosts(profile, new SshHosts(new SshConnector(settings)))) {
            discovery = ClusterReader.of(profile, open).read(profile);
            double s = (System.nanoTime() - start) / 1e9;
            if (discovery.cluster().clients().size() != 2 * hosts.size()) {
                throw new IOException(
                        "discovery found " + discovery.cluster().clients().size() + " clients on " + hosts.size()
                                + " hosts, expected " + 2 * hosts.size());
            }
            return s;
        }
    }
}
