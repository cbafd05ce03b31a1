package org.zeofreeze.cluster;

import java.util.List;

/**
 * A {@code <zodb_db>} of a Zope client. For ZEO databases {@code servers} and {@code storage} say
 * which ZEO storage it opens (storage defaults to "1"), and {@code zeoClientSection} is where
 * {@code read-only} goes. {@code sharedBlobDir}: the client reads the blobs straight from its
 * {@code blob-dir}, which must be the server's own blob directory.
 */
public record ClientDatabase(
        String name,
        List<MountPoint> mountPoints,
        DatabaseKind kind,
        List<Address> servers,
        String storage,
        boolean readOnly,
        boolean readOnlyFallback,
        SourceRef declaredAt,
        SourceRef zeoClientSection,
        boolean sharedBlobDir) {
    public ClientDatabase {
        mountPoints = List.copyOf(mountPoints);
        servers = List.copyOf(servers);
    }

    public ClientDatabase(
            String name,
            List<MountPoint> mountPoints,
            DatabaseKind kind,
            List<Address> servers,
            String storage,
            boolean readOnly,
            boolean readOnlyFallback,
            SourceRef declaredAt,
            SourceRef zeoClientSection) {
        this(
                name,
                mountPoints,
                kind,
                servers,
                storage,
                readOnly,
                readOnlyFallback,
                declaredAt,
                zeoClientSection,
                false);
    }

    public boolean isRoot() {
        return mountPoints.stream().anyMatch(MountPoint::isRoot);
    }
}
