package org.zeofreeze.runbook;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.setup.ClusterProcess;

/**
 * Keeps the outage of every part of the site and of the site as a whole, from the processes'
 * {@link RunEvent.Serving} events: the site serves while every ZEO server serves and at least one
 * client does. Passes every event on, adds one when the site stops or starts serving, and the
 * totals at the end of the run, before {@link RunEvent.Finished}.
 */
final class OutageLedger implements RunListener {
    static final String SITE = "site";

    private final RunListener next;
    private final List<String> servers;
    private final List<String> clients;
    private final Map<String, Instant> downSince = new LinkedHashMap<>();
    private final Map<String, Duration> perPart = new LinkedHashMap<>();
    private Instant siteDownSince;
    private Duration site = Duration.ZERO;
    private Duration longest = Duration.ZERO;

    OutageLedger(RunListener next, List<ClusterProcess> servers, List<ClusterProcess> clients) {
        this.next = next;
        this.servers = servers.stream().map(ClusterProcess::label).toList();
        this.clients = clients.stream().map(ClusterProcess::label).toList();
    }

    @Override
    public void on(RunEvent event) {
        RunEvent.Serving siteChange = null;
        RunEvent.Outage totals = null;
        synchronized (this) {
            if (event instanceof RunEvent.Serving s && !SITE.equals(s.part())) {
                siteChange = serving(s);
            } else if (event instanceof RunEvent.Finished f) {
                totals = totals(f.at());
            }
        }
        if (totals != null) {
            next.on(totals);
        }
        next.on(event);
        if (siteChange != null) {
            next.on(siteChange);
        }
    }

    private RunEvent.Serving serving(RunEvent.Serving s) {
        String label = s.part() + "@" + s.host();
        boolean siteWasUp = siteServes();
        if (!s.serving()) {
            downSince.putIfAbsent(label, s.at());
        } else {
            Instant since = downSince.remove(label);
            if (since != null) {
                perPart.merge(label, Duration.between(since, s.at()), Duration::plus);
            }
        }
        boolean siteIsUp = siteServes();
        if (siteWasUp == siteIsUp) {
            return null;
        }
        if (!siteIsUp) {
            siteDownSince = s.at();
        } else {
            Duration gap = Duration.between(siteDownSince, s.at());
            site = site.plus(gap);
            longest = longest.compareTo(gap) < 0 ? gap : longest;
            siteDownSince = null;
        }
        return new RunEvent.Serving(s.at(), s.step(), null, SITE, false, siteIsUp);
    }

    private boolean siteServes() {
        boolean serversUp = servers.stream().noneMatch(downSince::containsKey);
        boolean aClientUp = clients.isEmpty() || clients.stream().anyMatch(c -> !downSince.containsKey(c));
        return serversUp && aClientUp;
    }

    /** The totals so far; a part still down counts until {@code now}. */
    private RunEvent.Outage totals(Instant now) {
        Map<String, Duration> parts = new LinkedHashMap<>(perPart);
        downSince.forEach((label, since) -> parts.merge(label, Duration.between(since, now), Duration::plus));
        Duration siteTotal = site;
        Duration longestGap = longest;
        if (siteDownSince != null) {
            Duration open = Duration.between(siteDownSince, now);
            siteTotal = siteTotal.plus(open);
            longestGap = longestGap.compareTo(open) < 0 ? open : longestGap;
        }
        return new RunEvent.Outage(now, siteTotal, longestGap, parts, !downSince.isEmpty());
    }
}
