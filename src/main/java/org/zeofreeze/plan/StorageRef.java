package org.zeofreeze.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;

/**
 * A storage as a person names it at the edge (a command-line option, a profile): {@code name},
 * {@code server/name} or {@code host:server/name}. Parsed once, then resolved against the cluster
 * to exactly one {@link StorageId}; nothing after that re-reads text.
 */
public record StorageRef(String host, String server, String name, String typed) {

    public StorageRef(String host, String server, String name) {
        this(host, server, name, null);
    }

    public static StorageRef parse(String text) throws PlanException {
        String t = text.strip();
        String host = null;
        String server = null;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            host = t.substring(0, colon);
            t = t.substring(colon + 1);
        }
        int slash = t.lastIndexOf('/');
        if (slash >= 0) {
            server = t.substring(0, slash);
            t = t.substring(slash + 1);
        }
        if (text.isBlank()) {
            throw new PlanException(
                    "'" + text + "' is not a storage name: write NAME, SERVER/NAME or HOST:SERVER/NAME");
        }
        if (t.isEmpty()
                || (host != null && (host.isEmpty() || server == null))
                || (server != null && server.isEmpty())) {
            return new StorageRef(null, null, text.strip(), text.strip()); // not qualified: a name holding ':' or '/'
        }
        return new StorageRef(host, server, t, text.strip());
    }

    /** The one storage of the cluster this names; unknown or ambiguous is bad input, said with the names to use. */
    public StorageId resolve(Cluster cluster) throws PlanException {
        List<Storage> matches = matches(cluster, false);
        if (matches.isEmpty()) {
            matches = matches(cluster, true); // a server part typed in another case: fine if it is the only one
        }
        if (matches.isEmpty() && typed != null && (server != null || host != null)) {
            // A name that holds '/' or ':' itself ("<filestorage sites/a>"): the whole text as typed.
            String whole = typed.toLowerCase(Locale.ROOT);
            matches = cluster.storages().stream()
                    .filter(s -> s.name().equals(whole))
                    .toList();
        }
        if (matches.size() == 1) {
            return matches.get(0).id();
        }
        if (matches.isEmpty()) {
            List<String> names = cluster.storages().stream()
                    .map(s -> "'" + cluster.displayName(s.id()) + "'")
                    .toList();
            throw new PlanException("there is no storage named '" + (typed != null ? typed : toString())
                    + "'; the cluster has: " + String.join(", ", names) + " (write NAME, or SERVER/NAME where two ZEO "
                    + "servers have a storage of that name)");
        }
        throw new PlanException("'" + this + "' names a storage on several ZEO servers; write one of: "
                + String.join(
                        ", ",
                        matches.stream().map(s -> cluster.displayName(s.id())).toList()));
    }

    private List<Storage> matches(Cluster cluster, boolean ignoreServerCase) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return cluster.storages().stream()
                .filter(s -> s.name().equals(wanted))
                .filter(s -> server == null
                        || (ignoreServerCase
                                ? s.id().server().equalsIgnoreCase(server)
                                : s.id().server().equals(server)))
                .filter(s -> host == null || host.equals(s.id().host()))
                .toList();
    }

    /** The reference that names exactly this id. */
    public static StorageRef of(StorageId id) {
        return new StorageRef(id.host(), id.server(), id.name());
    }

    public Optional<String> hostName() {
        return Optional.ofNullable(host);
    }

    @Override
    public String toString() {
        return (host == null ? "" : host + ":") + (server == null ? "" : server + "/") + name;
    }
}
