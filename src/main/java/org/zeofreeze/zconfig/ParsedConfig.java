package org.zeofreeze.zconfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration as ZConfig sees it: the section tree of the main file with {@code %include}d
 * content spliced in, and every document it was read from (main file first).
 */
public record ParsedConfig(Section root, Map<String, ConfigDocument> documents) {

    public ParsedConfig {
        documents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(documents));
    }

    public ConfigDocument main() {
        return documents.values().iterator().next();
    }
}
