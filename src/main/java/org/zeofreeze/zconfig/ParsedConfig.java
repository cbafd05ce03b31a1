package org.zeofreeze.zconfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A configuration as ZConfig sees it: the section tree of the main file with {@code %include}d
 * content spliced in, every document it was read from (main file first), and the environment it
 * was read with (for {@code $(VAR)}, and {@code HOME} for the {@code ~} of path values).
 */
public record ParsedConfig(Section root, Map<String, ConfigDocument> documents, UnaryOperator<String> environment) {

    public ParsedConfig {
        documents = Collections.unmodifiableMap(new LinkedHashMap<>(documents));
    }

    public ConfigDocument main() {
        return documents.values().iterator().next();
    }

    /** The section declared on {@code line} of {@code file}, as discovery recorded where it stands. */
    public Section sectionAt(String file, int line) {
        return root.walk()
                .filter(s -> s.file().equals(file) && s.lineNumber() == line)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no section at " + file + ":" + line));
    }
}
