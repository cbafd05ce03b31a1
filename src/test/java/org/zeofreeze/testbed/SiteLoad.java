package org.zeofreeze.testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bounded request load on a site, as its visitors and editors make it: readers of a mounted
 * database ({@code /plone}, {@code /plone/portal_catalog}) and an editor committing a small change
 * to the root database. Counts failed requests and the longest time the site answered nothing.
 */
public final class SiteLoad implements AutoCloseable {
    /** One request: what, when it ended (ms since the load began), and how (an HTTP status, 0: no answer). */
    public record Request(String what, long endMillis, long tookMillis, int status, String error) {
        public boolean ok() {
            return status == 200;
        }
    }

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final long t0 = System.nanoTime();
    /** The wall-clock moment of {@code t0}, to place a request beside a run's events. */
    private final Instant started = Instant.now();

    private SiteLoad(String base) {
        this.base = base;
    }

    /** Starts {@code readers} reading threads and one committing to the root, each with a short pause between requests. */
    public static SiteLoad start(String base, int readers) {
        SiteLoad load = new SiteLoad(base);
        for (int i = 0; i < readers; i++) {
            String path = i % 2 == 0 ? "/plone" : "/plone/portal_catalog";
            load.spawn(
                    "read " + path,
                    () -> HttpRequest.newBuilder(URI.create(base + path)).GET());
        }
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        load.spawn(
                "commit /",
                () -> HttpRequest.newBuilder(URI.create(base + "/manage_changeProperties"))
                        .header("Authorization", auth)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("title=load-" + System.nanoTime())));
        return load;
    }

    private interface RequestMaker {
        HttpRequest.Builder make();
    }

    private void spawn(String what, RequestMaker maker) {
        Thread t = new Thread(
                () -> {
                    while (!stop.get()) {
                        long begin = System.nanoTime();
                        int status = 0;
                        String error = null;
                        try {
                            status = http.send(
                                            maker.make()
                                                    .timeout(Duration.ofSeconds(60))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                        } catch (IOException e) {
                            error = e.toString();
                        } catch (InterruptedException e) {
                            return;
                        }
                        long end = System.nanoTime();
                        requests.add(
                                new Request(what, (end - t0) / 1_000_000, (end - begin) / 1_000_000, status, error));
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "load " + what);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    /** Stops the load and waits for the requests in flight. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(70_000);
        }
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** When a request ended, on the wall clock the run's events use. */
    public Instant endOf(Request r) {
        return started.plusMillis(r.endMillis());
    }

    public List<Request> failed() {
        return requests().stream().filter(r -> !r.ok()).toList();
    }

    /** The longest time between two answered requests (or from the start to the first): the site served nothing. */
    public long longestGapMillis() {
        List<Long> ends = requests().stream()
                .filter(Request::ok)
                .map(Request::endMillis)
                .sorted()
                .toList();
        long longest = 0;
        long last = 0;
        for (long e : ends) {
            longest = Math.max(longest, e - last);
            last = e;
        }
        return longest;
    }
}
