package org.zeofreeze.plan;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.zeofreeze.cluster.ClientDatabase;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.cluster.ZopeClient;

/**
 * Whether every place that can be read-only is: each ZEO server's {@code <zeo>}, each storage, each
 * client database. Taken before a plan is applied, it lets the verification check that the chosen
 * storages changed and that nothing else did, the root above all.
 *
 * @param readOnly place (a sentence fragment such as "database 'catalog' of client1") to its state
 * @param chosenPlaces the places of the storages a plan changes: the storages and the databases opening them
 */
public record ReadOnlyState(Map<String, Boolean> readOnly, Set<String> chosenPlaces) {
    public ReadOnlyState {
        readOnly = Collections.unmodifiableMap(new LinkedHashMap<>(readOnly));
        chosenPlaces = Collections.unmodifiableSet(new LinkedHashSet<>(chosenPlaces));
    }

    public static ReadOnlyState of(Cluster cluster, Collection<StorageId> chosen) {
        Map<String, Boolean> state = new LinkedHashMap<>();
        Set<String> places = new LinkedHashSet<>();
        for (ZeoServer server : cluster.servers()) {
            state.put(zeo(server), server.serverReadOnly());
            for (Storage storage : server.storages()) {
                String place = storage(cluster, server, storage.id());
                state.put(place, storage.readOnly());
                if (chosen.contains(storage.id())) {
                    places.add(place);
                }
            }
        }
        for (ZopeClient client : cluster.clients()) {
            for (ClientDatabase db : client.databases()) {
                String place = database(client, db);
                state.put(place, db.readOnly());
                if (cluster.storageOf(client, db).map(chosen::contains).orElse(false)) {
                    places.add(place);
                }
            }
        }
        return new ReadOnlyState(state, places);
    }

    /** What the plan promises: the chosen places frozen (or thawed), every other place as it was. */
    public Map<String, Boolean> expected(Mode mode) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        readOnly.forEach((place, was) -> out.put(place, chosenPlaces.contains(place) ? mode == Mode.FREEZE : was));
        return out;
    }

    private static String zeo(ZeoServer server) {
        return "<zeo> of " + server.name() + where(server.host());
    }

    private static String storage(Cluster cluster, ZeoServer server, StorageId id) {
        return (cluster.isRoot(id) ? "the root storage " : "storage ") + id + where(server.host());
    }

    private static String database(ZopeClient client, ClientDatabase db) {
        return (db.isRoot() ? "the root database '" : "database '") + db.name() + "' of " + client.name()
                + where(client.host());
    }

    private static String where(String host) {
        return host.equals("local") ? "" : " on " + host;
    }
}
