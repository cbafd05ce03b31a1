package org.zeofreeze.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;

class ProfileHostsTest {
    // Threads of its own: the common pool may have a single thread on a small machine.
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static ClusterProfile profile(String... names) {
        return new ClusterProfile(
                "p",
                Arrays.stream(names)
                        .map(n -> new HostEntry(n, n + ".example", null, null, "/srv/zeocluster", null))
                        .toList(),
                null,
                null,
                null,
                false);
    }

    @Test
    void aHostStillConnectingDoesNotHoldUpTheOthers() throws Exception {
        CountDownLatch slowEntered = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        ProfileHosts.Connector connector = entry -> {
            if (entry.name().equals("slow")) {
                slowEntered.countDown();
                try {
                    releaseSlow.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new LocalHost(entry.name());
        };
        try (ProfileHosts hosts = new ProfileHosts(profile("slow", "fast"), connector)) {
            CompletableFuture<Host> slow = CompletableFuture.supplyAsync(() -> get(hosts, "slow"), threads);
            assertThat(slowEntered.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Host> fast = CompletableFuture.supplyAsync(() -> get(hosts, "fast"), threads);

            assertThat(fast.get(2, TimeUnit.SECONDS).name()).isEqualTo("fast");
            assertThat(slow).isNotDone();
            releaseSlow.countDown();
            assertThat(slow.get(5, TimeUnit.SECONDS).name()).isEqualTo("slow");
        }
    }

    @Test
    void callersAskingForTheSameHostAtOnceShareOneConnection() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ProfileHosts.Connector connector = entry -> {
            connects.incrementAndGet();
            try {
                Thread.sleep(50); // long enough for the other callers to arrive meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new LocalHost(entry.name());
        };
        try (ProfileHosts hosts = new ProfileHosts(profile("a"), connector)) {
            List<CompletableFuture<Host>> callers = IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                                return get(hosts, "a");
                            },
                            threads))
                    .toList();
            start.countDown();
            Host first = callers.get(0).get(5, TimeUnit.SECONDS);
            for (CompletableFuture<Host> c : callers) {
                assertThat(c.get(5, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(connects).hasValue(1);
        }
    }

    private static Host get(ProfileHosts hosts, String name) {
        try {
            return hosts.get(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
