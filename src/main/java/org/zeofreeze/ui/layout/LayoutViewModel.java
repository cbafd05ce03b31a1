package org.zeofreeze.ui.layout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import org.zeofreeze.cluster.ClientDatabase;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.DatabaseKind;
import org.zeofreeze.cluster.Finding;
import org.zeofreeze.cluster.SourceRef;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.format.Units;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Layout page: the discovered cluster as a tree (servers → storages, clients → databases
 * linked to their storages, findings with file and line). Storage sizes are looked up in the
 * background and fill in when they arrive.
 */
public final class LayoutViewModel implements PageModel {
    public static final String ROOT = "root";
    public static final String READ_ONLY = "read-only";
    public static final String WRITABLE = "writable";

    private final Session session;
    private final ObjectProperty<LayoutNode> tree = new SimpleObjectProperty<>();
    private final ObservableBooleanValue ready = Bindings.isNotNull(tree);
    private Map<StorageId, Long> sizes = Map.of();

    public LayoutViewModel(Session session) {
        this.session = session;
    }

    @Override
    public void entered() {
        Discovery discovery = session.discoveryProperty().get();
        if (discovery == null) {
            tree.set(null);
            return;
        }
        sizes = Map.of();
        tree.set(build(discovery.cluster(), sizes));
        Cluster cluster = discovery.cluster();
        session.executor()
                .execute(
                        () -> measure(cluster),
                        measured -> {
                            if (session.discoveryProperty().get() == discovery) {
                                sizes = measured;
                                tree.set(build(cluster, measured));
                            }
                        },
                        error -> {
                            // Sizes are a help, not a need: the tree stays as it is without them.
                        });
    }

    private Map<StorageId, Long> measure(Cluster cluster) {
        Map<StorageId, Long> out = new HashMap<>();
        for (ZeoServer server : cluster.servers()) {
            for (Storage storage : server.storages()) {
                if (storage.path() == null) {
                    continue;
                }
                try {
                    session.hosts()
                            .get(server.host())
                            .stat(storage.path())
                            .map(FileStat::size)
                            .ifPresent(size -> out.put(storage.id(), size));
                } catch (IOException e) {
                    // an unreadable file shows without a size
                }
            }
        }
        return out;
    }

    /** The tree for a cluster; {@code sizes} are the .fs file sizes known so far. */
    public static LayoutNode build(Cluster cluster, Map<StorageId, Long> sizes) {
        boolean manyHosts =
                cluster.buildouts().stream().map(b -> b.host()).distinct().count() > 1;
        List<LayoutNode> servers = new ArrayList<>();
        for (ZeoServer server : cluster.servers()) {
            List<LayoutNode> storages = server.storages().stream()
                    .map(s -> storageNode(cluster, s, sizes))
                    .toList();
            List<LayoutNode.Badge> badges = new ArrayList<>();
            if (server.serverReadOnly()) {
                badges.add(new LayoutNode.Badge("server-wide read-only", "danger"));
            }
            servers.add(new LayoutNode(
                    LayoutNode.Kind.SERVER,
                    server.name() + (manyHosts ? " on " + server.host() : ""),
                    "listens on "
                            + server.addresses().stream().map(Object::toString).collect(Collectors.joining(", "))
                            + " · " + server.confFile()
                            + server.runtime().describe().map(r -> " · " + r).orElse(""),
                    badges,
                    storages));
        }
        List<LayoutNode> clients = new ArrayList<>();
        for (ZopeClient client : cluster.clients()) {
            List<LayoutNode> dbs = client.databases().stream()
                    .map(db -> databaseNode(cluster, client, db))
                    .toList();
            clients.add(new LayoutNode(
                    LayoutNode.Kind.CLIENT,
                    client.name() + (manyHosts ? " on " + client.host() : ""),
                    client.confFile()
                            + client.runtime().describe().map(r -> " · " + r).orElse(""),
                    List.of(),
                    dbs));
        }
        List<LayoutNode> findings =
                cluster.findings().stream().map(LayoutViewModel::findingNode).toList();
        List<LayoutNode> groups = new ArrayList<>();
        groups.add(group("ZEO servers", servers));
        groups.add(group("Zope clients", clients));
        groups.add(new LayoutNode(
                LayoutNode.Kind.GROUP,
                "Findings",
                findings.isEmpty() ? "nothing odd found" : findings.size() + " to look at",
                List.of(),
                findings));
        return new LayoutNode(LayoutNode.Kind.GROUP, "Cluster", "", List.of(), groups);
    }

    private static LayoutNode group(String title, List<LayoutNode> children) {
        return new LayoutNode(LayoutNode.Kind.GROUP, title, Integer.toString(children.size()), List.of(), children);
    }

    private static LayoutNode storageNode(Cluster cluster, Storage storage, Map<StorageId, Long> sizes) {
        List<LayoutNode.Badge> badges = new ArrayList<>();
        if (cluster.isRoot(storage.id())) {
            badges.add(new LayoutNode.Badge(ROOT, "root"));
        }
        if (cluster.frozenEverywhere(storage)) {
            badges.add(new LayoutNode.Badge(READ_ONLY, "frozen"));
        } else if (cluster.frozenAnywhere(storage)) {
            badges.add(new LayoutNode.Badge("read-only on one side", "warning"));
        } else {
            badges.add(new LayoutNode.Badge(WRITABLE, "writable"));
        }
        if (!storage.freezable()) {
            badges.add(new LayoutNode.Badge(storage.type(), "muted"));
        }
        List<String> detail = new ArrayList<>();
        if (storage.freezable() && !storage.type().equals("filestorage")) {
            detail.add("in <" + storage.type() + ">"); // a wrapper that passes read-only through
        }
        detail.add(storage.path() == null ? "no file path" : storage.path());
        if (!storage.freezable() && storage.notFreezable() != null) {
            detail.add("not offered: " + storage.notFreezable());
        }
        Optional.ofNullable(sizes.get(storage.id())).ifPresent(size -> detail.add(Units.bytes(size)));
        if (storage.blobDir() != null) {
            detail.add("blobs " + storage.blobDir());
        }
        List<LayoutNode> users = cluster.usesOf(storage.id()).stream()
                .map(u -> new LayoutNode(
                        LayoutNode.Kind.DATABASE,
                        u.client().name() + " · " + u.database().name(),
                        "mounted at " + mounts(u.database()),
                        u.database().readOnly() ? List.of(new LayoutNode.Badge(READ_ONLY, "frozen")) : List.of(),
                        List.of()))
                .toList();
        return new LayoutNode(LayoutNode.Kind.STORAGE, storage.name(), String.join(" · ", detail), badges, users);
    }

    private static LayoutNode databaseNode(Cluster cluster, ZopeClient client, ClientDatabase db) {
        List<LayoutNode.Badge> badges = new ArrayList<>();
        String detail;
        if (db.kind() == DatabaseKind.ZEO) {
            Optional<StorageId> storage = cluster.storageOf(client, db);
            detail = "mounted at " + mounts(db) + " → "
                    + storage.map(id -> "storage " + cluster.displayName(id) + " on " + id.server())
                            .orElse("no storage found (" + db.storage() + ")");
            if (storage.map(cluster::isRoot).orElse(false)) {
                badges.add(new LayoutNode.Badge(ROOT, "root"));
            }
            badges.add(
                    db.readOnly()
                            ? new LayoutNode.Badge(READ_ONLY, "frozen")
                            : new LayoutNode.Badge(WRITABLE, "writable"));
        } else {
            detail = "mounted at " + mounts(db) + " · "
                    + db.kind().name().toLowerCase().replace('_', ' ') + ", left alone";
            badges.add(new LayoutNode.Badge("local", "muted"));
        }
        return new LayoutNode(LayoutNode.Kind.DATABASE, db.name(), detail, badges, List.of());
    }

    private static String mounts(ClientDatabase db) {
        return db.mountPoints().isEmpty()
                ? "(no mount point)"
                : db.mountPoints().stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    private static LayoutNode findingNode(Finding finding) {
        String where = finding.sources().stream().map(SourceRef::toString).collect(Collectors.joining(", "));
        boolean danger = finding.severity() == Finding.Severity.DANGER;
        return new LayoutNode(
                LayoutNode.Kind.FINDING,
                finding.message(),
                where,
                List.of(new LayoutNode.Badge(danger ? "danger" : "warning", danger ? "danger" : "warning")),
                List.of());
    }

    public ObjectProperty<LayoutNode> treeProperty() {
        return tree;
    }

    public Map<StorageId, Long> sizes() {
        return sizes;
    }

    @Override
    public ObservableBooleanValue readyProperty() {
        return ready;
    }
}
