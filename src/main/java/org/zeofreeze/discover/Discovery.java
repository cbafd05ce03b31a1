package org.zeofreeze.discover;

import java.util.LinkedHashMap;
import java.util.Map;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.zconfig.ParsedConfig;

/** The cluster model together with the parsed files it was read from, which plans edit. */
public record Discovery(Cluster cluster, Map<HostFile, ParsedConfig> configs) {
    public Discovery {
        configs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    }

    public ParsedConfig config(String host, String mainFile) {
        ParsedConfig config = configs.get(new HostFile(host, mainFile));
        if (config == null) {
            throw new IllegalArgumentException("no configuration read from " + host + ":" + mainFile);
        }
        return config;
    }
}
