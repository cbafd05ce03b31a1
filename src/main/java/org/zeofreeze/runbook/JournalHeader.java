package org.zeofreeze.runbook;

import java.util.List;
import org.zeofreeze.profile.ClusterProfile;

/** What a run was asked to do: the profile, the mode and storages, and the reviewed file changes. */
public record JournalHeader(String runId, String created, ClusterProfile profile, String mode, List<String> storages,
                            List<PlannedFile> reviewed) {
    public JournalHeader {
        storages = List.copyOf(storages);
        reviewed = List.copyOf(reviewed);
    }
}
