package org.zeofreeze.runbook.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.ShellQuote;
import org.zeofreeze.host.Supervised;

/**
 * Every command runs supervised: a small sh script starts it through setsid, which runs kill as
 * the program. On a host without setsid the script runs the command itself, and where sh is dash
 * (Debian, Ubuntu) its built-in kill takes it, which refuses "--". The stop and the liveness check
 * must work there too, on real processes.
 */
class DashWithoutSetsidTest {
    private Process sleeper;

    @AfterEach
    void stopSleeper() {
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
    }

    /**
     * As a host without setsid runs it: the login shell reads the quoted command line, the
     * supervising script (dash) runs the command; PATH holds only what the script needs.
     */
    private Ran viaDash(List<String> argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/dash", "-c", ShellQuote.join(Supervised.argv(argv)));
        pb.environment().put("PATH", binWithoutSetsid.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out, err);
    }

    @TempDir
    static Path binWithoutSetsid;

    @BeforeAll
    static void onlyShCatAndSleep() throws Exception {
        for (String program : List.of("sh", "cat", "sleep")) {
            Files.createSymbolicLink(
                    binWithoutSetsid.resolve(program), Path.of("/bin", program).toRealPath());
        }
    }

    private record Ran(int exit, String out, String err) {}

    private static boolean exited(Ran r) {
        return ProcStat.parse(r.out()).map(ProcStat::exited).orElse(false);
    }

    private static List<String> aliveCheck(long pid) {
        return List.of("sh", "-c", ProcStat.ALIVE, "alive", Long.toString(pid));
    }

    @Test
    void theStopSignalReachesTheProcess() throws Exception {
        sleeper = new ProcessBuilder("sleep", "60").start();

        Ran r = viaDash(ZdaemonManager.terminate(sleeper.pid()));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(sleeper.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRunningProcessIsAliveAndOneThatEndedIsNot() throws Exception {
        sleeper = new ProcessBuilder("sleep", "60").start();

        Ran running = viaDash(aliveCheck(sleeper.pid()));
        assertThat(running.exit()).as(running.err()).isZero();
        assertThat(ProcStat.parse(running.out()))
                .hasValueSatisfying(s -> assertThat(s.exited()).isFalse());

        sleeper.destroyForcibly().waitFor();
        assertThat(viaDash(aliveCheck(sleeper.pid())).exit()).isEqualTo(1);
    }

    @Test
    void aProcessThatExitedButIsNotReapedCountsAsGone() throws Exception {
        // A parent that never reaps its child; SIGCHLD set to default, for an ignored one (which a
        // test runner may hand down) would let the kernel reap it at once.
        sleeper = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import os, signal, time\n"
                                + "signal.signal(signal.SIGCHLD, signal.SIG_DFL)\n"
                                + "pid = os.fork()\n"
                                + "if pid == 0:\n"
                                + "    os._exit(0)\n"
                                + "print(pid, flush=True)\n"
                                + "time.sleep(60)\n")
                .start();
        long zombie;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(sleeper.getInputStream()))) {
            zombie = Long.parseLong(out.readLine().strip());
        }
        for (int i = 0; i < 50 && !exited(viaDash(aliveCheck(zombie))); i++) {
            Thread.sleep(100);
        }

        Ran r = viaDash(aliveCheck(zombie));

        assertThat(r.exit()).as("kill -0 still reaches it").isZero();
        assertThat(ProcStat.parse(r.out()))
                .hasValueSatisfying(s -> assertThat(s.exited()).isTrue());
    }
}
