package org.zeofreeze.plan;

import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.cluster.Cluster;

/**
 * What a person asked for before the cluster is read: the mode and the storages as typed
 * ({@code --freeze catalog}). Parsed at once; {@link #resolve} makes it a {@link Choice}.
 */
public record Selection(Mode mode, List<StorageRef> refs) {
    public Selection {
        refs = List.copyOf(refs);
    }

    /** From the texts of the command line; a malformed name is bad input. */
    public static Selection parse(Mode mode, List<String> texts) throws PlanException {
        List<StorageRef> refs = new ArrayList<>();
        for (String t : texts) {
            refs.add(StorageRef.parse(t));
        }
        return new Selection(mode, refs);
    }

    public static Selection freeze(String... names) {
        return unchecked(Mode.FREEZE, names);
    }

    public static Selection thaw(String... names) {
        return unchecked(Mode.THAW, names);
    }

    private static Selection unchecked(Mode mode, String... names) {
        try {
            return parse(mode, List.of(names));
        } catch (PlanException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public Choice resolve(Cluster cluster) throws PlanException {
        return Choice.of(mode, refs, cluster);
    }
}
