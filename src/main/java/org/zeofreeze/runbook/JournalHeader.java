package org.zeofreeze.runbook;

import org.zeofreeze.cluster.StorageId;
import java.util.List;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.RetirePlan;
import org.zeofreeze.profile.ClusterProfile;

/**
 * What a run was asked to do: the profile, the mode and storages, the reviewed file changes and the
 * strategy; for a move, its reviewed plan (the files of each phase, as they are written, its retire
 * included); for a retire alone, its reviewed plan.
 */
public record JournalHeader(String runId, String created, ClusterProfile profile, String mode, List<StorageId> storages,
                            List<PlannedFile> reviewed, String strategy, MovePlan move, RetirePlan retire) {
    public JournalHeader {
        storages = List.copyOf(storages);
        reviewed = List.copyOf(reviewed);
    }

    public JournalHeader(String runId, String created, ClusterProfile profile, String mode, List<StorageId> storages,
                         List<PlannedFile> reviewed, String strategy, MovePlan move) {
        this(runId, created, profile, mode, storages, reviewed, strategy, move, null);
    }

    public JournalHeader(String runId, String created, ClusterProfile profile, String mode, List<StorageId> storages,
                         List<PlannedFile> reviewed) {
        this(runId, created, profile, mode, storages, reviewed, null, null, null);
    }

    public JournalHeader(String runId, String created, ClusterProfile profile, String mode, List<StorageId> storages,
                         List<PlannedFile> reviewed, String strategy) {
        this(runId, created, profile, mode, storages, reviewed, strategy, null, null);
    }

    /** The strategy the run was started with; journals from before there was a choice ran the full stop. */
    public Strategy runStrategy() {
        return strategy == null ? Strategy.FULL_STOP : Strategy.parse(strategy).orElse(Strategy.FULL_STOP);
    }
}
