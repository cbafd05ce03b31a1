package org.zeofreeze.plan;

import java.util.List;
import org.zeofreeze.cluster.StorageId;

/**
 * What retiring moved storages does on their old ZEO server: each one's served section (the
 * {@code <filestorage>}, or the wrapper section that serves it) taken out of the old zeo.conf,
 * every other byte as it was; the {@code .fs} and blob files are kept. {@code changes} start from
 * the files as the retire finds them (for a move in the same run: as its freeze leaves them).
 */
public record RetirePlan(List<StorageId> storages, List<FileChange> changes, List<String> notes) {
    public RetirePlan {
        storages = List.copyOf(storages);
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }
}
