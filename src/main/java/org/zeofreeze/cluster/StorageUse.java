package org.zeofreeze.cluster;

/** One client database opening one server storage. */
public record StorageUse(ZopeClient client, ClientDatabase database, StorageId storage) {}
