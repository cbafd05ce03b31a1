package org.zeofreeze.plan;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.StorageId;

/** What is chosen, exactly: the mode and the storages. No storage means the default set for the mode. */
public record Choice(Mode mode, Set<StorageId> storages) {
    public Choice {
        storages = Collections.unmodifiableSet(new LinkedHashSet<>(storages));
    }

    /** The storages a person named, resolved against the cluster once. */
    public static Choice of(Mode mode, List<StorageRef> refs, Cluster cluster) throws PlanException {
        Set<StorageId> ids = new LinkedHashSet<>();
        for (StorageRef ref : refs) {
            ids.add(ref.resolve(cluster));
        }
        return new Choice(mode, ids);
    }
}
