package org.zeofreeze.cluster;

/** A place in a configuration file: its path and 1-based line number. */
public record SourceRef(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
