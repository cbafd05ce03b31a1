package org.zeofreeze.runbook.journal;

import java.time.Instant;
import java.util.List;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.RetirePlan;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.setup.Strategy;

/**
 * What a run was asked to do: the profile, the mode and storages, the reviewed file changes and the
 * strategy; for a move, its reviewed plan (the files of each phase, as they are written, its retire
 * included); for a retire alone, its reviewed plan. Typed as the run knows them; the file keeps the
 * texts it always had ({@code "FREEZE"}, {@code "rolling"}, an ISO-8601 instant).
 */
public record JournalHeader(
        String runId,
        Instant created,
        ClusterProfile profile,
        Mode mode,
        List<StorageId> storages,
        List<PlannedFile> reviewed,
        Strategy strategy,
        MovePlan move,
        RetirePlan retire) {
    public JournalHeader {
        storages = List.copyOf(storages == null ? List.of() : storages);
        reviewed = List.copyOf(reviewed == null ? List.of() : reviewed);
        // Journals from before there was a choice of strategy ran the full stop.
        strategy = strategy == null ? Strategy.FULL_STOP : strategy;
    }

    /** A freeze or thaw without a move, by full stop: the header of the simplest run. */
    public JournalHeader(
            String runId,
            Instant created,
            ClusterProfile profile,
            Mode mode,
            List<StorageId> storages,
            List<PlannedFile> reviewed) {
        this(runId, created, profile, mode, storages, reviewed, Strategy.FULL_STOP, null, null);
    }
}
