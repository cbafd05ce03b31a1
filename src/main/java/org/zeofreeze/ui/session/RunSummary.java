package org.zeofreeze.ui.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.timeline.Timeline;

/**
 * How a run ended, for the Done page and the report: what was chosen, which files changed (grouped
 * by identical change, so twenty clients with the same edit read as one entry), the
 * outcome, when it started and ended, the outage of the site and of each part as the runner
 * accounted it (null when the run did not report one), the outcome as checked from outside, and
 * how long each storage was read-only before its copy was verified (null without a copy) and,
 * for a move, until it was writable at the target ({@code moved}; empty otherwise); and the run
 * as a picture's data ({@code timeline}: null where the run's events were not kept).
 */
public record RunSummary(
        String cluster,
        Mode mode,
        List<String> storages,
        List<List<String>> changes,
        RunEvent.Finished finished,
        Instant started,
        Instant ended,
        RunEvent.Outage outage,
        List<String> verified,
        List<String> copies,
        List<String> log,
        RunEvent.FrozenWindow frozen,
        List<Backup> backups,
        List<MoveWindow> moved,
        Timeline timeline) {
    /** A backup the run made of {@code file} on {@code host}, beside it. */
    public record Backup(String host, String file, String backup) {
        public Backup {
            if (!isBackupOf(backup, file)) {
                throw new IllegalArgumentException(backup + " is not named as a backup of " + file);
            }
        }

        /** Named as every apply names a backup: {@code FILE.zeofreeze-STAMP.bak}, beside the file. */
        public static boolean isBackupOf(String backup, String file) {
            if (backup == null
                    || file == null
                    || !backup.startsWith(file + ".zeofreeze-")
                    || !backup.endsWith(".bak")) {
                return false;
            }
            String stamp = backup.substring(file.length() + ".zeofreeze-".length(), backup.length() - ".bak".length());
            return !stamp.isEmpty()
                    && stamp.chars()
                            .allMatch(
                                    c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':');
        }

        @Override
        public String toString() {
            return host + ":" + backup;
        }
    }

    public RunSummary(
            String cluster,
            Mode mode,
            List<String> storages,
            List<List<String>> changes,
            RunEvent.Finished finished,
            Instant started,
            Instant ended,
            RunEvent.Outage outage,
            List<String> verified,
            List<String> copies,
            List<String> log,
            RunEvent.FrozenWindow frozen) {
        this(
                cluster, mode, storages, changes, finished, started, ended, outage, verified, copies, log, frozen,
                List.of());
    }

    /** A summary of a run that moved nothing. */
    public RunSummary(
            String cluster,
            Mode mode,
            List<String> storages,
            List<List<String>> changes,
            RunEvent.Finished finished,
            Instant started,
            Instant ended,
            RunEvent.Outage outage,
            List<String> verified,
            List<String> copies,
            List<String> log,
            RunEvent.FrozenWindow frozen,
            List<Backup> backups) {
        this(
                cluster, mode, storages, changes, finished, started, ended, outage, verified, copies, log, frozen,
                backups, List.of());
    }

    /** A summary without the run's timeline. */
    public RunSummary(
            String cluster,
            Mode mode,
            List<String> storages,
            List<List<String>> changes,
            RunEvent.Finished finished,
            Instant started,
            Instant ended,
            RunEvent.Outage outage,
            List<String> verified,
            List<String> copies,
            List<String> log,
            RunEvent.FrozenWindow frozen,
            List<Backup> backups,
            List<MoveWindow> moved) {
        this(
                cluster, mode, storages, changes, finished, started, ended, outage, verified, copies, log, frozen,
                backups, moved, null);
    }

    public RunSummary {
        moved = List.copyOf(moved);
        backups = List.copyOf(backups);
        verified = List.copyOf(verified);
        storages = List.copyOf(storages);
        changes = changes.stream().map(List::copyOf).toList();
        copies = List.copyOf(copies);
        log = List.copyOf(log);
    }

    /** A summary with no frozen window (no copy), each file a change of its own. */
    public RunSummary(
            String cluster,
            Mode mode,
            List<String> storages,
            List<String> files,
            RunEvent.Finished finished,
            Instant started,
            Instant ended,
            RunEvent.Outage outage,
            List<String> verified,
            List<String> copies,
            List<String> log) {
        this(
                cluster,
                mode,
                storages,
                files.stream().map(List::of).toList(),
                finished,
                started,
                ended,
                outage,
                verified,
                copies,
                log,
                null);
    }

    /** Whether the run was a move (a freeze, then the storages put into service at the target). */
    public boolean moves() {
        return !moved.isEmpty();
    }

    /** Every changed file, as {@code host:path}. */
    public List<String> files() {
        return changes.stream().flatMap(List::stream).toList();
    }

    /** How long the site as a whole did not serve; null when the run restarted nothing. */
    public Duration downtime() {
        return outage == null || !outage.restartedAnything() ? null : outage.site();
    }

    public Duration duration() {
        return Duration.between(started, ended);
    }

    public boolean succeeded() {
        return finished.outcome() == RunEvent.Outcome.DONE;
    }

    /** Done, and nothing the run checked from outside was found otherwise. */
    public boolean verifiedOk() {
        return succeeded() && verified.stream().noneMatch(VerifiedLines::failed);
    }
}
