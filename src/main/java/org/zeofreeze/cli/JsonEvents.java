package org.zeofreeze.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;

/**
 * A run's events as JSON Lines: one object per event on its own line, every event, flushed at
 * once, for AWX, Rundeck or a CI job to follow and record. The schema is docs/run-events.schema.json;
 * {@code "event"} names the kind. Secret values of the run's files are masked in every text.
 */
final class JsonEvents implements RunListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final Secrets secrets;

    JsonEvents(PrintWriter out, Secrets secrets) {
        this.out = out;
        this.secrets = secrets;
    }

    @Override
    public synchronized void on(RunEvent event) {
        try {
            out.println(JSON.writeValueAsString(json(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event that Jackson cannot write", e);
        }
        out.flush();
    }

    ObjectNode json(RunEvent event) {
        ObjectNode o = JSON.createObjectNode();
        if (event instanceof RunEvent.StepChanged s) {
            start(o, "step", s)
                    .put("step", s.step())
                    .put("host", s.host())
                    .put("state", lower(s.state().name()))
                    .put("message", secrets.mask(s.message()));
        } else if (event instanceof RunEvent.Progress p) {
            start(o, "progress", p)
                    .put("step", p.step())
                    .put("host", p.host())
                    .put("item", p.item())
                    .put("done", p.done())
                    .put("total", p.total())
                    .put("bytesPerSecond", p.bytesPerSecond())
                    .put("etaSeconds", p.eta() == null ? null : seconds(p.eta()));
        } else if (event instanceof RunEvent.Log l) {
            start(o, "log", l)
                    .put("step", l.step())
                    .put("host", l.host())
                    .put("level", lower(l.level().name()))
                    .put("text", secrets.mask(l.text()));
        } else if (event instanceof RunEvent.Serving s) {
            start(o, "serving", s)
                    .put("step", s.step())
                    .put("host", s.host())
                    .put("part", s.part())
                    .put("server", s.server())
                    .put("serving", s.serving());
        } else if (event instanceof RunEvent.Starting st) {
            start(o, "starting", st)
                    .put("step", st.step())
                    .put("host", st.host())
                    .put("part", st.part())
                    .put("server", st.server());
        } else if (event instanceof RunEvent.Verified v) {
            start(o, "verified", v)
                    .put("step", v.step())
                    .put("host", v.host())
                    .put("subject", v.subject())
                    .put("ok", v.ok())
                    .put("text", secrets.mask(v.text()));
        } else if (event instanceof RunEvent.Outage g) {
            start(o, "outage", g)
                    .put("siteSeconds", seconds(g.site()))
                    .put("longestSiteGapSeconds", seconds(g.longestSiteGap()))
                    .put("stillDown", g.stillDown());
            ObjectNode parts = o.putObject("perPartSeconds");
            g.perPart().forEach((part, d) -> parts.put(part, seconds(d)));
        } else if (event instanceof RunEvent.SiteSeen w) {
            start(o, "site-seen", w)
                    .put("url", w.url())
                    .put("requests", w.requests())
                    .put("failed", w.failed())
                    .put("stillWaiting", w.stillWaiting())
                    .put("longestWaitSeconds", seconds(w.longestWait()))
                    .put("longestSilenceSeconds", seconds(w.longestSilence()));
        } else if (event instanceof RunEvent.FrozenWindow w) {
            start(o, "frozen-window", w)
                    .put("since", w.since() == null ? null : w.since().toString());
            ObjectNode storages = o.putObject("perStorageSeconds");
            w.perStorage().forEach((storage, d) -> storages.put(storage, seconds(d)));
            ArrayNode pending = o.putArray("notVerified");
            w.notVerified().forEach(pending::add);
        } else if (event instanceof RunEvent.Finished f) {
            start(o, "finished", f)
                    .put("outcome", lower(f.outcome().name()))
                    .put("message", secrets.mask(f.message()))
                    .put("journal", f.journal());
        }
        return o;
    }

    private static ObjectNode start(ObjectNode o, String kind, RunEvent e) {
        return o.put("event", kind).put("at", e.at().toString());
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
