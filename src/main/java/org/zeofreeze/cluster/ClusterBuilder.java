package org.zeofreeze.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.zeofreeze.cluster.Finding.Severity;
import org.zeofreeze.zconfig.ParsedConfig;
import org.zeofreeze.zconfig.Section;

/** Builds the cluster model from parsed zeo.conf and zope.conf files. */
public final class ClusterBuilder {
    /** Top-level sections of zeo.conf that are not storages. */
    private static final Set<String> NOT_STORAGES =
            Set.of("zeo", "eventlog", "logger", "runner", "zdaemon", "product-config", "environment");

    private static final Set<String> LOCAL_TYPES = Set.of("filestorage", "mappingstorage", "demostorage");

    private final List<Finding> findings = new ArrayList<>();
    private final ConfigValues values = new ConfigValues(findings);

    public ZeoServer readServer(String host, String part, ParsedConfig config) {
        return readServer(host, part, config, RuntimeVersions.unknown());
    }

    public ZeoServer readServer(String host, String part, ParsedConfig config, RuntimeVersions runtime) {
        Section root = config.root();
        List<Section> zeo = root.sections("zeo");
        List<Address> addresses = zeo.isEmpty() ? List.of() : values.addresses(zeo.get(0), "address");
        boolean serverReadOnly = !zeo.isEmpty() && values.bool(zeo.get(0), "read-only", false);
        String file = config.main().path();
        if (zeo.isEmpty()) {
            findings.add(new Finding(
                    Severity.WARNING,
                    part + ": zeo.conf has no <zeo> section, so no address",
                    List.of(new SourceRef(file, 1))));
        }
        if (serverReadOnly) {
            findings.add(new Finding(
                    Severity.DANGER,
                    part + ": '<zeo> read-only true' makes every storage read-only, "
                            + "the root too; Zope cannot start that way. Freeze single storages instead.",
                    List.of(ConfigValues.ref(zeo.get(0)))));
        }
        List<Storage> storages = new ArrayList<>();
        root.sections().filter(s -> !NOT_STORAGES.contains(s.type())).forEach(section -> {
            String name = section.name();
            if (name == null) {
                name = "1";
                findings.add(new Finding(
                        Severity.WARNING,
                        part + ": " + section.header()
                                + " has no name; ZEO needs one (clients ask for a storage by name)",
                        List.of(ConfigValues.ref(section))));
            }
            StorageSections.Result<Section> freeze = StorageSections.freezeSection(section);
            Optional<Section> fileStorage = freeze.found();
            // The path is the data file whatever wraps it: the copy needs it even where read-only cannot be set.
            String path = section.walk()
                    .filter(s -> s.type().equals("filestorage"))
                    .findFirst()
                    .map(fs -> values.path(fs, "path", config.environment()))
                    .orElse(null);
            String blobDir = section.walk()
                    .filter(s -> s.get("blob-dir").isPresent())
                    .findFirst()
                    .map(s -> values.path(s, "blob-dir", config.environment()))
                    .orElse(null);
            boolean readOnly =
                    fileStorage.map(fs -> values.bool(fs, "read-only", false)).orElse(false);
            storages.add(new Storage(
                    new StorageId(host, part, name),
                    section.type(),
                    path,
                    blobDir,
                    readOnly,
                    ConfigValues.ref(section),
                    fileStorage.map(ConfigValues::ref).orElse(null),
                    freeze.reason()));
        });
        return new ZeoServer(host, part, file, addresses, serverReadOnly, storages, runtime);
    }

    public ZopeClient readClient(String host, String part, ParsedConfig config) {
        return readClient(host, part, config, RuntimeVersions.unknown());
    }

    public ZopeClient readClient(String host, String part, ParsedConfig config, RuntimeVersions runtime) {
        List<ClientDatabase> databases = new ArrayList<>();
        String file = config.main().path();
        for (Section db : config.root().sections("zodb_db")) {
            List<MountPoint> mounts = db.values("mount-point").stream()
                    .map(kv -> MountPoint.parse(kv.value()))
                    .toList();
            String where = part + " database '" + db.name() + "'";
            List<StorageSections.ZeoClientIn> zeoClients = StorageSections.zeoClients(db);
            if (zeoClients.size() > 1) {
                findings.add(new Finding(
                        Severity.WARNING,
                        where + " holds " + zeoClients.size() + " <zeoclient> sections; "
                                + "each is linked to its storage on its own and each gets read-only when that storage freezes",
                        zeoClients.stream()
                                .map(z -> ConfigValues.ref(z.zeoClient()))
                                .toList()));
            }
            for (StorageSections.ZeoClientIn in : zeoClients) {
                Section zc = in.zeoClient();
                for (Section unknown : in.unknownWrappers()) {
                    findings.add(new Finding(
                            Severity.WARNING,
                            where + ": its <zeoclient> is wrapped in " + unknown.header()
                                    + ", which ZeoFreeze does not know; read-only is written in the <zeoclient>, which is what "
                                    + "asks the ZEO server for write access",
                            List.of(ConfigValues.ref(unknown), ConfigValues.ref(zc))));
                }
                databases.add(new ClientDatabase(
                        db.name(),
                        mounts,
                        DatabaseKind.ZEO,
                        values.addresses(zc, "server"),
                        zc.get("storage").orElse("1"),
                        values.bool(zc, "read-only", false),
                        values.bool(zc, "read-only-fallback", false),
                        ConfigValues.ref(db),
                        ConfigValues.ref(zc),
                        values.bool(zc, "shared-blob-dir", false)));
            }
            if (!zeoClients.isEmpty()) {
                continue;
            }
            DatabaseKind kind = db.walk().anyMatch(s -> s.type().equals("temporarystorage"))
                    ? DatabaseKind.TEMPORARY
                    : db.walk().anyMatch(s -> LOCAL_TYPES.contains(s.type()))
                            ? DatabaseKind.LOCAL_FILESTORAGE
                            : DatabaseKind.OTHER;
            if (kind == DatabaseKind.OTHER) {
                String storage = db.sections().findFirst().map(Section::header).orElse("no storage section");
                findings.add(new Finding(
                        Severity.WARNING,
                        where + " uses " + storage + ", which is neither a ZEO client nor a local "
                                + "storage ZeoFreeze knows: it is left alone and cannot be linked to a ZEO storage",
                        List.of(ConfigValues.ref(db))));
            }
            databases.add(new ClientDatabase(
                    db.name(), mounts, kind, List.of(), null, false, false, ConfigValues.ref(db), null));
        }
        Optional<String> zserver =
                config.root().sections("http-server").stream().findFirst().flatMap(http -> http.get("address"));
        return new ZopeClient(host, part, file, databases, runtime, zserver);
    }

    /** Links client databases to server storages, finds the root and checks that both sides agree. */
    public Cluster assemble(List<Buildout> buildouts, List<ZeoServer> servers, List<ZopeClient> clients) {
        List<StorageUse> uses = new ArrayList<>();
        Optional<StorageId> root = Optional.empty();
        for (ZopeClient client : clients) {
            for (ClientDatabase db : client.databases()) {
                if (db.kind() != DatabaseKind.ZEO) {
                    continue;
                }
                List<ZeoServer> reachable = servers.stream()
                        .filter(s -> db.servers().stream()
                                .anyMatch(a -> s.addresses().stream()
                                        .anyMatch(l -> a.couldReach(
                                                l, Buildout.sameMachine(buildouts, s.host(), client.host())))))
                        .toList();
                Optional<StorageId> linked = link(client, db, reachable);
                linked.ifPresent(id -> uses.add(new StorageUse(client, db, id)));
                if (db.isRoot() && linked.isPresent()) {
                    if (root.isPresent() && !root.get().equals(linked.get())) {
                        findings.add(new Finding(
                                Severity.WARNING,
                                "clients disagree on the root database: " + root.get() + " and " + linked.get(),
                                List.of(db.declaredAt())));
                    } else {
                        root = linked;
                    }
                }
            }
        }
        if (root.isEmpty() && !clients.isEmpty()) {
            findings.add(new Finding(
                    Severity.WARNING,
                    "no client mounts a ZEO database at '/', so the root storage is "
                            + "unknown: no storage is chosen by default, name the ones to freeze",
                    List.of()));
        }
        Cluster cluster = new Cluster(buildouts, servers, clients, uses, root, findings);
        checkAgreement(cluster);
        return new Cluster(buildouts, servers, clients, uses, root, findings);
    }

    private Optional<StorageId> link(ZopeClient client, ClientDatabase db, List<ZeoServer> reachable) {
        String where = client.name() + " database '" + db.name() + "'";
        if (reachable.isEmpty()) {
            findings.add(new Finding(
                    Severity.WARNING,
                    where + " uses server " + db.servers() + ", which no discovered ZEO server listens on",
                    List.of(db.zeoClientSection())));
            return Optional.empty();
        }
        List<Storage> exact = reachable.stream()
                .flatMap(s -> s.storages().stream())
                .filter(st -> st.name().equals(db.storage()))
                .toList();
        if (exact.size() > 1) {
            findings.add(new Finding(
                    Severity.WARNING,
                    where + " could be storage '" + db.storage() + "' of "
                            + exact.stream().map(st -> st.id().server()).toList() + "; the first is assumed",
                    List.of(db.zeoClientSection())));
        }
        if (!exact.isEmpty()) {
            return Optional.of(exact.get(0).id());
        }
        Optional<Storage> caseOnly = reachable.stream()
                .flatMap(s -> s.storages().stream())
                .filter(st -> st.name().equals(db.storage().toLowerCase(Locale.ROOT)))
                .findFirst();
        if (caseOnly.isPresent()) {
            findings.add(new Finding(
                    Severity.WARNING,
                    where + " asks for storage '" + db.storage()
                            + "' but the server's is '" + caseOnly.get().name()
                            + "' (ZConfig lower-cases section names, ZEO "
                            + "compares exactly): the client cannot open it. Write 'storage "
                            + caseOnly.get().name() + "'.",
                    List.of(db.zeoClientSection(), caseOnly.get().declaredAt())));
            return Optional.of(caseOnly.get().id());
        }
        findings.add(new Finding(
                Severity.WARNING,
                where + " asks for storage '" + db.storage() + "', which the ZEO server does not define",
                List.of(db.zeoClientSection())));
        return Optional.empty();
    }

    private void checkAgreement(Cluster cluster) {
        for (Storage storage : cluster.storages()) {
            List<StorageUse> uses = cluster.usesOf(storage.id());
            for (StorageUse use : uses) {
                ClientDatabase db = use.database();
                if (storage.readOnly() && !db.readOnly()) {
                    findings.add(new Finding(
                            Severity.DANGER,
                            "storage '" + storage.name() + "' is read-only on the "
                                    + "server but " + use.client().name() + " database '" + db.name()
                                    + "' asks for write "
                                    + "access: that client will wait for the storage forever and the site hangs",
                            List.of(storage.readOnlySection(), db.zeoClientSection())));
                } else if (!storage.readOnly() && db.readOnly()) {
                    findings.add(new Finding(
                            Severity.WARNING,
                            use.client().name() + " database '" + db.name() + "' is read-only but storage '"
                                    + storage.name() + "' is writable on the server",
                            List.of(db.zeoClientSection(), storage.declaredAt())));
                }
            }
            if (cluster.isRoot(storage.id()) && storage.readOnly()) {
                findings.add(new Finding(
                        Severity.DANGER,
                        "the root storage '" + storage.name() + "' is read-only; "
                                + "Zope writes to the root database at start-up. Thaw it.",
                        List.of(storage.readOnlySection())));
            }
        }
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }
}
