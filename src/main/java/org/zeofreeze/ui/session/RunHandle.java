package org.zeofreeze.ui.session;

import java.util.Optional;
import org.zeofreeze.runbook.journal.Journal;

/**
 * One run as the wizard holds it: the reviewed request, and the journal the run keeps once it
 * started (or the one it was taken up from), so Resume and Roll back find it. It lives as long as
 * the Run page shows that run, and goes with it.
 */
public final class RunHandle {
    private final RunRequest request;
    private volatile Journal journal;

    private RunHandle(RunRequest request, Journal journal) {
        this.request = request;
        this.journal = journal;
    }

    /** A new run of {@code request}: no journal until it starts. */
    public static RunHandle of(RunRequest request) {
        return new RunHandle(request, null);
    }

    /** A run cut short, taken up from its journal to resume or roll it back. */
    public static RunHandle takenUp(RunRequest request, Journal journal) {
        return new RunHandle(request, journal);
    }

    public RunRequest request() {
        return request;
    }

    public Optional<Journal> journal() {
        return Optional.ofNullable(journal);
    }

    /** The journal the run keeps, once it started. */
    public void kept(Journal j) {
        journal = j;
    }
}
