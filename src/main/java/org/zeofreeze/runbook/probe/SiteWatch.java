package org.zeofreeze.runbook.probe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.zeofreeze.runbook.event.RunEvent;

/**
 * The site as its users see it while a run goes on: a GET of the profile's site address (the
 * balancer, as users reach it) every quarter second, each request on its own, none waiting for
 * the one before. The processes' states say when a part was stopped; only requests say whether
 * the site answered meanwhile — during a ZEO restart alone, ZEO 5 and later make requests wait
 * rather than fail. A request fails when it gets no answer (refused, reset, timed out) or a 5xx.
 */
public final class SiteWatch {
    static final Duration EVERY = Duration.ofMillis(250);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI url;
    private final Clock clock;
    private final HttpClient client;
    private final ScheduledExecutorService ticker;
    private final List<Sample> samples = new ArrayList<>();
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();

    /** One request: when it was sent, when it was answered (null: not yet), whether it failed. */
    record Sample(Instant sent, Instant answered, boolean failed) {}

    private SiteWatch(URI url, Clock clock) {
        this.url = url;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zeofreeze-site-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching the address, or nothing when the profile names none. */
    public static SiteWatch start(String siteUrl, Clock clock) {
        if (siteUrl == null || siteUrl.isBlank()) {
            return null;
        }
        SiteWatch w = new SiteWatch(URI.create(siteUrl), clock);
        w.ticker.scheduleAtFixedRate(w::send, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    private void send() {
        Instant sent = clock.instant();
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        CompletableFuture<?> f = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    record(new Sample(sent, clock.instant(), error != null || response.statusCode() >= 500));
                    return null;
                });
        synchronized (this) {
            inFlight.add(f);
            inFlight.removeIf(CompletableFuture::isDone);
        }
    }

    private synchronized void record(Sample s) {
        samples.add(s);
    }

    /** Stops sending, gives the requests in flight a moment, and sums up what was seen. */
    public RunEvent.SiteSeen stop() {
        ticker.shutdownNow();
        List<CompletableFuture<?>> pending;
        synchronized (this) {
            pending = new ArrayList<>(inFlight);
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception stillWaiting) {
            // those still waiting are counted as waiting until now
        }
        Instant now = clock.instant();
        List<Sample> seen;
        synchronized (this) {
            seen = new ArrayList<>(samples);
        }
        return summary(
                url.toString(), seen, pending.stream().filter(f -> !f.isDone()).count(), now);
    }

    /**
     * What the samples say: how many failed, the longest any answered request waited, and the
     * longest stretch in which the site answered nothing — from the first of a row of failed
     * requests to the next one that was answered (or to the end, a row not broken by then).
     */
    static RunEvent.SiteSeen summary(String url, List<Sample> samples, long stillWaiting, Instant end) {
        List<Sample> bySent = new ArrayList<>(samples);
        bySent.sort(Comparator.comparing(Sample::sent));
        int failed = (int) bySent.stream().filter(Sample::failed).count();
        Duration longestWait = bySent.stream()
                .filter(s -> !s.failed())
                .map(s -> Duration.between(s.sent(), s.answered()))
                .max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        Duration silence = Duration.ZERO;
        Instant rowStart = null;
        for (Sample s : bySent) {
            if (s.failed()) {
                rowStart = rowStart == null ? s.sent() : rowStart;
            } else if (rowStart != null) {
                silence = max(silence, Duration.between(rowStart, s.sent()));
                rowStart = null;
            }
        }
        if (rowStart != null) {
            silence = max(silence, Duration.between(rowStart, end));
        }
        return new RunEvent.SiteSeen(
                end, url, bySent.size() + (int) stillWaiting, failed, (int) stillWaiting, longestWait, silence);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
