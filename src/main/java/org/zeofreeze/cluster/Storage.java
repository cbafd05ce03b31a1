package org.zeofreeze.cluster;

/**
 * A storage a ZEO server serves. {@code type} is the outer section type ({@code filestorage},
 * {@code blobstorage}, {@code zrs}...); {@code readOnlySection} is the {@code <filestorage>} that
 * carries {@code read-only} (the inner one for wrappers), or null when there is none to freeze.
 */
public record Storage(StorageId id, String type, String path, String blobDir, boolean readOnly,
                      SourceRef declaredAt, SourceRef readOnlySection) {

    public String name() {
        return id.name();
    }

    public boolean freezable() {
        return readOnlySection != null;
    }
}
