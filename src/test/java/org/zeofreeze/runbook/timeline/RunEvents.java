package org.zeofreeze.runbook.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;

/**
 * A run's events written by hand, in the order and with the steps a real run sends them: the
 * balancer's drain and the stop each say a client no longer serves, the start says it starts,
 * the outage ledger says when the site stops and starts serving. Moments are seconds from T.
 */
public final class RunEvents {
    public static final Instant T = Instant.parse("2026-11-25T17:00:00Z");
    static final String HOST = "local";

    private final List<RunEvent> events = new ArrayList<>();

    public static Instant at(double seconds) {
        return T.plusMillis(Math.round(seconds * 1000));
    }

    public RunEvents step(double s, String id, StepState state) {
        events.add(new RunEvent.StepChanged(at(s), id, null, state, null));
        return this;
    }

    public RunEvents notServing(double s, String step, String part) {
        events.add(new RunEvent.Serving(at(s), step, HOST, part, part.startsWith("zeo"), false));
        return this;
    }

    public RunEvents starting(double s, String step, String part) {
        events.add(new RunEvent.Starting(at(s), step, HOST, part, part.startsWith("zeo")));
        return this;
    }

    public RunEvents serves(double s, String step, String part) {
        events.add(new RunEvent.Serving(at(s), step, HOST, part, part.startsWith("zeo"), true));
        return this;
    }

    public RunEvents site(double s, String step, boolean serving) {
        events.add(new RunEvent.Serving(at(s), step, null, "site", false, serving));
        return this;
    }

    public RunEvents log(double s, String text) {
        events.add(new RunEvent.Log(at(s), null, HOST, RunEvent.Level.INFO, text));
        return this;
    }

    public RunEvents frozen(double s, double since, Map<String, Double> verified, List<String> notVerified) {
        Map<String, Duration> per = new LinkedHashMap<>();
        verified.forEach((k, v) -> per.put(k, Duration.ofMillis(Math.round(v * 1000))));
        events.add(new RunEvent.FrozenWindow(at(s), at(since), per, notVerified));
        return this;
    }

    public RunEvents finished(double s) {
        events.add(new RunEvent.Finished(at(s), RunEvent.Outcome.DONE, "done", "/j/run.json"));
        return this;
    }

    /** One client's rolling turn: drained, stopped, written, started, serving. */
    public RunEvents roll(double s, String part) {
        String id = "roll:" + HOST + "/" + part;
        return step(s, id, StepState.RUNNING)
                .notServing(s + 1, id, part)
                .notServing(s + 3, id, part)
                .starting(s + 5, id, part)
                .serves(s + 8, id, part)
                .step(s + 9, id, StepState.DONE);
    }

    public List<RunEvent> list() {
        return List.copyOf(events);
    }

    /**
     * A rolling freeze: client1 (0 s: turn, 3 drained, 5 stopped, 7 starting, 10 serving), then
     * client2 (12, 13, 15, 17, 20), then the ZEO server alone (22: turn, 24 stopped and the site
     * down, 26 starting, 28 serving and the site again), verified, copied, finished at 33.
     */
    public static RunEvents rollingFreeze() {
        String zeo = "zeo:" + HOST + "/zeoserver";
        return new RunEvents()
                .step(0, "preflight", StepState.RUNNING)
                .step(1, "preflight", StepState.DONE)
                .roll(2, "client1")
                .roll(12, "client2")
                .step(22, zeo, StepState.RUNNING)
                .notServing(24, zeo, "zeoserver")
                .site(24, zeo, false)
                .starting(26, zeo, "zeoserver")
                .serves(28, zeo, "zeoserver")
                .site(28, zeo, true)
                .step(30, zeo, StepState.DONE)
                .step(31, "verify", StepState.RUNNING)
                .step(31.5, "verify", StepState.DONE)
                .frozen(32.5, 3, Map.of("plone@local", 25.0), List.of("catalog@local"))
                .finished(33);
    }

    /**
     * A full stop: maintenance on (2–3 s), everything stopped at 5 (the site down with the ZEO
     * server), started at 9: ZEO serves at 11, client1 at 13 (the site again), client2 at 14;
     * maintenance off (18–19), finished at 20.
     */
    public static RunEvents fullStop() {
        return new RunEvents()
                .step(0, "preflight", StepState.RUNNING)
                .step(1, "preflight", StepState.DONE)
                .step(2, "maintenance-on", StepState.RUNNING)
                .step(3, "maintenance-on", StepState.DONE)
                .step(4, "stop", StepState.RUNNING)
                .notServing(5, "stop", "client1")
                .notServing(5, "stop", "zeoserver")
                .site(5, "stop", false)
                .notServing(5, "stop", "client2")
                .step(6, "stop", StepState.DONE)
                .step(7, "apply", StepState.RUNNING)
                .step(8, "apply", StepState.DONE)
                .step(9, "start", StepState.RUNNING)
                .starting(9, "start", "zeoserver")
                .starting(9, "start", "client2")
                .starting(9, "start", "client1")
                .serves(11, "start", "zeoserver")
                .serves(13, "start", "client1")
                .site(13, "start", true)
                .serves(14, "start", "client2")
                .step(15, "start", StepState.DONE)
                .step(16, "verify", StepState.RUNNING)
                .step(17, "verify", StepState.DONE)
                .step(18, "maintenance-off", StepState.RUNNING)
                .step(19, "maintenance-off", StepState.DONE)
                .finished(20);
    }
}
