package org.zeofreeze.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A command this computer runs for a step (rsync, a hash of a large file) never outlives the
 * program that started it: killed with SIGKILL, the program leaves no command behind that could
 * go on writing to a target while a rollback runs.
 */
class LocalHostSupervisionTest {

    /** Runs one long command through LocalHost, as a step does, in a JVM of its own. */
    public static final class RunsALongCommand {
        public static void main(String[] args) throws Exception {
            System.out.println("started");
            new LocalHost().run(List.of("sleep", args[0]), Duration.ofMinutes(10), (line, err) -> {});
        }
    }

    private static List<ProcessHandle> sleeping(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").endsWith("sleep " + marker))
                .toList();
    }

    @Test
    @Timeout(60)
    void aCommandDiesWithTheProgramThatStartedItEvenWhenThatIsKilled() throws Exception {
        String marker = "297." + ProcessHandle.current().pid();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), RunsALongCommand.class.getName(), marker)
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(new String(jvm.getInputStream().readNBytes("started\n".length())))
                    .isEqualTo("started\n");
            Instant until = Instant.now().plusSeconds(20);
            while (sleeping(marker).isEmpty() && Instant.now().isBefore(until)) {
                Thread.sleep(50);
            }
            assertThat(sleeping(marker)).as("the command runs").isNotEmpty();

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

            until = Instant.now().plusSeconds(10);
            while (!sleeping(marker).isEmpty() && Instant.now().isBefore(until)) {
                Thread.sleep(100);
            }
            assertThat(sleeping(marker))
                    .as("the command after its program was killed")
                    .isEmpty();
        } finally {
            sleeping(marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aProgramThatIsNotThereIsAnErrorNotAnExitCode() {
        assertThatThrownBy(() ->
                        new LocalHost().run(List.of("no-such-program-zf"), Duration.ofSeconds(5), (line, err) -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-program-zf");
    }

    @Test
    void theCommandsOutputAndExitCodeComeThroughTheSupervisor() throws Exception {
        CommandResult r = new LocalHost()
                .run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10), (line, err) -> {});
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
    }
}
