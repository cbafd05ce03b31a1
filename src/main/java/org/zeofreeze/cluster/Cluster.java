package org.zeofreeze.cluster;

import java.util.List;
import java.util.Optional;

/**
 * The discovered cluster: ZEO servers and their storages, Zope clients and their databases,
 * which client database opens which storage, the root storage, and what does not add up.
 */
public record Cluster(
        List<Buildout> buildouts,
        List<ZeoServer> servers,
        List<ZopeClient> clients,
        List<StorageUse> uses,
        Optional<StorageId> root,
        List<Finding> findings) {

    public Cluster {
        buildouts = List.copyOf(buildouts);
        servers = List.copyOf(servers);
        clients = List.copyOf(clients);
        uses = List.copyOf(uses);
        findings = List.copyOf(findings);
    }

    public List<Storage> storages() {
        return servers.stream().flatMap(s -> s.storages().stream()).toList();
    }

    /** The server that serves the storage {@code id} names; an id from this cluster always has one. */
    public ZeoServer serverOf(StorageId id) {
        return servers.stream()
                .filter(s -> s.host().equals(id.host()) && s.name().equals(id.server()))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalStateException("the cluster has no ZEO server " + id.server() + " on " + id.host()));
    }

    public Optional<Storage> storage(StorageId id) {
        return storages().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The root storage, or any storage a client mounts at '/' (clients may disagree): Zope writes to it at start-up. */
    public boolean isRoot(StorageId id) {
        return root.map(id::equals).orElse(false)
                || usesOf(id).stream().anyMatch(u -> u.database().isRoot());
    }

    /** Client databases that talk to a ZEO server but could not be linked to any discovered storage. */
    public List<UnlinkedDatabase> unlinked() {
        return clients.stream()
                .flatMap(c -> c.databases().stream()
                        .filter(d ->
                                d.kind() == DatabaseKind.ZEO && storageOf(c, d).isEmpty())
                        .map(d -> new UnlinkedDatabase(c, d)))
                .toList();
    }

    /** A ZEO client database whose server or storage is not among the discovered ones. */
    public record UnlinkedDatabase(ZopeClient client, ClientDatabase database) {}

    public List<StorageUse> usesOf(StorageId id) {
        return uses.stream().filter(u -> u.storage().equals(id)).toList();
    }

    public Optional<StorageId> storageOf(ZopeClient client, ClientDatabase database) {
        return uses.stream()
                .filter(u -> u.client().equals(client) && u.database().equals(database))
                .map(StorageUse::storage)
                .findFirst();
    }

    /** Frozen on the server and in every client database that opens it. */
    public boolean frozenEverywhere(Storage storage) {
        return storage.readOnly()
                && usesOf(storage.id()).stream().allMatch(u -> u.database().readOnly());
    }

    /** Read-only on the server or in any client database that opens it. */
    public boolean frozenAnywhere(Storage storage) {
        return storage.readOnly()
                || usesOf(storage.id()).stream().anyMatch(u -> u.database().readOnly());
    }

    public Optional<Buildout> buildoutOf(String host) {
        return buildouts.stream().filter(b -> b.host().equals(host)).findFirst();
    }

    /**
     * The name a person types for a storage: its bare name when unique, else {@code server/name},
     * else {@code host:server/name}.
     */
    public String displayName(StorageId id) {
        long same = storages().stream().filter(s -> s.name().equals(id.name())).count();
        if (same <= 1) {
            return id.name();
        }
        long sameServer = storages().stream()
                .filter(s -> s.name().equals(id.name()) && s.id().server().equals(id.server()))
                .count();
        return sameServer > 1 ? id.qualified() : id.toString();
    }
}
