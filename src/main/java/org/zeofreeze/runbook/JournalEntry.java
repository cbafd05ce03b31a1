package org.zeofreeze.runbook;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.zeofreeze.apply.AppliedFile;

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
    @JsonSubTypes.Type(value = JournalEntry.RunEnded.class, name = "run-ended")})
public sealed interface JournalEntry {
    String at();

    record StepMarked(String at, String step, String host, StepState state, String message) implements JournalEntry {
    }

    /** About to write a configuration file; its backup already names where the original goes. */
    record FileWriting(String at, String host, AppliedFile file) implements JournalEntry {
    }

    record FileWritten(String at, String host, AppliedFile file) implements JournalEntry {
    }

    record FileRestored(String at, String host, String path) implements JournalEntry {
    }

    /** A {@code .fs} file's permission bits changed (freeze: a-w; thaw: u+w). */
    record ModeChanged(String at, String host, String path, int oldMode, int newMode) implements JournalEntry {
    }

    record ModeRestored(String at, String host, String path) implements JournalEntry {
    }

    /** A process this run stopped (so a rollback knows what to start again). */
    record ProcessStopped(String at, String host, String part) implements JournalEntry {
    }

    record RunEnded(String at, RunEvent.Outcome outcome, String message) implements JournalEntry {
    }
}
