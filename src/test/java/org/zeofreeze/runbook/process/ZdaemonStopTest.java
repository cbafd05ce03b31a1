package org.zeofreeze.runbook.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.setup.Timeouts;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.runbook.steps.StopStep;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.ForwardingHost;

/**
 * Stopping a process of zdaemon's scripts by signals to its daemon manager and itself, and falling
 * back to {@code bin/<part> stop} whenever the manager is not plainly zdrun; starting one without a
 * status start-up first. The guide's cluster;
 * client1's pid, its parent and their {@code /proc} entries are faked, and what a signal does to
 * them is decided here.
 */
class ZdaemonStopTest {
    static final long CLIENT1 = 4242;
    static final long MANAGER = 4100;
    static final String ZDRUN_CMDLINE = String.join(
            "\0",
            "/srv/venv/bin/python3",
            "/srv/zeocluster/bin/interpreter",
            "/srv/venv/lib/python3.11/site-packages/zdaemon/zdrun.py",
            "-C",
            "/srv/zeocluster/parts/client1/etc/zope.conf",
            "/srv/zeocluster/parts/client1/bin/runwsgi",
            "");

    @TempDir
    Path dir;

    Path buildout;
    RunSetup setup;
    final List<List<String>> commands = new CopyOnWriteArrayList<>();
    final List<RunEvent> events = new CopyOnWriteArrayList<>();
    /** pid → state letter of the faked processes (absent: gone). */
    final Map<Long, Character> processes = new ConcurrentHashMap<>();

    volatile long parent = MANAGER;
    volatile String parentCmdline = ZDRUN_CMDLINE;
    /** What SIGTERM does to client1: exits (and, its manager gone, waits unreaped as a zombie), or nothing. */
    volatile boolean client1IgnoresSigterm = false;

    volatile Journal journal;
    /** What the journal held as stopped when the first signal was sent. */
    volatile String stoppedAtFirstSignal;

    final class FakeProcesses extends ForwardingHost {
        FakeProcesses(String name) {
            super(new LocalHost(name));
        }

        @Override
        public CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
                throws IOException, InterruptedException {
            commands.add(List.copyOf(argv));
            if (argv.size() == 3 && argv.get(0).equals("kill")) {
                long pid = Long.parseLong(argv.get(2));
                boolean exists = processes.containsKey(pid);
                if (argv.get(1).equals("-TERM") && stoppedAtFirstSignal == null) {
                    stoppedAtFirstSignal = journal.stoppedProcesses().toString();
                }
                if (exists && argv.get(1).equals("-TERM")) {
                    if (pid == MANAGER) {
                        processes.put(MANAGER, 'Z');
                    } else if (pid == CLIENT1 && !client1IgnoresSigterm) {
                        processes.put(CLIENT1, 'Z');
                    }
                }
                return new CommandResult(exists ? 0 : 1, "", exists ? "" : "no such process");
            }
            if (argv.size() == 5 && argv.get(0).equals("sh") && argv.get(2).equals(ProcStat.ALIVE)) {
                // kill -0, then /proc/PID/stat, as the script asks: an unreaped process still answers kill -0
                long pid = Long.parseLong(argv.get(4));
                Character state = processes.get(pid);
                if (state == null) {
                    return new CommandResult(1, "", "");
                }
                long ppid = pid == CLIENT1 ? parent : 1;
                return new CommandResult(0, pid + " (python3 (x)) " + state + " " + ppid + " 4099 4099 0 -1\n", "");
            }
            if (argv.size() == 3 && argv.get(0).equals("cat") && argv.get(2).startsWith("/proc/")) {
                String[] parts = argv.get(2).split("/");
                long pid = Long.parseLong(parts[2]);
                Character state = processes.get(pid);
                if (state == null) {
                    return new CommandResult(1, "", "No such file or directory");
                }
                if (parts[3].equals("stat")) {
                    long ppid = pid == CLIENT1 ? parent : 1;
                    return new CommandResult(0, pid + " (python3 (x)) " + state + " " + ppid + " 4099 4099 0 -1\n", "");
                }
                return new CommandResult(0, pid == parent ? parentCmdline : "", "");
            }
            if (argv.get(0).endsWith("/bin/client1") && argv.get(1).equals("stop")) {
                processes.remove(CLIENT1);
                processes.remove(MANAGER);
                return new CommandResult(0, ". daemon process stopped\n", "");
            }
            if (argv.get(0).endsWith("/bin/client1") && argv.get(1).equals("start")) {
                processes.put(CLIENT1, 'S');
                Files.writeString(buildout.resolve("var/client1/Z4.pid"), CLIENT1 + "\n");
                return new CommandResult(0, ". daemon process started, pid=" + CLIENT1 + "\n", "");
            }
            if (argv.get(0).equals("curl")) {
                return new CommandResult(0, "200", "");
            }
            return new CommandResult(1, "", "not run in this test: " + argv);
        }
    }

    @BeforeEach
    void cluster() throws Exception {
        buildout = Fixtures.copyTree("guide", dir.resolve("zeocluster"));
        try (Stream<Path> files = Files.walk(buildout)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(f, Files.readString(f).replace("/usr/local/Plone/zeocluster", buildout.toString()));
            }
        }
        Files.createDirectories(buildout.resolve("var/client1"));
        Files.writeString(buildout.resolve("var/client1/Z4.pid"), CLIENT1 + "\n");
        processes.put(CLIENT1, 'S');
        processes.put(MANAGER, 'S');
        ClusterProfile profile = ClusterProfile.local("guide", buildout.toString());
        setup = RunPreparation.prepare(
                        profile, Selection.parse(Mode.FREEZE, List.of("deepereconomics.org")), FakeProcesses::new)
                .withTimeouts(new Timeouts(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5)));
    }

    StepRun stepRun() throws IOException {
        journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), Clock.systemUTC());
        return new StepRun(new StopStep("stop"), setup, journal, events::add, new CancelToken(), Clock.systemUTC());
    }

    ClusterProcess client1() {
        return setup.clients().stream()
                .filter(c -> c.part().equals("client1"))
                .findFirst()
                .orElseThrow();
    }

    List<List<String>> signalsAndScripts() {
        return commands.stream()
                .filter(c -> (c.get(0).equals("kill") && !c.get(1).equals("-0"))
                        || c.get(0).endsWith("/bin/client1"))
                .toList();
    }

    @Test
    void theManagerIsSignalledBeforeTheProcessAndBothAreProvenGoneWithoutTheScript() throws Exception {
        StepRun run = stepRun();

        ProcessSteps.stop(run, client1());

        assertThat(signalsAndScripts())
                .containsExactly(
                        List.of("kill", "-TERM", Long.toString(MANAGER)),
                        List.of("kill", "-TERM", Long.toString(CLIENT1)));
        assertThat(stoppedAtFirstSignal)
                .as("the stop is journalled before anything is signalled")
                .contains("client1");
        assertThat(events)
                .as("both exited (unreaped zombies count as exited)")
                .anyMatch(e -> e instanceof RunEvent.Log l
                        && l.text()
                                .contains("client1 stopped (pid " + CLIENT1
                                        + " has exited) with its zdaemon manager (pid " + MANAGER + ")"));
    }

    @Test
    void aParentThatIsNotZdrunIsNotSignalledTheScriptStopsTheProcess() throws Exception {
        parentCmdline = String.join("\0", "/bin/bash", "-l", "");

        ProcessSteps.stop(stepRun(), client1());

        assertThat(signalsAndScripts()).containsExactly(List.of(buildout + "/bin/client1", "stop"));
    }

    @Test
    void initAsTheParentIsNotAManager() throws Exception {
        parent = 1;

        ProcessSteps.stop(stepRun(), client1());

        assertThat(signalsAndScripts()).containsExactly(List.of(buildout + "/bin/client1", "stop"));
    }

    @Test
    void withoutAPidTheScriptStopsTheProcess() throws Exception {
        Files.delete(buildout.resolve("var/client1/Z4.pid"));

        // the status (the script, faked as not run) cannot tell a pid: nothing to stop by signal
        ProcessSteps.stop(stepRun(), client1());

        assertThat(signalsAndScripts()).noneMatch(c -> c.get(0).equals("kill"));
    }

    @Test
    void aProcessThatIgnoresItsSigtermIsSignalledAgainThenTheStopFails() throws Exception {
        client1IgnoresSigterm = true;
        StepRun run = stepRun();

        assertThatThrownBy(() -> ProcessSteps.stop(run, client1()))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("did not stop within 1 s (pid " + CLIENT1 + ") although the stop was sent twice");

        assertThat(signalsAndScripts())
                .as("the manager once (it has exited), the process twice; never the script")
                .containsExactly(
                        List.of("kill", "-TERM", Long.toString(MANAGER)),
                        List.of("kill", "-TERM", Long.toString(CLIENT1)),
                        List.of("kill", "-TERM", Long.toString(CLIENT1)));
    }

    @Test
    void aStartWithoutAPidFileRunsTheScriptsStartWithoutAskingItsStatusFirst() throws Exception {
        Files.delete(buildout.resolve("var/client1/Z4.pid")); // removed by the process at its clean exit
        processes.clear();

        ProcessSteps.start(stepRun(), client1());

        assertThat(commands)
                .as("zdctl start asks zdrun itself: no status start-up before it")
                .noneMatch(c -> c.get(0).endsWith("/bin/client1") && c.get(1).equals("status"))
                .contains(List.of(buildout + "/bin/client1", "start"));
    }

    @Test
    void aStartWhosePidFileNamesALiveProcessLeavesItAlone() throws Exception {
        ProcessSteps.start(stepRun(), client1());

        assertThat(commands).noneMatch(c -> c.get(0).endsWith("/bin/client1"));
    }

    @Test
    void zdctlAsItsOwnManagerIsRecognisedByThePartsScript() {
        String zeoctl =
                String.join("\0", "/srv/venv/bin/python", "/srv/zeocluster/bin/zeoserver", "-C", "zeo.conf", "");
        assertThat(ZdaemonManager.isManager(zeoctl, "zeoserver")).isTrue();
        assertThat(ZdaemonManager.isManager(String.join("\0", "python", "bin/zeoserver", ""), "zeoserver"))
                .isTrue();
        assertThat(ZdaemonManager.isManager(zeoctl, "client1"))
                .as("another part's script")
                .isFalse();
        assertThat(ZdaemonManager.isManager(String.join("\0", "python", "/opt/notzdrun.py", ""), "client1"))
                .isFalse();
    }

    @Test
    void procStatIsReadAfterTheLastParenthesis() {
        assertThat(ProcStat.parse("77 (a) b) c) Z 1 77 77 0")).contains(new ProcStat('Z', 1));
        assertThat(ProcStat.parse("77 (python) S 4100 4100 4100 0")).contains(new ProcStat('S', 4100));
        assertThat(ProcStat.parse("garbage")).isEmpty();
        assertThat(ProcStat.parse("77 (x) S -1")).isEmpty();
    }
}
