package org.zeofreeze.cluster;

/** How a Zope client stores a database: through ZEO, or locally (left alone by ZeoFreeze). */
public enum DatabaseKind {
    ZEO,
    LOCAL_FILESTORAGE,
    TEMPORARY,
    OTHER
}
