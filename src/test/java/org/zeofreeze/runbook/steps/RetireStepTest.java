package org.zeofreeze.runbook.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.host.OutputListener;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.process.TcpConnection;
import org.zeofreeze.runbook.process.ZeoClients;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.ForwardingHost;

/**
 * The retire's check of the old server's connections, before anything is written: each client may
 * hold one connection per database still served there, and nothing else may be connected. The
 * guide's cluster after an earlier move of its site (read-only at the old server, read by both
 * clients at 10.0.0.2:8100); its processes' pids and {@code ss} are faked.
 */
class RetireStepTest {
    static final String SITE = "deepereconomics.org";
    static final long ZEO = 4000;
    static final long CLIENT1 = 4242;
    static final long CLIENT2 = 4243;

    @TempDir
    Path dir;

    Path buildout;
    Path zeoConf;
    RunSetup setup;
    final List<List<String>> commands = new CopyOnWriteArrayList<>();
    final List<RunEvent> events = new CopyOnWriteArrayList<>();
    volatile String listing = "";

    /** This computer, but the cluster's processes are the pids below and {@code ss} lists {@link #listing}. */
    final class FakeProcesses extends ForwardingHost {
        FakeProcesses(String name) {
            super(new LocalHost(name));
        }

        @Override
        public CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
                throws IOException, InterruptedException {
            commands.add(List.copyOf(argv));
            if (isAliveCheck(argv)) { // kill -0, then /proc, in one script; this host has no /proc
                boolean alive = Set.of(ZEO, CLIENT1, CLIENT2).contains(Long.parseLong(argv.get(4)));
                return new CommandResult(alive ? 0 : 1, "", "");
            }
            if (argv.equals(TcpConnection.listCommand())) {
                return new CommandResult(0, listing, "");
            }
            return new CommandResult(1, "", "not run in this test: " + argv);
        }
    }

    @BeforeEach
    void movedEarlier() throws Exception {
        buildout = Fixtures.copyTree("guide", dir.resolve("zeocluster"));
        try (Stream<Path> files = Files.walk(buildout)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(
                        f,
                        Files.readString(f)
                                .replace("/usr/local/Plone/zeocluster", buildout.toString())
                                .replace(
                                        "<filestorage " + SITE + ">\n",
                                        "<filestorage " + SITE + ">\n  read-only true\n")
                                .replace(
                                        "server 127.0.0.1:8100\nstorage " + SITE,
                                        "server 10.0.0.2:8100\nstorage " + SITE)
                                .replace(
                                        "<zeo>\n  address 8100\n",
                                        "<zeo>\n  address 8100\n  pid-filename " + buildout + "/var/zeoserver.pid\n"));
            }
        }
        zeoConf = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        pid(buildout.resolve("var/zeoserver.pid"), ZEO);
        pid(buildout.resolve("var/client1/Z4.pid"), CLIENT1);
        pid(buildout.resolve("var/client2/Z4.pid"), CLIENT2);
        ClusterProfile profile = ClusterProfile.local("guide", buildout.toString());
        setup = RunPreparation.prepareRetire(profile, Selection.parse(Mode.FREEZE, List.of(SITE)), FakeProcesses::new);
    }

    static void pid(Path file, long pid) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, pid + "\n");
    }

    /** One established connection as ss lists it on the one host: the server's end and the client's. */
    static String connection(int clientPort, String command, long pid) {
        return "0 0 127.0.0.1:8100 127.0.0.1:" + clientPort + " users:((\"runzeo\",pid=" + ZEO + ",fd=9))\n"
                + "0 0 127.0.0.1:" + clientPort + " 127.0.0.1:8100 users:((\"" + command + "\",pid=" + pid
                + ",fd=7))\n";
    }

    /** Each client's root database at the old server, and client2's site at the new one (same port, another host). */
    static String asExpected() {
        return connection(50001, "python", CLIENT1) + connection(50003, "python", CLIENT2)
                + "0 0 10.0.0.5:50010 10.0.0.2:8100 users:((\"python\",pid=" + CLIENT2 + ",fd=8))\n";
    }

    StepRun stepRun(Step step) throws IOException {
        Journal journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.ROLLING), dir.resolve("journals"), Clock.systemUTC());
        return new StepRun(step, setup, journal, events::add, new CancelToken(), Clock.systemUTC());
    }

    ZeoClients.Holders holders(StepRun run) throws Exception {
        ClusterProcess server = setup.servers().get(0);
        List<ZeoClients.Known> known = ZeoClients.knownAmong(run, setup.clients());
        return ZeoClients.attribute(server, known, ZeoClients.listings(run, server, known));
    }

    @Test
    void eachClientHoldingOneConnectionPerDatabaseStillServedThereAndNothingElseLetsTheRetireGoOn() throws Exception {
        listing = asExpected();
        StepRun run = stepRun(new RetireStep());
        ClusterProcess server = setup.servers().get(0);

        ZeoClients.Holders holders = holders(run);

        assertThat(RetireStep.stillServed(setup, server).values())
                .as("the root only, for each client")
                .containsExactly(List.of("main"), List.of("main"));
        assertThat(holders.held().values())
                .as("the new server's connection is not counted")
                .containsExactly(1, 1);
        assertThat(RetireStep.stillInUse(server, holders, RetireStep.stillServed(setup, server), SITE))
                .isEmpty();
        // a client still reconnecting holds fewer: no reason to stop
        listing = connection(50001, "python", CLIENT1);
        assertThat(RetireStep.stillInUse(server, holders(run), RetireStep.stillServed(setup, server), SITE))
                .isEmpty();
    }

    @Test
    void aClientHoldingMoreConnectionsThanItsDatabasesThereOrAStrangerStopsTheRetireBeforeAnythingIsWritten()
            throws Exception {
        // client1 still holds a second connection (its site, from before its switch), and a zeopack is connected.
        listing = asExpected() + connection(50002, "python", CLIENT1) + connection(50004, "zeopack", 999);
        String before = Files.readString(zeoConf);
        RetireStep step = new RetireStep();
        StepRun run = stepRun(step);

        assertThatThrownBy(() -> step.run(run))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("not retiring " + SITE + " from zeoserver@local")
                .hasMessageContaining("client1@local (pid " + CLIENT1
                        + ") holds 2 connections to zeoserver@local but has 1 " + "database still served there (main)")
                .hasMessageContaining("no client of this cluster")
                .hasMessageContaining("zeopack pid 999")
                .hasMessageContaining("Nothing was written and the site is serving")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("client2@local"));

        assertThat(Files.readString(zeoConf)).as("the old zeo.conf untouched").isEqualTo(before);
        assertThat(run.journal().filesToRestore()).isEmpty();
        assertThat(commands)
                .as("only looked: no stop, no start")
                .allSatisfy(argv -> assertThat(isAliveCheck(argv) || argv.equals(TcpConnection.listCommand()))
                        .as(argv.toString())
                        .isTrue());
    }

    @Test
    void undoingARetireThatWroteNothingLeavesTheServerAlone() throws Exception {
        listing = asExpected() + connection(50002, "python", CLIENT1);
        RetireStep step = new RetireStep();
        StepRun run = stepRun(step);
        assertThatThrownBy(() -> step.run(run)).isInstanceOf(StepFailure.class);
        List<List<String>> looked = new ArrayList<>(commands);

        step.undo(run);

        assertThat(commands.subList(looked.size(), commands.size()))
                .as("only looks whether the processes run")
                .allMatch(RetireStepTest::isAliveCheck);
    }

    /** The one command that asks whether a pid runs: sh -c SCRIPT alive PID. */
    static boolean isAliveCheck(List<String> argv) {
        return argv.size() == 5 && argv.get(0).equals("sh") && argv.get(3).equals("alive");
    }
}
