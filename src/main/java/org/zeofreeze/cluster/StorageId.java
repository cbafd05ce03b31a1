package org.zeofreeze.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A storage as the cluster knows it: the host, the ZEO server part on it (e.g. {@code zeoserver},
 * kept as the directory is spelt) and the storage's name (lower-cased, as ZConfig reads section
 * names). Two hosts may both have a {@code zeoserver} part; their storages are different.
 */
public record StorageId(String host, String server, String name) {
    @JsonCreator
    public StorageId(
            @JsonProperty("host") String host,
            @JsonProperty("server") String server,
            @JsonProperty("name") String name) {
        this.host = host;
        this.server = Objects.requireNonNull(server, "server");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A storage written as text by an earlier version ({@code server/name}); its host is found when it is resolved. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static StorageId fromText(String text) {
        int colon = text.indexOf(':');
        String host = colon < 0 ? null : text.substring(0, colon);
        String rest = text.substring(colon + 1);
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not server/name");
        }
        return new StorageId(host, rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** {@code server/name}: how a person reads it where the server part alone tells it apart. */
    @Override
    public String toString() {
        return server + "/" + name;
    }

    /** {@code host:server/name}: unique in any cluster. */
    public String qualified() {
        return host + ":" + server + "/" + name;
    }
}
