package org.zeofreeze.cluster;

import java.util.List;
import java.util.Optional;

/**
 * A host whose cluster is no buildout (pip-installed Zope, configurations kept by hand and run by
 * supervisord or systemd): the profile names each configuration instead of a directory to search.
 * The {@link Buildout#dir()} of such a host is its home directory, which stands in for the
 * buildout directory wherever one is needed (the records and the run lock in
 * {@code HOME/var/zeofreeze/}, patches named relative to it, a copy's paths relative to it).
 * {@code python}, when given, is the interpreter the cluster runs (for the probe from outside).
 */
public record FilesLayout(List<Part> parts, String python) {

    /** A ZEO server ({@code http} null) or a Zope client named by its part and its configuration's path. */
    public record Part(String name, String config, boolean server, String http) {}

    public FilesLayout {
        parts = List.copyOf(parts);
    }

    public List<Part> servers() {
        return parts.stream().filter(Part::server).toList();
    }

    public List<Part> clients() {
        return parts.stream().filter(p -> !p.server()).toList();
    }

    /** The part of that name, if the layout names one. */
    public Optional<Part> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<String> pythonPath() {
        return Optional.ofNullable(python);
    }
}
