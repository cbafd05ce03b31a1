package org.zeofreeze.cluster;

/** A buildout directory on a host ({@code "local"} for this computer). */
public record Buildout(String host, String dir) {
    public static final String DEFAULT_DIR = "/usr/local/Plone/zeocluster";
    public static final String LOCAL = "local";

    /** The path of {@code file} relative to this buildout, as patches name it. */
    public String relative(String file) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        return file.startsWith(prefix) ? file.substring(prefix.length()) : file;
    }
}
