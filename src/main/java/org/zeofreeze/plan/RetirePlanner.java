package org.zeofreeze.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.StorageUse;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ConfigEditor;
import org.zeofreeze.zconfig.ConfigSyntaxError;
import org.zeofreeze.zconfig.LineEdit;
import org.zeofreeze.zconfig.ParsedConfig;
import org.zeofreeze.zconfig.Section;

/**
 * Plans the retire of moved storages: on their old ZEO server, each one's served section — the
 * whole {@code <filestorage NAME>}, or the wrapper that serves it ({@code <zlibstorage NAME>}
 * around its {@code <filestorage>}) — deleted line by line from the file that declares it, every
 * other byte kept. {@code %import} lines stay: an import only makes section types known, ZeoFreeze
 * cannot tell which types a package gives and so whether another section still needs it, and one
 * left unused does no harm. The {@code .fs} and blob files are never touched.
 *
 * <p>The old server then restarts alone, so every client that still uses it (for the root, say)
 * rides through the restart: with a ZEO 4 client, whose requests fail at once while its server
 * restarts, the retire is refused, with how to do it by hand.
 */
public final class RetirePlanner {
    private final Discovery source;

    public RetirePlanner(Discovery source) {
        this.source = source;
    }

    /**
     * In the same run as the move: the storages the move takes to the target, removed from the old
     * server's files as the freeze leaves them (the clients will read them from the target by then).
     */
    public RetirePlan afterMove(Plan freeze, List<StorageId> moved) throws PlanException {
        Map<HostFile, ConfigDocument> asLeft = new LinkedHashMap<>();
        for (FileChange c : freeze.changes()) {
            try {
                asLeft.put(new HostFile(c.host(), c.path()), ConfigDocument.read(c.path(), c.after()));
            } catch (ConfigSyntaxError e) {
                throw new PlanException(e.getMessage());
            }
        }
        return plan(moved, asLeft);
    }

    /**
     * On its own, for storages an earlier move put into service elsewhere: each must be named, be
     * read-only at its server (as a move leaves it), and be opened there by no client database of
     * the cluster. The connections, listed when the step runs, have the last word.
     */
    public RetirePlan ofMoved(Choice choice) throws PlanException {
        Cluster cluster = source.cluster();
        if (choice.storages().isEmpty()) {
            throw new PlanException("name the storages to retire (-f NAME): --retire without --move removes from their "
                    + "old ZEO server the storages an earlier move put into service elsewhere, and takes none by default"
                    + " (this cluster's servers have: "
                    + String.join(
                            ", ",
                            cluster.storages().stream()
                                    .map(s -> "'" + cluster.displayName(s.id()) + "'")
                                    .toList())
                    + ")");
        }
        List<StorageId> ids = new ArrayList<>(choice.storages());
        for (StorageId id : ids) {
            Storage s = cluster.storage(id)
                    .orElseThrow(() -> new PlanException("there is no storage " + id.qualified()
                            + " in the cluster as it is now; read the cluster again and choose again"));
            String where = "'" + cluster.displayName(id) + "' at " + label(id);
            List<StorageUse> uses = cluster.usesOf(id).stream()
                    .filter(u -> readsThere(cluster, u))
                    .toList();
            if (!uses.isEmpty()) {
                throw new PlanException(where + " is still read by "
                        + String.join(
                                ", ",
                                uses.stream()
                                        .map(u -> u.client().name() + " (database '"
                                                + u.database().name() + "', "
                                                + u.database().zeoClientSection() + ")")
                                        .toList())
                        + ": it has not been moved away, and removing it would take it from under "
                        + (uses.size() == 1 ? "that client" : "those clients") + ". Move it first: zeofreeze run "
                        + "--profile FILE --move --retire -f " + cluster.displayName(id) + "; nothing was changed.");
            }
            if (cluster.isRoot(id)) {
                throw new PlanException(where + " is the root storage; it is never retired");
            }
            if (!s.readOnly()) {
                throw new PlanException(where + " (" + s.declaredAt() + ") is writable there: a storage a move took "
                        + "elsewhere is left read-only at its old server, and --retire removes only those. Nothing was "
                        + "changed.");
            }
        }
        RetirePlan plan = plan(ids, Map.of());
        List<String> notes = new ArrayList<>();
        for (StorageId id : ids) {
            for (StorageUse u : cluster.usesOf(id)) {
                notes.add(u.client().name() + " database '" + u.database().name() + "' reads '" + id.name() + "' at "
                        + u.database().servers() + ", not where its clients reach " + label(id) + ": from where it "
                        + "was moved to, presumably.");
            }
        }
        for (Cluster.UnlinkedDatabase u : cluster.unlinked()) {
            if (ids.stream()
                    .anyMatch(id -> id.name().equalsIgnoreCase(u.database().storage()))) {
                notes.add(u.client().name() + " database '" + u.database().name() + "' reads a storage '"
                        + u.database().storage() + "' at " + u.database().servers() + ", which is no server of this "
                        + "profile: the one it was moved to, presumably.");
            }
        }
        notes.addAll(plan.notes());
        return new RetirePlan(plan.storages(), plan.changes(), notes);
    }

    /**
     * Whether a client database that the cluster links to a storage reads it from that storage's
     * server still. The link is made from addresses, and an address cannot always tell two servers
     * apart (a client's {@code zeo2:8100} may be a server listening on all interfaces at 8100, and
     * a host name may be any machine). So a database of a read-only storage — what a move leaves at
     * the old server — counts as reading it there only where it names an address by which clients
     * reach that server's writable storages (the root above all): its own client's, or else any
     * client's; where no client reaches a writable storage there, it counts.
     */
    public static boolean readsThere(Cluster cluster, StorageUse use) {
        Storage storage = cluster.storage(use.storage()).orElse(null);
        if (storage == null || !storage.readOnly()) {
            return true;
        }
        Set<String> own = new LinkedHashSet<>();
        Set<String> any = new LinkedHashSet<>();
        for (StorageUse u : cluster.uses()) {
            Storage s = cluster.storage(u.storage()).orElse(null);
            if (s == null
                    || s.readOnly()
                    || !u.storage().host().equals(use.storage().host())
                    || !u.storage().server().equals(use.storage().server())) {
                continue;
            }
            u.database().servers().forEach(a -> any.add(key(a)));
            if (u.client().equals(use.client())) {
                u.database().servers().forEach(a -> own.add(key(a)));
            }
        }
        Set<String> evidence = own.isEmpty() ? any : own;
        return evidence.isEmpty() || use.database().servers().stream().anyMatch(a -> evidence.contains(key(a)));
    }

    private static String key(Address a) {
        return a.toString().toLowerCase(Locale.ROOT);
    }

    private static String label(StorageId id) {
        return id.server() + "@" + id.host();
    }

    /** One storage's section as the file will be when the retire runs, and the lines it spans. */
    private record Removal(Storage storage, Section section, List<Integer> lines) {
        String lineText() {
            int first = lines.get(0) + 1;
            int last = lines.get(lines.size() - 1) + 1;
            return first == last ? "line " + first : "lines " + first + "–" + last;
        }
    }

    private RetirePlan plan(List<StorageId> ids, Map<HostFile, ConfigDocument> asLeft) throws PlanException {
        Cluster cluster = source.cluster();
        Map<ZeoServer, List<Storage>> byServer = new LinkedHashMap<>();
        for (StorageId id : ids) {
            Storage s = cluster.storage(id)
                    .orElseThrow(() -> new PlanException(
                            "there is no storage " + id.qualified() + " in the cluster as it is now"));
            byServer.computeIfAbsent(cluster.serverOf(id), k -> new ArrayList<>())
                    .add(s);
        }
        List<FileChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<ZeoServer, List<Storage>> e : byServer.entrySet()) {
            changes.addAll(server(cluster, e.getKey(), e.getValue(), asLeft, notes));
        }
        notes.add("The .fs and blob files stay on the old server; nothing is deleted: "
                + String.join(
                        "; ",
                        ids.stream()
                                .map(id -> {
                                    Storage s = cluster.storage(id).orElseThrow();
                                    return s.name() + " " + s.path()
                                            + (s.blobDir() == null ? "" : " (blobs " + s.blobDir() + ")");
                                })
                                .toList())
                + ".");
        notes.add("Before the old server restarts, its connections (ss) must show each client holding only the "
                + "connections of its databases still served there, and no other process connected; anything more "
                + "stops the retire before a file is written.");
        notes.add("The old zeo.conf is generated by its buildout: take the storages out of its buildout.cfg before "
                + "bin/buildout runs there again, or they come back.");
        return new RetirePlan(ids, changes, notes);
    }

    private List<FileChange> server(
            Cluster cluster,
            ZeoServer server,
            List<Storage> storages,
            Map<HostFile, ConfigDocument> asLeft,
            List<String> notes)
            throws PlanException {
        String label = server.name() + "@" + server.host();
        String names = String.join(
                ", ", storages.stream().map(s -> "'" + s.name() + "'").toList());
        if (server.addresses().isEmpty() || server.addresses().stream().allMatch(a -> a.isSocket())) {
            throw new PlanException(label
                    + " listens on no TCP port, so its connections cannot be listed to prove that "
                    + "no client uses " + names + " there any more; --retire is refused. Remove the sections by hand "
                    + "when you know nothing uses them.");
        }
        if (server.storages().stream().allMatch(storages::contains)) {
            throw new PlanException("retiring " + names + " would leave " + label + " serving no storage, and runzeo "
                    + "does not start so: stop that server and remove its part by hand instead; nothing was changed.");
        }
        ParsedConfig conf = source.config(server.host(), server.confFile());
        Map<String, ConfigDocument> docs = new LinkedHashMap<>(conf.documents());
        boolean changedSince = false;
        for (String path : conf.documents().keySet()) {
            ConfigDocument left = asLeft.get(new HostFile(server.host(), path));
            if (left != null) {
                docs.put(path, left);
                changedSince = true;
            }
        }
        ParsedConfig left = changedSince ? MovePlanner.reparse(conf, docs) : conf;
        List<Removal> removals = new ArrayList<>();
        for (Storage s : storages) {
            Section declared =
                    conf.sectionAt(s.declaredAt().file(), s.declaredAt().line());
            List<Section> found = left.root()
                    .walk()
                    .filter(x -> x.file().equals(declared.file())
                            && x.type().equals(declared.type())
                            && Objects.equals(x.name(), declared.name()))
                    .toList();
            if (found.size() != 1) {
                throw new PlanException(declared.file() + ": " + found.size() + " sections " + declared.header()
                        + " where one serves storage '" + s.name() + "'; remove it by hand");
            }
            Section section = found.get(0);
            refuseSharedFile(server, section, s);
            List<Integer> lines = new ArrayList<>();
            int end = section.emptyForm() || section.endIndex() < 0 ? section.lineIndex() : section.endIndex();
            for (int i = section.lineIndex(); i <= end; i++) {
                lines.add(i);
            }
            removals.add(new Removal(s, section, lines));
        }
        refuseZeo4Clients(cluster, server, storages, label, names, removals);

        Map<String, List<LineEdit>> edits = new LinkedHashMap<>();
        Map<String, List<String>> summaries = new LinkedHashMap<>();
        for (Removal r : removals) {
            List<LineEdit> fileEdits = edits.computeIfAbsent(r.section().file(), f -> new ArrayList<>());
            r.lines().forEach(i -> fileEdits.add(new LineEdit.Delete(r.section().file(), i)));
            summaries
                    .computeIfAbsent(r.section().file(), f -> new ArrayList<>())
                    .add("removes " + r.section().header() + " (" + r.lineText() + "), storage '"
                            + r.storage().name() + "', which no client reads here any more");
        }
        Buildout buildout = cluster.buildoutOf(server.host()).orElseThrow();
        List<FileChange> out = new ArrayList<>();
        Map<String, ConfigDocument> after = new LinkedHashMap<>(docs);
        for (Map.Entry<String, List<LineEdit>> e : edits.entrySet()) {
            ConfigDocument before = docs.get(e.getKey());
            ConfigDocument changed = ConfigEditor.apply(before, e.getValue());
            after.put(e.getKey(), changed);
            out.add(FileChange.between(
                    server.host(),
                    e.getKey(),
                    buildout.relative(e.getKey()),
                    before.bytes(),
                    changed.bytes(),
                    summaries.get(e.getKey())));
        }
        // The file as edited still reads as ZConfig reads it, and serves every other storage as before.
        ParsedConfig result = MovePlanner.reparse(conf, after);
        for (Storage other : server.storages()) {
            if (!storages.contains(other)
                    && result.root().walk().noneMatch(x -> other.name().equals(x.name()))) {
                throw new IllegalStateException("the retire would lose storage " + other.name());
            }
        }
        boolean imports = docs.values().stream()
                .anyMatch(d -> d.lines().stream()
                        .anyMatch(l -> l.stripped().toLowerCase(Locale.ROOT).startsWith("%import")));
        if (imports) {
            notes.add("The %import lines of " + label + " are kept: an import only makes section types known, "
                    + "ZeoFreeze cannot tell which types a package gives and so whether another section still needs "
                    + "it, and one left unused does no harm.");
        }
        return out;
    }

    /** A section in a file that another process of the cluster reads too would be removed from that one as well. */
    private void refuseSharedFile(ZeoServer server, Section section, Storage s) throws PlanException {
        if (section.file().equals(server.confFile())) {
            return;
        }
        for (Map.Entry<HostFile, ParsedConfig> e : source.configs().entrySet()) {
            if (e.getKey().host().equals(server.host())
                    && !e.getKey().path().equals(server.confFile())
                    && e.getValue().documents().containsKey(section.file())) {
                throw new PlanException(section.file() + ", line " + section.lineNumber() + ": the section of storage '"
                        + s.name() + "' is in a file that " + e.getKey().path() + " includes too; removing it there "
                        + "would change that configuration as well. Remove it by hand; nothing was changed.");
            }
        }
    }

    /**
     * The old server restarts alone: a ZEO 4 client of it fails its requests at once while it does
     * (ZEO 5 and later wait), so the retire is refused, with the way to do it by hand.
     */
    private static void refuseZeo4Clients(
            Cluster cluster,
            ZeoServer server,
            List<Storage> retired,
            String label,
            String names,
            List<Removal> removals)
            throws PlanException {
        // The clients that go on using the server for what it keeps: the restart happens under them.
        Set<ZopeClient> old = new LinkedHashSet<>();
        Set<StorageId> gone = new HashSet<>(retired.stream().map(Storage::id).toList());
        for (StorageUse u : cluster.uses()) {
            if (u.storage().host().equals(server.host())
                    && u.storage().server().equals(server.name())
                    && !gone.contains(u.storage())
                    && readsThere(cluster, u)) {
                u.client().runtime().zeoMajor().ifPresent(major -> {
                    if (major < 5) {
                        old.add(u.client());
                    }
                });
            }
        }
        if (old.isEmpty()) {
            return;
        }
        String sections = String.join(
                "; ",
                removals.stream()
                        .map(r -> r.section().header() + " (" + r.lineText() + " of "
                                + r.section().file() + ")")
                        .toList());
        throw new PlanException(String.join(
                        ", ",
                        old.stream()
                                .map(c -> c.name() + " runs ZEO " + c.runtime().zeo())
                                .toList())
                + ", whose requests fail at once while their ZEO server restarts (ZEO 5 and later make them "
                + "wait), so " + label + " cannot restart alone to retire " + names + ": --retire is refused and "
                + "nothing was changed. Move without --retire; the read-only sections left there do no harm. To remove "
                + "them by hand, in a maintenance window: stop the clients of " + label + " and the server, delete "
                + sections + " (the .fs and blob files stay), start " + label + ", then the clients.");
    }
}
