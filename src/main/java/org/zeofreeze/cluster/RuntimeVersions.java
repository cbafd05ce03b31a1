package org.zeofreeze.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Python, ZEO and ZODB a server or client runs, as its {@code bin/PART} script names them (its
 * interpreter and the eggs it puts on {@code sys.path}); null where that cannot be told.
 */
public record RuntimeVersions(String python, String zeo, String zodb) {
    public static RuntimeVersions unknown() {
        return new RuntimeVersions(null, null, null);
    }

    public boolean known() {
        return python != null || zeo != null || zodb != null;
    }

    /** The major version of ZEO, where known: ZEO 4 clients fail requests at once while their server restarts. */
    public OptionalInt zeoMajor() {
        return major(zeo);
    }

    private static OptionalInt major(String version) {
        if (version == null) {
            return OptionalInt.empty();
        }
        String head = version.split("\\.", 2)[0];
        return head.matches("\\d{1,3}") ? OptionalInt.of(Integer.parseInt(head)) : OptionalInt.empty();
    }

    /** "Python 3.11, ZEO 6.2, ZODB 6.2", the parts known, or empty. */
    public Optional<String> describe() {
        List<String> parts = new ArrayList<>();
        if (python != null) {
            parts.add("Python " + python);
        }
        if (zeo != null) {
            parts.add("ZEO " + zeo);
        }
        if (zodb != null) {
            parts.add("ZODB " + zodb);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
    }
}
