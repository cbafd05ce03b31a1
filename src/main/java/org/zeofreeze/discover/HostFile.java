package org.zeofreeze.discover;

/** A file on a host: the same path on two hosts is two files. */
public record HostFile(String host, String path) {
    @Override
    public String toString() {
        return host + ":" + path;
    }
}
