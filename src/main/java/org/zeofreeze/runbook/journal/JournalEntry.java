package org.zeofreeze.runbook.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.zeofreeze.apply.AppliedFile;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;

/**
 * One line of the run's journal, written (and flushed to disk) before and after each action, so
 * a run cut short can be resumed or rolled back from what it had really done.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "entry")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JournalEntry.StepMarked.class, name = "step"),
    @JsonSubTypes.Type(value = JournalEntry.FileWriting.class, name = "file-writing"),
    @JsonSubTypes.Type(value = JournalEntry.FileWritten.class, name = "file-written"),
    @JsonSubTypes.Type(value = JournalEntry.FileRestored.class, name = "file-restored"),
    @JsonSubTypes.Type(value = JournalEntry.ModeChanged.class, name = "mode-changed"),
    @JsonSubTypes.Type(value = JournalEntry.ModeRestored.class, name = "mode-restored"),
    @JsonSubTypes.Type(value = JournalEntry.ProcessStopped.class, name = "process-stopped"),
    @JsonSubTypes.Type(value = JournalEntry.ProcessStarted.class, name = "process-started"),
    @JsonSubTypes.Type(value = JournalEntry.PreSynced.class, name = "pre-synced"),
    @JsonSubTypes.Type(value = JournalEntry.CopyVerified.class, name = "copy-verified"),
    @JsonSubTypes.Type(value = JournalEntry.CommandStarted.class, name = "command-started"),
    @JsonSubTypes.Type(value = JournalEntry.CommandEnded.class, name = "command-ended"),
    @JsonSubTypes.Type(value = JournalEntry.RunEnded.class, name = "run-ended")
})
public sealed interface JournalEntry {
    String at();

    record StepMarked(String at, String step, String host, StepState state, String message) implements JournalEntry {}

    /** About to write a configuration file; its backup already names where the original goes. */
    record FileWriting(String at, String host, AppliedFile file) implements JournalEntry {}

    record FileWritten(String at, String host, AppliedFile file) implements JournalEntry {}

    record FileRestored(String at, String host, String path) implements JournalEntry {}

    /** A {@code .fs} file's permission bits changed (freeze: a-w; thaw: u+w). */
    record ModeChanged(String at, String host, String path, int oldMode, int newMode) implements JournalEntry {}

    record ModeRestored(String at, String host, String path) implements JournalEntry {}

    /** A process this run stopped (so a rollback knows what to start again). */
    record ProcessStopped(String at, String host, String part) implements JournalEntry {}

    /** A process this run started that was not running before (so a rollback stops it again). */
    record ProcessStarted(String at, String host, String part) implements JournalEntry {}

    /**
     * The pre-sync left {@code target} on the migration target as a copy of the first {@code size}
     * bytes of {@code source} (on {@code host}); {@code sha256} is that prefix's, compared on both
     * ends (null when they differed: the file this run wrote is then its own, but no prefix). The
     * source's inode and the target's inode and time tell the copy step whether both are still
     * the files the pre-sync saw.
     */
    record PreSynced(
            String at,
            String host,
            String source,
            String target,
            long size,
            String sha256,
            String sourceInode,
            String targetInode,
            String targetModified)
            implements JournalEntry {}

    /** A storage's copy on the target was verified: size and sha256 of both ends compared. */
    record CopyVerified(String at, String host, String storage, String source, String target, long size, String sha256)
            implements JournalEntry {}

    record RunEnded(String at, RunEvent.Outcome outcome, String message) implements JournalEntry {}

    /**
     * About to start a long command ({@code program}: rsync, sha256sum, the probe's Python) on
     * {@code host} in a process group of its own, whose id it writes into {@code groupFile} there:
     * if this run dies, a resume or rollback finds what is left of it through that file.
     */
    record CommandStarted(String at, String step, String host, String program, String groupFile)
            implements JournalEntry {}

    /** The command of that group file ended, or what was left of it was stopped. */
    record CommandEnded(String at, String host, String groupFile) implements JournalEntry {}
}
