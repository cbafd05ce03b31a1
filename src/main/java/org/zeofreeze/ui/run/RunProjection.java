package org.zeofreeze.ui.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeofreeze.format.Sentences;
import org.zeofreeze.format.Units;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.ui.session.MoveEstimate;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.StepLabel;

/**
 * What the Run page shows, as a function of the run's events alone: the steps × hosts grid, the
 * log, the copies, the outcome as verified from outside, and which parts are out of service (from
 * the runner's Serving and Outage events, not from what a step is called). Plain Java, so it is
 * specified without JavaFX; every text is masked with the run's secrets before it is kept.
 */
public final class RunProjection {
    /** A step of the grid: its state as a whole, its state and last message on each host. */
    public static final class Step {
        private final StepLabel label;
        private StepState overall;
        private String overallMessage = "";
        private final Map<String, StepState> states = new LinkedHashMap<>();
        private final Map<String, String> messages = new LinkedHashMap<>();

        Step(StepLabel label) {
            this.label = label;
        }

        public StepLabel label() {
            return label;
        }

        /** As reported for the step as a whole; null when only hosts reported. */
        public StepState overall() {
            return overall;
        }

        public String overallMessage() {
            return overallMessage;
        }

        public Map<String, StepState> states() {
            return Collections.unmodifiableMap(states);
        }

        public Map<String, String> messages() {
            return Collections.unmodifiableMap(messages);
        }
    }

    /** One file being copied: where, and its last progress. */
    public record Copy(String key, String title, RunEvent.Progress last) {
        /** "1.2 GiB of 3.4 GiB · 45 MiB/s · 2 min 10 s left" */
        public String text() {
            return describe(last);
        }
    }

    /** What an event changed, so a view updates only that. */
    public enum Part {
        STEP,
        HOSTS,
        LOG,
        COPY,
        VERIFIED,
        SERVING,
        FROZEN,
        ESTIMATE,
        STATUS,
        OUTCOME
    }

    public record Change(Part part, String key) {}

    private final Secrets secrets;
    private final Set<String> hosts = new LinkedHashSet<>();
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final List<LogLine> log = new ArrayList<>();
    private final Map<String, Copy> copies = new LinkedHashMap<>();
    private final List<String> verified = new ArrayList<>();
    private final Set<RunSummary.Backup> backups = new LinkedHashSet<>();
    private final Set<String> notServing = new LinkedHashSet<>();
    private Boolean siteServing;
    private RunEvent.Outage outage;
    private RunEvent.FrozenWindow frozen;
    private RunEvent.Finished finished;
    private String status = "Running…";
    private final MoveEstimate estimate;

    /** The grid's rows from the steps the run will take; its columns from those steps' hosts and {@code moreHosts}. */
    public RunProjection(List<StepLabel> labels, List<String> moreHosts, Secrets secrets) {
        this.secrets = secrets;
        labels.forEach(l -> {
            steps.put(l.id(), new Step(l));
            hosts.addAll(l.hosts());
        });
        hosts.addAll(moreHosts);
        estimate = new MoveEstimate(labels.stream().map(StepLabel::id).toList());
    }

    /** Takes in one event; returns what it changed. */
    public List<Change> apply(RunEvent event) {
        List<Change> changes = new ArrayList<>(2);
        if (event instanceof RunEvent.StepChanged s) {
            Step step = steps.computeIfAbsent(s.step(), id -> new Step(new StepLabel(id, id, List.of())));
            String message = s.message() == null ? "" : secrets.mask(s.message());
            if (s.host() == null) {
                step.overall = s.state();
                step.overallMessage = message;
            } else {
                if (hosts.add(s.host())) {
                    changes.add(new Change(Part.HOSTS, s.host()));
                }
                step.states.put(s.host(), s.state());
                step.messages.put(s.host(), message);
            }
            if (s.state() == StepState.RUNNING) {
                status = step.label().title() + (s.host() == null ? "" : " on " + s.host()) + "…";
                changes.add(new Change(Part.STATUS, s.step()));
            }
            changes.add(new Change(Part.STEP, s.step()));
            if (estimate.apply(s)) {
                changes.add(new Change(Part.ESTIMATE, null));
            }
        } else if (event instanceof RunEvent.Progress p) {
            String key = p.step() + "|" + p.host() + "|" + p.item();
            copies.put(key, new Copy(key, (p.host() == null ? "" : p.host() + ": ") + p.item(), p));
            changes.add(new Change(Part.COPY, key));
        } else if (event instanceof RunEvent.Log l) {
            backup(l);
            changes.add(log(new LogLine(l.at(), l.level(), l.step(), l.host(), secrets.mask(l.text()))));
        } else if (event instanceof RunEvent.Verified v) {
            verified.add((v.ok() ? "Verified: " : "NOT verified: ") + secrets.mask(v.text()));
            changes.add(new Change(Part.VERIFIED, v.subject()));
        } else if (event instanceof RunEvent.Serving sv) {
            serving(sv, changes);
        } else if (event instanceof RunEvent.SiteSeen w) {
            String seen = w.describe(); // the users' view, beside the processes' states of the outage
            verified.add(Sentences.capitalized(seen));
            changes.add(new Change(Part.VERIFIED, w.url()));
        } else if (event instanceof RunEvent.Outage o) {
            outage = o;
            changes.add(new Change(Part.SERVING, null));
        } else if (event instanceof RunEvent.FrozenWindow w) {
            frozen = w;
            changes.add(log(new LogLine(
                    w.at(),
                    w.notVerified().isEmpty() ? RunEvent.Level.INFO : RunEvent.Level.WARNING,
                    null,
                    null,
                    "frozen window: " + w.describe())));
            changes.add(new Change(Part.FROZEN, null));
        } else if (event instanceof RunEvent.Finished f) {
            finished = new RunEvent.Finished(f.at(), f.outcome(), secrets.mask(f.message()), f.journal());
            status = outcomeText(finished);
            changes.add(new Change(Part.STATUS, null));
            changes.add(log(new LogLine(
                    f.at(),
                    f.outcome() == RunEvent.Outcome.FAILED ? RunEvent.Level.ERROR : RunEvent.Level.INFO,
                    null,
                    null,
                    status + ": " + finished.message())));
            changes.add(new Change(Part.OUTCOME, null));
        }
        return changes;
    }

    private void serving(RunEvent.Serving sv, List<Change> changes) {
        if (sv.host() == null) {
            siteServing = sv.serving();
            changes.add(log(new LogLine(
                    sv.at(),
                    sv.serving() ? RunEvent.Level.INFO : RunEvent.Level.WARNING,
                    sv.step(),
                    null,
                    sv.serving() ? "the site serves again" : "the site is not serving")));
        } else if (sv.serving()) {
            notServing.remove(sv.part() + "@" + sv.host());
        } else {
            notServing.add(sv.part() + "@" + sv.host());
        }
        changes.add(new Change(Part.SERVING, sv.host()));
    }

    /**
     * The write step says each backup as it makes it ("writing FILE (backup FILE.zeofreeze-STAMP.bak)",
     * the runbook and the configuration-only run alike); a name not of that form is no backup of ours.
     */
    private void backup(RunEvent.Log l) {
        Matcher m = WRITING.matcher(l.text());
        if (l.host() != null && m.matches() && RunSummary.Backup.isBackupOf(m.group(2), m.group(1))) {
            backups.add(new RunSummary.Backup(l.host(), m.group(1), m.group(2)));
        }
    }

    private static final Pattern WRITING = Pattern.compile("writing (/.+) \\(backup (/.+)\\)");

    /** The backups this run made beside the files it wrote, in order. */
    public List<RunSummary.Backup> backups() {
        return List.copyOf(backups);
    }

    /** A line the page itself adds to the log (resuming, a failed re-read). */
    public Change log(LogLine line) {
        log.add(line);
        return new Change(Part.LOG, null);
    }

    public List<String> hosts() {
        return List.copyOf(hosts);
    }

    public List<Step> steps() {
        return List.copyOf(steps.values());
    }

    public Step step(String id) {
        return steps.get(id);
    }

    public List<LogLine> log() {
        return Collections.unmodifiableList(log);
    }

    public Copy copy(String key) {
        return copies.get(key);
    }

    /** Each copy as the report lists it: "db1: Data.fs (1.2 GiB of 3.4 GiB · …)". */
    public List<String> copyLines() {
        return copies.values().stream()
                .map(c -> c.title() + " (" + c.text() + ")")
                .toList();
    }

    /**
     * A rollback begins: what the run verified no longer holds (the storages it proved read-only are
     * being made writable again), so those lines go; the rollback's own checks come after.
     */
    void rollbackBegins() {
        verified.clear();
    }

    public List<String> verified() {
        return Collections.unmodifiableList(verified);
    }

    /** The processes (part@host) that stopped serving and do not serve again yet. */
    public Set<String> notServing() {
        return Collections.unmodifiableSet(notServing);
    }

    /** Whether the site as a whole serves, as the runner last said; null before it said anything. */
    public Boolean siteServing() {
        return siteServing;
    }

    /** The runner's account of the outage, sent just before the end; null before. */
    public RunEvent.Outage outage() {
        return outage;
    }

    /** How long each storage was read-only before its copy was verified, as the runner reported; null before. */
    /** A rolling move: when its storages will be writable at the target, while they are not yet; else empty. */
    public Optional<MoveEstimate.Estimate> moveEstimate() {
        return finished == null ? estimate.remaining() : Optional.empty();
    }

    public RunEvent.FrozenWindow frozenWindow() {
        return frozen;
    }

    public RunEvent.Finished finished() {
        return finished;
    }

    public String status() {
        return status;
    }

    static String outcomeText(RunEvent.Finished f) {
        return switch (f.outcome()) {
            case DONE -> "Done";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
            case ROLLED_BACK -> "Rolled back";
        };
    }

    static String describe(RunEvent.Progress p) {
        StringBuilder s = new StringBuilder(Units.bytes(p.done()));
        if (p.total() > 0) {
            s.append(" of ").append(Units.bytes(p.total()));
        }
        if (p.bytesPerSecond() > 0) {
            s.append(" · ").append(Units.rate(p.bytesPerSecond()));
        }
        if (p.eta() != null && p.done() < p.total()) {
            s.append(" · ").append(Units.duration(p.eta())).append(" left");
        }
        return s.toString();
    }
}
