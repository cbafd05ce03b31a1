package org.zeofreeze.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ConfigEditor;
import org.zeofreeze.zconfig.ConfigParser;
import org.zeofreeze.zconfig.ConfigSyntaxError;
import org.zeofreeze.zconfig.KeyValue;
import org.zeofreeze.zconfig.Line;
import org.zeofreeze.zconfig.LineEdit;
import org.zeofreeze.zconfig.ParsedConfig;
import org.zeofreeze.zconfig.Section;

/**
 * Plans putting frozen storages into service on the target's ZEO server. Its zeo.conf gets each
 * storage's section as the source server has it, pointing at the copied files (a wrapper such as
 * {@code <zlibstorage>} kept: the data is stored through it); every client database that opens a
 * moved storage gets the target's address as its {@code server}, and, where it reads blobs from a
 * shared directory, the copied blob directory. A client's file ends as it was before the freeze
 * with only those lines changed.
 */
public final class MovePlanner {
    private static final String READ_ONLY = "read-only";

    /** Where the copies go and how the clients reach them. */
    public record Target(String host, String address, Optional<Address> zeoAddress, Discovery discovery) {}

    private final Discovery source;
    private final Map<String, String> hostAddresses;
    private final InsertedLines inserted;
    private final boolean editGeneratedFiles;

    /** {@code hostAddresses}: each cluster host's address as the profile names it (empty for this computer). */
    public MovePlanner(Discovery source, Map<String, String> hostAddresses) {
        this(source, hostAddresses, InsertedLines.NONE);
    }

    /**
     * {@code inserted}: the read-only lines earlier freezes inserted, for a storage that is frozen
     * already when the move is planned: its clients end writable at the target as a thaw leaves them.
     */
    public MovePlanner(Discovery source, Map<String, String> hostAddresses, InsertedLines inserted) {
        this(source, hostAddresses, inserted, false);
    }

    /** {@code editGeneratedFiles}: edit files a tool writes again at every start rather than refuse, as a profile may ask. */
    public MovePlanner(
            Discovery source, Map<String, String> hostAddresses, InsertedLines inserted, boolean editGeneratedFiles) {
        this.source = source;
        this.hostAddresses = Map.copyOf(hostAddresses);
        this.inserted = inserted;
        this.editGeneratedFiles = editGeneratedFiles;
    }

    public MovePlan plan(Plan freeze, Target target) throws PlanException {
        return plan(freeze, target, false);
    }

    /**
     * {@code retire}: the run ends by taking the moved storages' sections out of the old server's
     * zeo.conf (as the freeze leaves it), once no client reads them there.
     */
    public MovePlan plan(Plan freeze, Target target, boolean retire) throws PlanException {
        if (freeze.mode() != Mode.FREEZE) {
            throw new PlanException("a move begins with a freeze of the storages it moves");
        }
        Cluster cluster = source.cluster();
        ZeoServer server = targetServer(target);
        ParsedConfig targetConf = target.discovery().config(server.host(), server.confFile());
        Buildout targetBuildout =
                target.discovery().cluster().buildoutOf(server.host()).orElseThrow();
        Address address = clientAddress(server, target);
        List<Storage> moved = freeze.selected().stream()
                .map(id -> cluster.storage(id).orElseThrow())
                .toList();
        if (moved.isEmpty()) {
            throw new PlanException("nothing to move: no storage is chosen (by default a move takes the storages not "
                    + "frozen yet; name one that is frozen already to move it: -f NAME)");
        }
        refuseLocalAddressForOtherMachines(cluster, moved, address, target);

        List<MovePlan.MovedStorage> storages = new ArrayList<>();
        List<FileChange> serve = new ArrayList<>();
        List<FileChange> writable = new ArrayList<>();
        targetChanges(cluster, moved, server, targetConf, targetBuildout, target, storages, serve, writable);
        Map<StorageId, MovePlan.MovedStorage> byId = new LinkedHashMap<>();
        storages.forEach(m -> byId.put(m.source(), m));
        for (ZopeClient client : cluster.clients()) {
            clientChanges(cluster, freeze, client, byId, address, target, serve, writable);
        }
        List<String> notes = new ArrayList<>(List.of(
                "The clients keep their ZEO cache: the copy has the same last transaction, so a cache of the old "
                        + "server stays valid for it. Once a client has written at the target, the old server is behind "
                        + "every cache: going back is another move, not a rollback.",
                "The old server keeps the moved storages read-only, and their .fs files; nothing is deleted there."));
        List<FileChange> retired = List.of();
        if (retire) {
            RetirePlan r = new RetirePlanner(source)
                    .afterMove(freeze, moved.stream().map(Storage::id).toList());
            retired = r.changes();
            notes.add("Last, the moved storages' sections are taken out of the old server's zeo.conf, which restarts "
                    + "alone; it keeps the rest as it was.");
            notes.addAll(r.notes());
        } else {
            notes.set(
                    1,
                    "The old server keeps the moved storages read-only, and their .fs files; nothing is deleted "
                            + "there. --retire takes their sections out of its zeo.conf once no client uses them.");
        }
        List<FileChange> all = new ArrayList<>(serve);
        all.addAll(writable);
        all.addAll(retired);
        notes.addAll(GeneratedEdits.review(all, host -> dirOf(host, target), "move", editGeneratedFiles, false));
        if (targetBuildout.relative(server.confFile()).startsWith("parts/")) {
            notes.add("The target's zeo.conf is generated by its buildout: add the storages to its buildout.cfg "
                    + "(zeo-conf-additional) before bin/buildout runs there again, or they are dropped.");
        }
        return new MovePlan(
                server.host(), targetBuildout.dir(), server.name(), address, storages, serve, writable, retired, notes);
    }

    private String dirOf(String host, Target target) {
        return source.cluster()
                .buildoutOf(host)
                .or(() -> target.discovery().cluster().buildoutOf(host))
                .map(Buildout::dir)
                .orElse(null);
    }

    private static ZeoServer targetServer(Target target) throws PlanException {
        List<ZeoServer> servers = target.discovery().cluster().servers();
        if (servers.size() != 1) {
            throw new PlanException("the target buildout " + buildoutDir(target) + " has "
                    + (servers.isEmpty() ? "no" : servers.size()) + " ZEO server parts"
                    + (servers.isEmpty()
                            ? " (parts/*/etc/zeo.conf)"
                            : ": " + servers.stream().map(ZeoServer::name).toList())
                    + "; a move needs exactly one to serve the "
                    + "moved storages. Build the target's buildout with one zeoserver part, then plan again.");
        }
        return servers.get(0);
    }

    private static String buildoutDir(Target target) {
        return target.discovery().cluster().buildouts().stream()
                .map(Buildout::dir)
                .findFirst()
                .orElse("?");
    }

    /** The address the clients get: the profile's, else the target's address and its server's port. */
    private static Address clientAddress(ZeoServer server, Target target) throws PlanException {
        if (target.zeoAddress().isPresent()) {
            Address a = target.zeoAddress().get();
            if (a.isWildcard()) {
                throw new PlanException("the target's zeoAddress " + a + " means all interfaces, which a client cannot "
                        + "connect to: write the address the clients reach the new ZEO server at (host:port)");
            }
            return a;
        }
        Address listen =
                server.addresses().isEmpty() ? null : server.addresses().get(0);
        if (listen == null || listen.isSocket()) {
            throw new PlanException("the target's ZEO server " + server.confFile() + " listens "
                    + (listen == null ? "nowhere that ZeoFreeze read" : "on the socket " + listen.socketPath())
                    + ": set the profile's "
                    + "target.zeoAddress to the host:port the clients will reach it at");
        }
        String host =
                !target.address().isEmpty() ? target.address() : !listen.isWildcard() ? listen.host() : "127.0.0.1";
        return new Address(host, listen.port(), null);
    }

    /** A loopback address reaches the target only from the target's own machine. */
    private void refuseLocalAddressForOtherMachines(
            Cluster cluster, List<Storage> moved, Address address, Target target) throws PlanException {
        if (!address.isLocalOnly()) {
            return;
        }
        Set<String> elsewhere = new LinkedHashSet<>();
        for (Storage s : moved) {
            for (StorageUse use : cluster.usesOf(s.id())) {
                if (!sameMachineAsTarget(use.client().host(), target)) {
                    elsewhere.add(use.client().host());
                }
            }
        }
        if (!elsewhere.isEmpty()) {
            throw new PlanException("the clients would reach the target's ZEO server at " + address + ", a loopback "
                    + "address, but clients on " + String.join(", ", elsewhere) + " are not on the target's machine. "
                    + "Set the profile's target.zeoAddress to the host:port they reach it at, then plan again.");
        }
    }

    private boolean sameMachineAsTarget(String host, Target target) {
        List<Buildout> all = new ArrayList<>(source.cluster().buildouts());
        all.addAll(target.discovery().cluster().buildouts());
        String targetHost = target.discovery().cluster().buildouts().get(0).host();
        return Buildout.sameMachine(all, host, targetHost)
                || localOrLoopback(hostAddresses.getOrDefault(host, host)) && localOrLoopback(target.address());
    }

    private static boolean localOrLoopback(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return a.isEmpty() || a.equals("localhost") || a.equals("::1") || a.startsWith("127.");
    }

    /** Where a source file lands at the target: the same path relative to the buildout, or the same absolute path. */
    static String targetPath(Buildout sourceBuildout, String targetDir, String path) {
        String relative = sourceBuildout.relative(path);
        return relative.startsWith("/") ? relative : targetDir.replaceAll("/+$", "") + "/" + relative;
    }

    private void targetChanges(
            Cluster cluster,
            List<Storage> moved,
            ZeoServer server,
            ParsedConfig targetConf,
            Buildout targetBuildout,
            Target target,
            List<MovePlan.MovedStorage> storages,
            List<FileChange> serve,
            List<FileChange> writable)
            throws PlanException {
        ConfigDocument t0 = targetConf.main();
        List<LineEdit> readOnlyOnPresent = new ArrayList<>();
        StringBuilder added = new StringBuilder();
        StringBuilder addedReadOnly = new StringBuilder();
        Set<String> imports = new LinkedHashSet<>();
        for (Storage s : moved) {
            Buildout from = cluster.buildoutOf(s.id().host()).orElseThrow();
            String path = s.path() == null ? null : targetPath(from, targetBuildout.dir(), s.path());
            String blobDir = s.blobDir() == null ? null : targetPath(from, targetBuildout.dir(), s.blobDir());
            Optional<Storage> present = server.storages().stream()
                    .filter(t -> t.name().equals(s.name()))
                    .findFirst();
            if (present.isPresent()) {
                Storage t = present.get();
                if (!Objects.equals(t.path(), path) || !Objects.equals(t.blobDir(), blobDir)) {
                    throw new PlanException("the target's " + server.confFile() + " (" + t.declaredAt()
                            + ") already has "
                            + "a storage '" + s.name() + "' at " + t.path()
                            + (t.blobDir() == null ? "" : " (blobs " + t.blobDir() + ")") + ", not at the copy's "
                            + path + (blobDir == null ? "" : " (blobs " + blobDir + ")")
                            + ". Remove or rename that section on the target, then plan again.");
                }
                if (!t.freezable()) {
                    throw new PlanException("the target's storage '" + s.name() + "' (" + t.declaredAt() + ") is "
                            + t.notFreezable() + ": it cannot be served read-only while the clients switch");
                }
                if (!t.readOnly()) {
                    Section fs = targetConf.sectionAt(
                            t.readOnlySection().file(), t.readOnlySection().line());
                    try {
                        readOnlyOnPresent.addAll(ConfigEditor.setKey(targetConf, fs, READ_ONLY, "true"));
                    } catch (ConfigEditor.EditException e) {
                        throw new PlanException(e.getMessage());
                    }
                }
                storages.add(new MovePlan.MovedStorage(s.id(), path, blobDir, true));
                continue;
            }
            ParsedConfig sourceConf =
                    source.config(s.id().host(), cluster.serverOf(s.id()).confFile());
            Section outer =
                    sourceConf.sectionAt(s.declaredAt().file(), s.declaredAt().line());
            Section inner = sourceConf.sectionAt(
                    s.readOnlySection().file(), s.readOnlySection().line());
            added.append(sectionText(sourceConf, outer, inner, s, path, blobDir, false));
            addedReadOnly.append(sectionText(sourceConf, outer, inner, s, path, blobDir, true));
            if (outer.walk()
                    .anyMatch(x -> !x.type().equals("filestorage") && !x.type().equals("blobstorage"))) {
                imports.addAll(importLines(sourceConf));
            }
            storages.add(new MovePlan.MovedStorage(s.id(), path, blobDir, false));
        }
        String head = t0.text();
        String ending = t0.dominantEnding();
        StringBuilder importText = new StringBuilder();
        for (String line : imports) {
            if (t0.lines().stream().noneMatch(l -> l.stripped().equals(line))) {
                importText.append(line).append(ending);
            }
        }
        String separator = head.isEmpty() || head.endsWith("\n") ? "" : ending;
        String block =
                added.isEmpty() ? "" : separator + importText + added.toString().replace("\n", ending);
        String blockReadOnly = addedReadOnly.isEmpty()
                ? ""
                : separator + importText + addedReadOnly.toString().replace("\n", ending);
        byte[] before = t0.bytes();
        byte[] servedReadOnly =
                (ConfigEditor.apply(t0, readOnlyOnPresent).text() + blockReadOnly).getBytes(StandardCharsets.UTF_8);
        byte[] servedWritable = (head + block).getBytes(StandardCharsets.UTF_8);
        String relative = targetBuildout.relative(t0.path());
        List<String> names = storages.stream().map(m -> "'" + m.name() + "'").toList();
        serve.add(FileChange.between(
                server.host(),
                t0.path(),
                relative,
                before,
                servedReadOnly,
                List.of("serves " + String.join(", ", names) + " from the copy, read-only")));
        writable.add(FileChange.between(
                server.host(),
                t0.path(),
                relative,
                servedReadOnly,
                servedWritable,
                List.of("writable again: " + String.join(", ", names) + " at the target")));
    }

    /** The {@code %import} lines of a zeo.conf: a wrapper section needs its package imported on the target too. */
    private static List<String> importLines(ParsedConfig conf) {
        List<String> out = new ArrayList<>();
        for (ConfigDocument doc : conf.documents().values()) {
            for (Line line : doc.lines()) {
                if (line.stripped().toLowerCase(Locale.ROOT).startsWith("%import")) {
                    out.add(line.stripped());
                }
            }
        }
        return out;
    }

    /**
     * The storage's section as the source has it, its {@code path} and {@code blob-dir} the copy's,
     * every value written as ZConfig reads it (a {@code $} substitution resolved: the target has
     * not the source's {@code %define}s), without the source's read-only lines; {@code readOnly}
     * puts {@code read-only true} in the section the served storage takes it from.
     */
    private static String sectionText(
            ParsedConfig conf, Section outer, Section inner, Storage s, String path, String blobDir, boolean readOnly)
            throws PlanException {
        ConfigDocument doc = conf.documents().get(outer.file());
        if (outer.emptyForm() || outer.endIndex() < 0) {
            throw new PlanException(outer.file() + ", line " + outer.lineNumber() + ": the section of storage '"
                    + s.name() + "' is written in the empty form; ZeoFreeze copies a storage section with its keys");
        }
        Map<Integer, KeyValue> keys = new HashMap<>();
        outer.walk().forEach(sec -> sec.keys().forEach(kv -> keys.put(kv.lineIndex(), kv)));
        for (KeyValue kv : keys.values()) {
            if (!kv.file().equals(outer.file())) {
                throw new PlanException(kv.file() + ", line " + (kv.lineIndex() + 1) + ": storage '" + s.name()
                        + "' takes '" + kv.key() + "' from an included file; write its section in one file to move it");
            }
        }
        Set<Integer> innerKeys = new LinkedHashSet<>();
        inner.keys().forEach(kv -> innerKeys.add(kv.lineIndex()));
        StringBuilder out = new StringBuilder();
        for (int i = outer.lineIndex(); i <= outer.endIndex(); i++) {
            Line line = doc.line(i);
            if (line.stripped().startsWith("%")) {
                throw new PlanException(outer.file() + ", line " + (i + 1) + ": the section of storage '" + s.name()
                        + "' holds a directive (" + line.stripped() + "); write the section without it to move it");
            }
            KeyValue kv = keys.get(i);
            if (kv == null) {
                out.append(line.text()).append('\n');
            } else if (kv.is(READ_ONLY)) {
                continue;
            } else if (kv.is("path") && innerKeys.contains(i)) {
                // Always the copy's: the target must never open the source's own file.
                out.append(line.indentation())
                        .append(kv.key())
                        .append(' ')
                        .append(path)
                        .append('\n');
            } else if (kv.is("blob-dir") && blobDir != null) {
                out.append(line.indentation())
                        .append(kv.key())
                        .append(' ')
                        .append(blobDir)
                        .append('\n');
            } else if (kv.rawValue().contains("$")) {
                out.append(line.indentation())
                        .append(kv.key())
                        .append(' ')
                        .append(kv.value())
                        .append('\n');
            } else {
                out.append(line.text()).append('\n');
            }
            if (readOnly && i == inner.lineIndex()) {
                out.append(innerIndent(doc, inner)).append(READ_ONLY).append(" true\n");
            }
        }
        return out.toString();
    }

    private static String innerIndent(ConfigDocument doc, Section section) {
        for (int i = section.lineIndex() + 1; i < section.endIndex(); i++) {
            if (!doc.line(i).stripped().isEmpty()) {
                return doc.line(i).indentation();
            }
        }
        return doc.line(section.lineIndex()).indentation() + "  ";
    }

    /**
     * One client's files: pointed at the target with the freeze's read-only kept (serve), then as
     * they were before the freeze with only the target's lines (writable).
     */
    private void clientChanges(
            Cluster cluster,
            Plan freeze,
            ZopeClient client,
            Map<StorageId, MovePlan.MovedStorage> moved,
            Address address,
            Target target,
            List<FileChange> serve,
            List<FileChange> writable)
            throws PlanException {
        List<StorageUse> uses = moved.keySet().stream()
                .flatMap(id -> cluster.usesOf(id).stream())
                .filter(u -> u.client().equals(client))
                .toList();
        if (uses.isEmpty()) {
            return;
        }
        for (StorageUse u : uses) {
            if (u.database().sharedBlobDir() && !sameMachineAsTarget(client.host(), target)) {
                throw new PlanException(
                        client.name() + " database '" + u.database().name() + "' ("
                                + u.database().zeoClientSection() + ") reads the blobs of '"
                                + u.storage().name() + "' straight "
                                + "from its blob-dir (shared-blob-dir true), and after the move they are on the target at "
                                + moved.get(u.storage()).blobDir()
                                + ". Make that directory the client's blob-dir over a shared "
                                + "mount, or set shared-blob-dir false (blobs through ZEO), then plan again.");
            }
        }
        ParsedConfig original = source.config(client.host(), client.confFile());
        Map<String, ConfigDocument> frozenDocs = new LinkedHashMap<>(original.documents());
        for (FileChange c : freeze.changes()) {
            if (c.host().equals(client.host()) && frozenDocs.containsKey(c.path())) {
                try {
                    frozenDocs.put(c.path(), ConfigDocument.read(c.path(), c.after()));
                } catch (ConfigSyntaxError e) {
                    throw new PlanException(e.getMessage());
                }
            }
        }
        ParsedConfig frozen = reparse(original, frozenDocs);
        List<LineEdit> onFrozen = switchEdits(frozen, uses, moved, address);
        List<LineEdit> onOriginal = new ArrayList<>(switchEdits(original, uses, moved, address));
        // A database already read-only before this plan (frozen by an earlier run) is thawed at the target.
        onOriginal.addAll(thawEdits(original, client.host(), uses));
        Buildout buildout = cluster.buildoutOf(client.host()).orElseThrow();
        List<String> names = uses.stream()
                .map(u -> "'" + u.database().name() + "'")
                .distinct()
                .toList();
        for (String path : original.documents().keySet()) {
            ConfigDocument doc0 = original.documents().get(path);
            ConfigDocument doc1 = frozenDocs.get(path);
            ConfigDocument switched = ConfigEditor.apply(doc1, onFrozen);
            ConfigDocument moved2 = ConfigEditor.apply(doc0, onOriginal);
            String relative = buildout.relative(path);
            if (!switched.equals(doc1)) {
                serve.add(FileChange.between(
                        client.host(),
                        path,
                        relative,
                        doc1.bytes(),
                        switched.bytes(),
                        List.of("server " + address + " (still read-only): database " + String.join(", ", names))));
            }
            if (!moved2.equals(switched)) {
                writable.add(FileChange.between(
                        client.host(),
                        path,
                        relative,
                        switched.bytes(),
                        moved2.bytes(),
                        List.of("writable again at " + address + ": database " + String.join(", ", names))));
            }
        }
    }

    private List<LineEdit> thawEdits(ParsedConfig conf, String host, List<StorageUse> uses) throws PlanException {
        List<LineEdit> edits = new ArrayList<>();
        for (StorageUse use : uses) {
            for (Section db : conf.root().sections("zodb_db")) {
                if (db.name() == null
                        || !db.name().equalsIgnoreCase(use.database().name())) {
                    continue;
                }
                for (Section zc : zeoClients(db)) {
                    // read-only as the cluster model read it (ZConfig's booleans, in one place)
                    if (use.database().readOnly()
                            && zc.get("storage")
                                    .orElse("1")
                                    .equals(use.database().storage())) {
                        edits.addAll(Planner.thawZeoClient(conf, host, zc, inserted));
                    }
                }
            }
        }
        return edits;
    }

    static ParsedConfig reparse(ParsedConfig original, Map<String, ConfigDocument> docs) throws PlanException {
        try {
            return new ConfigParser(
                            p -> {
                                ConfigDocument d = docs.get(p);
                                if (d == null) {
                                    throw new IOException(p + " was not read with the cluster");
                                }
                                return d;
                            },
                            original.environment())
                    .parse(docs.get(original.main().path()));
        } catch (ConfigSyntaxError e) {
            throw new PlanException(e.getMessage());
        }
    }

    /** The {@code server} (one line: the target's) and, for shared blobs, the {@code blob-dir} of each moved database. */
    private static List<LineEdit> switchEdits(
            ParsedConfig conf, List<StorageUse> uses, Map<StorageId, MovePlan.MovedStorage> moved, Address address)
            throws PlanException {
        List<LineEdit> edits = new ArrayList<>();
        for (StorageUse use : uses) {
            List<Section> dbs = conf.root().sections("zodb_db").stream()
                    .filter(d -> d.name() != null
                            && d.name().equalsIgnoreCase(use.database().name()))
                    .toList();
            if (dbs.size() != 1) {
                throw new PlanException(use.client().confFile() + " has " + dbs.size() + " <zodb_db "
                        + use.database().name() + "> sections; a move needs exactly one");
            }
            for (Section zc : zeoClients(dbs.get(0))) {
                if (!zc.get("storage").orElse("1").equals(use.database().storage())) {
                    continue;
                }
                List<KeyValue> servers = zc.values("server");
                if (servers.isEmpty()) {
                    throw new PlanException(zc.file() + ", line " + zc.lineNumber() + ": the <zeoclient> of database '"
                            + use.database().name() + "' names no server");
                }
                for (KeyValue kv : servers) {
                    if (!kv.file().equals(zc.file())) {
                        throw new PlanException(
                                kv.file() + ", line " + (kv.lineIndex() + 1) + ": the server of database '"
                                        + use.database().name()
                                        + "' comes from an included file, which other sections may read "
                                        + "too; write it in the <zeoclient> itself to move the database");
                    }
                }
                edits.add(replace(conf, servers.get(0), address.toString()));
                for (KeyValue extra : servers.subList(1, servers.size())) {
                    edits.add(new LineEdit.Delete(extra.file(), extra.lineIndex()));
                }
                MovePlan.MovedStorage m = moved.get(use.storage());
                if (use.database().sharedBlobDir() && m.blobDir() != null) {
                    for (KeyValue kv : zc.values("blob-dir")) {
                        edits.add(replace(conf, kv, m.blobDir()));
                    }
                }
            }
        }
        return edits;
    }

    private static LineEdit replace(ParsedConfig conf, KeyValue kv, String value) {
        Line line = conf.documents().get(kv.file()).line(kv.lineIndex());
        return new LineEdit.Replace(kv.file(), kv.lineIndex(), line.indentation() + kv.key() + " " + value);
    }

    private static List<Section> zeoClients(Section db) {
        return db.walk().filter(s -> s.type().equals("zeoclient")).toList();
    }
}
