package org.zeofreeze.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.testbed.TestSshd;

/** Connections that fail, drop or go silent surface as clear IOExceptions, in bounded time. */
class SshConnectionIT {
    private TestSshd sshd;

    @BeforeEach
    void start() throws Exception {
        sshd = TestSshd.start();
    }

    @AfterEach
    void stop() {
        sshd.close();
    }

    @Test
    void aDroppedConnectionEndsARunningCommandWithConnectionLost() throws Exception {
        String marker = "41" + (System.nanoTime() % 100000);
        SshHost host = new SshConnector(sshd.settings()).connect(sshd.target());
        try (host) {
            CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return host.run(List.of("sleep", marker), Duration.ofSeconds(120));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(waitUntil(() -> SshHostIT.processesRunning("sleep", marker) > 0))
                    .as("the command started")
                    .isTrue();
            sshd.dropConnections();

            assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS))
                    .cause()
                    .cause()
                    .isInstanceOf(SshConnectionLostException.class)
                    .hasMessageContaining("SSH connection to " + sshd.target())
                    .hasMessageContaining("running sleep");
            assertThat(host.isConnected()).isFalse();
            assertThat(waitUntil(() -> SshHostIT.processesRunning("sleep", marker) == 0))
                    .as("the remote command went with the connection")
                    .isTrue();

            assertThatThrownBy(() -> host.read("/etc/hostname")).isInstanceOf(SshConnectionLostException.class);
            assertThatThrownBy(() -> host.run(List.of("true"), Duration.ofSeconds(5)))
                    .isInstanceOf(SshConnectionLostException.class);
        }
    }

    @Test
    void aSilentServerIsDetectedByKeepalive() throws Exception {
        SshTarget target = sshd.target().withKeepAliveInterval(Duration.ofSeconds(1));
        try (SshHost host = new SshConnector(sshd.settings()).connect(target)) {
            host.stat("/");
            sshd.freezeConnections();
            long start = System.nanoTime();
            assertThatThrownBy(() -> host.run(List.of("sleep", "60"), Duration.ofSeconds(120)))
                    .isInstanceOf(SshConnectionLostException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("three unanswered probes a second apart").isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void aServerThatNeverSpeaksSshTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    return null;
                }
            });
            SshTarget target =
                    SshTarget.of("root", "127.0.0.1", silent.getLocalPort()).withConnectTimeout(Duration.ofSeconds(2));
            long start = System.nanoTime();
            assertThatThrownBy(() -> new SshConnector(sshd.settings()).connect(target))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Cannot connect to " + target);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            Socket s = accepted.get(5, TimeUnit.SECONDS);
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void nothingListeningIsAClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(sshd.address(), 0));
            port = s.getLocalPort();
        }
        SshTarget target = sshd.target().withPort(port);
        assertThatThrownBy(() -> new SshConnector(sshd.settings()).connect(target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot connect to " + target)
                .hasMessageContaining("refused");
    }

    @Test
    void severalServersRunSideBySideOnTheirOwnLoopbackAddresses() throws Exception {
        try (TestSshd second = TestSshd.start();
                TestSshd third = TestSshd.start()) {
            assertThat(List.of(sshd.address(), second.address(), third.address()))
                    .doesNotHaveDuplicates()
                    .allMatch(a -> a.matches("127\\.0\\.0\\.\\d+"));
            for (TestSshd s : List.of(sshd, second, third)) {
                try (SshHost host = new SshConnector(s.settings()).connect(s.target())) {
                    String conn = host.run(List.of("sh", "-c", "echo $SSH_CONNECTION"), Duration.ofSeconds(10))
                            .stdout();
                    assertThat(conn.trim()).endsWith(s.address() + " " + s.port());
                }
            }
        }
    }

    private static boolean waitUntil(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
