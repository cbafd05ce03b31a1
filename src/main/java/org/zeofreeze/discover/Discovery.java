package org.zeofreeze.discover;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ParsedConfig;

/** The cluster model together with the parsed files it was read from, which plans edit. */
public record Discovery(Cluster cluster, Map<HostFile, ParsedConfig> configs) {
    public Discovery {
        configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    }

    public ParsedConfig config(String host, String mainFile) {
        ParsedConfig config = configs.get(new HostFile(host, mainFile));
        if (config == null) {
            throw new IllegalArgumentException("no configuration read from " + host + ":" + mainFile);
        }
        return config;
    }

    /** A file as read on its host: a main configuration file or one it includes. */
    public ConfigDocument document(HostFile file) {
        return configs.entrySet().stream()
                .filter(e -> e.getKey().host().equals(file.host()))
                .map(e -> e.getValue().documents().get(file.path()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no file read from " + file));
    }
}
