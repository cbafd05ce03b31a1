package org.zeofreeze.cluster;

/**
 * A storage a ZEO server serves. {@code type} is the outer section type ({@code filestorage},
 * {@code zlibstorage}, {@code blobstorage}...); {@code readOnlySection} is the {@code <filestorage>}
 * whose {@code read-only} the served storage honours (the inner one of a wrapper that passes it
 * through), or null when there is none, and then {@code notFreezable} says why.
 */
public record Storage(
        StorageId id,
        String type,
        String path,
        String blobDir,
        boolean readOnly,
        SourceRef declaredAt,
        SourceRef readOnlySection,
        String notFreezable) {

    public String name() {
        return id.name();
    }

    public boolean freezable() {
        return readOnlySection != null;
    }
}
