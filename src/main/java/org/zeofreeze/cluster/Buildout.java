package org.zeofreeze.cluster;

import java.util.List;
import java.util.Optional;

/**
 * A buildout directory on a host ({@code "local"} for this computer). {@code machine} is the
 * host's systemd machine id when it could be read: two hosts of a profile with the same id are one
 * machine, where a loopback address reaches either's ZEO server. {@code files} is null for a
 * buildout; for a host whose configurations the profile names one by one it holds them, and
 * {@code dir} is that host's home directory (see {@link FilesLayout}).
 */
public record Buildout(String host, String dir, String machine, FilesLayout files) {
    public static final String DEFAULT_DIR = "/usr/local/Plone/zeocluster";
    public static final String LOCAL = "local";

    public Buildout(String host, String dir) {
        this(host, dir, null, null);
    }

    public Buildout(String host, String dir, String machine) {
        this(host, dir, machine, null);
    }

    /** The configurations the profile names, when this host is no buildout. */
    public Optional<FilesLayout> filesLayout() {
        return Optional.ofNullable(files);
    }

    /** Whether two hosts of these buildouts are the same machine: the same host, or the same known machine id. */
    public static boolean sameMachine(List<Buildout> buildouts, String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        String ma = buildouts.stream()
                .filter(x -> x.host().equals(a))
                .map(Buildout::machine)
                .filter(m -> m != null)
                .findFirst()
                .orElse(null);
        String mb = buildouts.stream()
                .filter(x -> x.host().equals(b))
                .map(Buildout::machine)
                .filter(m -> m != null)
                .findFirst()
                .orElse(null);
        return ma != null && ma.equals(mb);
    }

    /** The path of {@code file} relative to this buildout, as patches name it. */
    public String relative(String file) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        return file.startsWith(prefix) ? file.substring(prefix.length()) : file;
    }
}
