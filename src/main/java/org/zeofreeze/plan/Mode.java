package org.zeofreeze.plan;

/** Freeze puts storages into read-only mode; thaw takes them out of it. */
public enum Mode {
    FREEZE,
    THAW
}
