package org.zeofreeze.runbook.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.runbook.event.RunEvent;

/** The site as users see it during a run: requests that wait are told apart from a site that answers nothing. */
class SiteWatchTest {
    enum Site {
        SERVES,
        HOLDS,
        FAILS
    }

    final AtomicReference<Site> site = new AtomicReference<>(Site.SERVES);
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    String serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            Site now = site.get();
            while (now == Site.HOLDS) { // a ZEO restart under ZEO 5+: the request waits, then is served
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                now = site.get();
            }
            exchange.sendResponseHeaders(now == Site.FAILS ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/plone";
    }

    @Test
    void requestsThatWaitThroughARestartAreNotFailuresButTheirWaitIsMeasured() throws Exception {
        SiteWatch watch = SiteWatch.start(serve(), Clock.systemUTC());
        Thread.sleep(600);
        site.set(Site.HOLDS);
        Thread.sleep(1200);
        site.set(Site.SERVES);
        Thread.sleep(600);
        RunEvent.SiteSeen seen = watch.stop();

        assertThat(seen.failed()).isZero();
        assertThat(seen.longestSilence()).isZero();
        assertThat(seen.requests()).isGreaterThan(6);
        assertThat(seen.longestWait()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
        assertThat(seen.describe())
                .contains("all " + seen.requests() + " requests answered", "requests waited up to 1.");
    }

    @Test
    void aSiteThatAnswersNothingForAWhileSaysForHowLongAndHowManyRequestsFailed() throws Exception {
        SiteWatch watch = SiteWatch.start(serve(), Clock.systemUTC());
        Thread.sleep(500);
        site.set(Site.FAILS);
        Thread.sleep(1500);
        site.set(Site.SERVES);
        Thread.sleep(500);
        RunEvent.SiteSeen seen = watch.stop();

        assertThat(seen.failed()).isBetween(4, 8);
        assertThat(seen.longestSilence()).isBetween(Duration.ofMillis(1100), Duration.ofMillis(2000));
        assertThat(seen.describe())
                .contains(seen.failed() + " of " + seen.requests() + " requests failed: the site "
                        + "answered nothing for 1.");
    }

    @Test
    void aRowOfFailuresStillGoingAtTheEndLastsUntilTheEnd() {
        Instant t = Instant.parse("2026-12-04T19:00:00Z");
        List<SiteWatch.Sample> samples = List.of(
                new SiteWatch.Sample(t, t.plusMillis(10), false),
                new SiteWatch.Sample(t.plusMillis(250), t.plusMillis(251), true),
                new SiteWatch.Sample(t.plusMillis(500), t.plusMillis(501), false),
                new SiteWatch.Sample(t.plusMillis(750), t.plusMillis(751), true),
                new SiteWatch.Sample(t.plusMillis(1000), t.plusMillis(1001), true));

        RunEvent.SiteSeen seen = SiteWatch.summary("http://lb/", samples, 0, t.plusMillis(3000));

        assertThat(seen.failed()).isEqualTo(3);
        assertThat(seen.longestSilence()).as("from 0.75 s to the end at 3 s").isEqualTo(Duration.ofMillis(2250));
        assertThat(seen.longestWait()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void noSiteAddressNoWatchAndABadOneIsRefusedWithTheReason() {
        assertThat(SiteWatch.start(null, Clock.systemUTC())).isNull();
        assertThatThrownBy(() -> Maintenance.none().withSiteUrl("ftp://lb/"))
                .hasMessageContaining("must be an http:// or https:// address");
        assertThatThrownBy(() -> Maintenance.none().withSiteUrl("http://")).hasMessageContaining("siteUrl 'http://'");
        assertThat(Maintenance.none().withSiteUrl(" http://lb.example.org/ ").siteUrl())
                .isEqualTo("http://lb.example.org/");
    }
}
