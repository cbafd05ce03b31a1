package org.zeofreeze.runbook.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeofreeze.format.Units;

/**
 * What a run tells its listeners (the command line prints them, the wizard binds to them). Every
 * event names the step and, where it concerns one, the host ({@code null} for the whole cluster).
 */
public sealed interface RunEvent {
    Instant at();

    /** A step's state changed on a host. */
    record StepChanged(Instant at, String step, String host, StepState state, String message) implements RunEvent {}

    /** Copy progress of one file: bytes so far of the total, rate and estimated time left. */
    record Progress(
            Instant at,
            String step,
            String host,
            String item,
            long done,
            long total,
            double bytesPerSecond,
            Duration eta)
            implements RunEvent {
        /** How much is done: a total of 0 is nothing to move, so done; an unknown (negative) one is not yet. */
        public double fraction() {
            return total == 0 ? 1.0 : total < 0 ? 0 : Math.min(1.0, (double) done / total);
        }
    }

    /** A line for the log console. */
    record Log(Instant at, String step, String host, Level level, String text) implements RunEvent {}

    /**
     * A process stopped serving (it is drained or being stopped) or serves again (the ZEO port
     * accepts, the client answers HTTP). The outage of each part and of the site follows from these.
     */
    record Serving(Instant at, String step, String host, String part, boolean server, boolean serving)
            implements RunEvent {}

    /**
     * A process is being started: from here until its {@link Serving} (serving) it is starting
     * up, not down. Only the start says when that begins; the run's timeline needs it.
     */
    record Starting(Instant at, String step, String host, String part, boolean server) implements RunEvent {}

    /** A check of the outcome made from outside (a probe of the ZEO server, an HTTP request): what, and whether it held. */
    record Verified(Instant at, String step, String host, String subject, boolean ok, String text)
            implements RunEvent {}

    /**
     * The site as its users saw it during the run, from requests to the profile's site address
     * (sent just before {@link Finished}, when the profile names one): how many requests, how many
     * failed (no answer, or a 5xx), how many were still waiting at the end, the longest wait of an
     * answered one, and the longest stretch in which the site answered nothing.
     */
    record SiteSeen(
            Instant at,
            String url,
            int requests,
            int failed,
            int stillWaiting,
            Duration longestWait,
            Duration longestSilence)
            implements RunEvent {
        /** One line, the user's view: whether the site answered, and how long requests waited. */
        public String describe() {
            String answered = failed == 0
                    ? "all " + requests + " requests answered"
                    : failed + " of " + requests + " requests failed: the site answered nothing for "
                            + Units.duration(longestSilence);
            return "seen from outside (" + url + "): " + answered + "; requests waited up to "
                    + Units.duration(longestWait)
                    + (stillWaiting > 0 ? "; " + stillWaiting + " still waiting at the end" : "");
        }
    }

    /**
     * How long the site and each of its parts (part@host) did not serve during the run, sent just
     * before {@link Finished}. {@code stillDown}: some part is not serving at the end.
     */
    record Outage(Instant at, Duration site, Duration longestSiteGap, Map<String, Duration> perPart, boolean stillDown)
            implements RunEvent {
        public Outage {
            perPart = Collections.unmodifiableMap(new LinkedHashMap<>(perPart));
        }

        /** Whether the run stopped anything at all. */
        public boolean restartedAnything() {
            return !perPart.isEmpty();
        }

        /** One line: the site-wide outage, then each part's. */
        public String describe() {
            if (!restartedAnything()) {
                return "nothing was restarted";
            }
            // The processes' view, not the users': while ZEO restarts alone, requests wait rather than fail.
            StringBuilder b = new StringBuilder(
                    site.isZero()
                            ? "by the processes' states, the site never stopped serving"
                            : "by the processes' states, the site could not serve for " + Units.duration(site)
                                    + " in all (longest gap " + Units.duration(longestSiteGap) + ")");
            b.append("; out of service: ");
            b.append(String.join(
                    ", ",
                    perPart.entrySet().stream()
                            .map(e -> e.getKey() + " " + Units.duration(e.getValue()))
                            .toList()));
            if (stillDown) {
                b.append("; some part is still not serving");
            }
            return b.toString();
        }
    }

    /**
     * How long each chosen storage (name@host) was read-only before its copy on the migration
     * target was verified, counted from {@code since}, when the run began to take the storages
     * out of writes (its first stop or configuration write). Sent just before {@link Finished}
     * by a freeze with a target; {@code notVerified} names the storages whose copy was not.
     */
    record FrozenWindow(Instant at, Instant since, Map<String, Duration> perStorage, List<String> notVerified)
            implements RunEvent {
        public FrozenWindow {
            perStorage = Collections.unmodifiableMap(new LinkedHashMap<>(perStorage));
            notVerified = List.copyOf(notVerified);
        }

        /** The longest of them; zero when no copy was verified. */
        public Duration longest() {
            return perStorage.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
        }

        /** One line: each storage's read-only time before its copy was verified, then those not verified. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            if (!perStorage.isEmpty()) {
                b.append("read-only before the copy was verified: ")
                        .append(String.join(
                                ", ",
                                perStorage.entrySet().stream()
                                        .map(e -> e.getKey() + " " + Units.duration(e.getValue()))
                                        .toList()));
            }
            if (!notVerified.isEmpty()) {
                b.append(b.isEmpty() ? "" : "; ")
                        .append("read-only, copy not verified: ")
                        .append(String.join(", ", notVerified))
                        .append(" (read-only for ")
                        .append(Units.duration(Duration.between(since, at)))
                        .append(" so far)");
            }
            return b.toString();
        }
    }

    /** The run ended: done, failed, cancelled at a safe point, or rolled back. */
    record Finished(Instant at, Outcome outcome, String message, String journal) implements RunEvent {
        /** What a run that did every step without a fault says of itself. */
        public static final String EVERY_STEP_FINISHED = "every step finished";

        /** Done, with nothing to say beyond that ("done" is how earlier versions put it). */
        public boolean plainlyDone() {
            return outcome == Outcome.DONE && (EVERY_STEP_FINISHED.equals(message) || "done".equals(message));
        }
    }

    enum Level {
        INFO,
        WARNING,
        ERROR
    }

    enum Outcome {
        DONE,
        FAILED,
        CANCELLED,
        ROLLED_BACK
    }
}
