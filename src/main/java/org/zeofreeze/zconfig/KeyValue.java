package org.zeofreeze.zconfig;

import java.util.Locale;

/**
 * A {@code key value} line. {@code key} is spelled as written (ZConfig compares keys without
 * case); {@code value} is after substitution, {@code rawValue} as written.
 */
public record KeyValue(String key, String rawValue, String value, String file, int lineIndex) implements Node {

    /** Whether this is the key {@code name}: ZConfig lower-cases keys (Python's lower(), not equalsIgnoreCase). */
    public boolean is(String name) {
        return key.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
    }
}
