package org.zeofreeze.cluster;

/** A storage as the cluster knows it: the ZEO server part (e.g. {@code zeoserver}) and the storage name. */
public record StorageId(String server, String name) {
    @Override
    public String toString() {
        return server + "/" + name;
    }
}
