package org.zeofreeze.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.SourceRef;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.StorageUse;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ConfigEditor;
import org.zeofreeze.zconfig.KeyValue;
import org.zeofreeze.zconfig.LineEdit;
import org.zeofreeze.zconfig.ParsedConfig;
import org.zeofreeze.zconfig.Section;

/**
 * Turns a choice into file edits. Freezing a storage sets {@code read-only true} in its
 * {@code <filestorage>} on the ZEO server and in the {@code <zeoclient>} of every client database
 * that opens it — both, because a client that still asks for write access to a read-only storage
 * waits forever. The server-wide {@code <zeo> read-only} is never touched, and the root storage is
 * never frozen. Thawing writes what the buildout recipes write: no read-only line in a
 * {@code <filestorage>}, {@code read-only false} in a {@code <zeoclient>}.
 */
public final class Planner {
    private static final String KEY = "read-only";
    private final InsertedLines inserted;
    private final boolean editGeneratedFiles;

    public Planner() {
        this(InsertedLines.NONE);
    }

    /** A planner whose thaw removes the read-only lines an earlier freeze inserted. */
    public Planner(InsertedLines inserted) {
        this(inserted, false);
    }

    /**
     * {@code editGeneratedFiles}: edit a file that a tool writes again at every start (plonex, the
     * Plone images) rather than refuse the plan, as a profile may ask.
     */
    public Planner(InsertedLines inserted, boolean editGeneratedFiles) {
        this.inserted = inserted;
        this.editGeneratedFiles = editGeneratedFiles;
    }

    /** The plan for what a person asked: the names resolved against the cluster first. */
    public Plan plan(Discovery discovery, Selection selection) throws PlanException {
        return plan(discovery, selection.resolve(discovery.cluster()));
    }

    public Plan plan(Discovery discovery, Choice choice) throws PlanException {
        Cluster cluster = discovery.cluster();
        List<Storage> selected = select(cluster, choice);
        if (choice.mode() == Mode.FREEZE) {
            refuseUnlinkedWriters(cluster, selected);
        }
        Map<HostFile, List<LineEdit>> edits = new LinkedHashMap<>();
        Map<HostFile, List<String>> summaries = new LinkedHashMap<>();
        boolean freeze = choice.mode() == Mode.FREEZE;
        LineReaders readers = new LineReaders(discovery);
        Map<LineReaders.LineKey, List<Planned>> planned = new LinkedHashMap<>();
        for (Storage storage : selected) {
            ZeoServer server = cluster.serverOf(storage.id());
            ParsedConfig zeoConf = discovery.config(server.host(), server.confFile());
            Section fs = zeoConf.sectionAt(
                    storage.readOnlySection().file(), storage.readOnlySection().line());
            edit(
                    zeoConf,
                    server.host(),
                    fs,
                    freeze,
                    storage.readOnly(),
                    edits,
                    summaries,
                    "<" + fs.type() + "> of storage '" + storage.name() + "'",
                    occurrence(readers, server.host(), server.confFile(), storage.readOnlySection()),
                    planned);
            for (StorageUse use : cluster.usesOf(storage.id())) {
                ParsedConfig zopeConf =
                        discovery.config(use.client().host(), use.client().confFile());
                Section zc = zopeConf.sectionAt(
                        use.database().zeoClientSection().file(),
                        use.database().zeoClientSection().line());
                edit(
                        zopeConf,
                        use.client().host(),
                        zc,
                        freeze,
                        use.database().readOnly(),
                        edits,
                        summaries,
                        "<zeoclient> of database '" + use.database().name() + "'",
                        readers.occurrence(
                                        use.client().host(),
                                        use.client().confFile(),
                                        use.database().zeoClientSection(),
                                        use.database().declaredAt())
                                .orElseThrow(),
                        planned);
            }
        }
        refuseSharedLines(discovery, readers, planned);
        List<FileChange> changes = new ArrayList<>();
        for (Map.Entry<HostFile, List<LineEdit>> e : edits.entrySet()) {
            HostFile file = e.getKey();
            ConfigDocument before = discovery.document(file);
            ConfigDocument after = ConfigEditor.apply(before, e.getValue());
            Buildout buildout = cluster.buildoutOf(file.host()).orElseThrow();
            String relative = buildout.relative(file.path());
            changes.add(new FileChange(
                    file.host(),
                    file.path(),
                    relative,
                    before.bytes(),
                    after.bytes(),
                    Hashes.sha256(before.bytes()),
                    summaries.get(file),
                    UnifiedDiff.of(relative, before, after)));
        }
        // Servers' files first, as a person reads a cluster: ZEO, then its clients.
        changes.sort(Comparator.comparing(FileChange::host)
                .thenComparing(c -> c.path().endsWith("/zeo.conf") ? 0 : 1)
                .thenComparing(FileChange::path));
        List<String> notes = new ArrayList<>(GeneratedEdits.review(
                changes,
                host -> cluster.buildoutOf(host).map(Buildout::dir).orElse(null),
                choice.mode(),
                editGeneratedFiles));
        if (!changes.isEmpty()) {
            notes.add("Stop every Zope client and the ZEO server before restarting any of them: a client that asks for "
                    + "write access to a read-only storage waits forever.");
        }
        List<StorageId> ids = selected.stream().map(Storage::id).toList();
        return new Plan(choice.mode(), ids, changes, cluster.findings(), notes, ReadOnlyState.of(cluster, ids));
    }

    /**
     * A ZEO client database that could not be linked to a discovered server, yet asks for write
     * access to a storage of a name the plan freezes, may well be a client of that storage (an
     * address written another way, a server behind a name): frozen, it would wait for write
     * access forever. Refused before anything is written.
     */
    private static void refuseUnlinkedWriters(Cluster cluster, List<Storage> selected) throws PlanException {
        for (Cluster.UnlinkedDatabase u : cluster.unlinked()) {
            if (u.database().readOnly() || u.database().readOnlyFallback()) {
                continue; // it does not insist on write access
            }
            for (Storage s : selected) {
                if (s.name().equalsIgnoreCase(u.database().storage())) {
                    throw new PlanException(u.client().name() + " database '"
                            + u.database().name() + "' ("
                            + u.database().zeoClientSection() + ") asks for write access to storage '"
                            + u.database().storage() + "' at " + u.database().servers() + ", which ZeoFreeze cannot "
                            + "match with a discovered ZEO server. If it is '" + cluster.displayName(s.id()) + "', "
                            + "freezing it would leave that client waiting for write access forever. Add that "
                            + "client's host to the profile, or write the server's address as the server listens, "
                            + "then plan again.");
                }
            }
        }
    }

    /** An edit of one line meant for one occurrence of a section. */
    private record Planned(LineReaders.Occurrence occurrence, LineEdit edit) {}

    private static LineReaders.Occurrence occurrence(LineReaders readers, String host, String mainFile, SourceRef ref) {
        return readers.occurrence(host, mainFile, ref)
                .orElseThrow(() -> new IllegalStateException("no section at " + ref));
    }

    /**
     * A line that other sections read too (a shared {@code %include}) is edited only when every
     * section reading it gets the same edit: otherwise freezing one database would freeze the
     * others, the root among them.
     */
    private static void refuseSharedLines(
            Discovery discovery, LineReaders readers, Map<LineReaders.LineKey, List<Planned>> planned)
            throws PlanException {
        for (Map.Entry<LineReaders.LineKey, List<Planned>> e : planned.entrySet()) {
            LineReaders.LineKey line = e.getKey();
            List<LineReaders.Occurrence> all = readers.readersOf(line);
            List<LineReaders.Occurrence> edited =
                    e.getValue().stream().map(Planned::occurrence).toList();
            boolean sameEdit =
                    e.getValue().stream().map(Planned::edit).distinct().count() == 1;
            if (sameEdit && edited.containsAll(all)) {
                continue;
            }
            String text = discovery
                    .document(new HostFile(line.host(), line.file()))
                    .line(line.index())
                    .text()
                    .strip();
            List<String> others = all.stream()
                    .filter(o -> !edited.contains(o))
                    .map(LineReaders.Occurrence::description)
                    .toList();
            throw new PlanException(line.file() + ", line " + (line.index() + 1) + " ('" + text + "') is read by "
                    + all.size() + " sections: "
                    + String.join(
                            "; ",
                            all.stream()
                                    .map(LineReaders.Occurrence::description)
                                    .toList())
                    + ". " + (line.head() ? "Adding 'read-only' to it" : "Changing it") + " for "
                    + String.join(
                            "; ",
                            edited.stream()
                                    .map(LineReaders.Occurrence::description)
                                    .distinct()
                                    .toList())
                    + " would change " + (others.isEmpty() ? "them differently" : String.join("; ", others)) + " too. "
                    + "Move the read-only line out of the shared file into each section that includes it "
                    + "(and the section itself out of a file included more than once), then plan again.");
        }
    }

    private void edit(
            ParsedConfig config,
            String host,
            Section section,
            boolean freeze,
            boolean readOnlyNow,
            Map<HostFile, List<LineEdit>> edits,
            Map<HostFile, List<String>> summaries,
            String what,
            LineReaders.Occurrence occurrence,
            Map<LineReaders.LineKey, List<Planned>> planned)
            throws PlanException {
        List<LineEdit> lineEdits;
        if (freeze) {
            // A line that already says read-only (in any spelling) is left as it is.
            lineEdits = readOnlyNow ? List.of() : setKey(config, section, "true");
        } else if (!readOnlyNow) {
            lineEdits = List.of();
        } else if (section.type().equals("zeoclient")) {
            lineEdits = thawZeoClient(config, host, section, inserted);
        } else if (insertedByAFreeze(host, section)) {
            // The freeze added this line: taking it out again gives back the file as it was.
            lineEdits = ConfigEditor.removeKey(section, KEY);
        } else {
            // plone.recipe.zeoserver writes no read-only in <filestorage>: thaw removes the line.
            lineEdits = ConfigEditor.removeKey(section, KEY);
        }
        for (LineEdit le : lineEdits) {
            HostFile file = new HostFile(host, le.file());
            LineReaders.LineKey concerned = le instanceof LineEdit.InsertAfter
                    ? new LineReaders.LineKey(host, section.file(), section.lineIndex(), true)
                    : new LineReaders.LineKey(host, le.file(), le.index(), false);
            planned.computeIfAbsent(concerned, k -> new ArrayList<>()).add(new Planned(occurrence, le));
            List<LineEdit> fileEdits = edits.computeIfAbsent(file, f -> new ArrayList<>());
            if (!fileEdits.contains(le)) {
                fileEdits.add(le); // one line read by several chosen sections is edited once
            }
            List<String> summary = summaries.computeIfAbsent(file, f -> new ArrayList<>());
            String line = (freeze ? "read-only true in " : "writable again: ") + what;
            if (!summary.contains(line)) {
                summary.add(line);
            }
        }
    }

    private boolean insertedByAFreeze(String host, Section section) {
        return insertedByAFreeze(host, section, inserted);
    }

    private static boolean insertedByAFreeze(String host, Section section, InsertedLines inserted) {
        List<KeyValue> lines = section.values(KEY);
        return lines.size() == 1
                && inserted.inserted(host, lines.get(0).file(), lines.get(0).lineIndex());
    }

    /**
     * The thaw of one read-only {@code <zeoclient>}: a line a freeze inserted is taken out (the file
     * as it was); otherwise {@code read-only false}, as plone.recipe.zope2instance spells it out.
     */
    static List<LineEdit> thawZeoClient(ParsedConfig config, String host, Section zeoClient, InsertedLines inserted)
            throws PlanException {
        if (insertedByAFreeze(host, zeoClient, inserted)) {
            return ConfigEditor.removeKey(zeoClient, KEY);
        }
        return setKey(config, zeoClient, "false");
    }

    private static List<LineEdit> setKey(ParsedConfig config, Section section, String value) throws PlanException {
        try {
            return ConfigEditor.setKey(config, section, KEY, value);
        } catch (ConfigEditor.EditException e) {
            throw new PlanException(e.getMessage());
        }
    }

    private static List<Storage> select(Cluster cluster, Choice choice) throws PlanException {
        List<Storage> all = cluster.storages();
        if (choice.storages().isEmpty()
                && choice.mode() == Mode.FREEZE
                && cluster.root().isEmpty()) {
            String why = cluster.clients().isEmpty()
                    ? "no Zope client was found: add the clients' hosts to the profile, or name the storages"
                    : "no client database mounted at '/' is linked to a ZEO storage; see the findings";
            throw new PlanException("the root storage is not known (" + why + "), so that it is never frozen by "
                    + "mistake nothing is chosen by default. Name the storages to freeze (--freeze NAME; the cluster has: "
                    + String.join(
                            ", ",
                            all.stream()
                                    .map(s -> "'" + cluster.displayName(s.id()) + "'")
                                    .toList()) + ").");
        }
        if (choice.storages().isEmpty()) {
            return all.stream()
                    .filter(Storage::freezable)
                    .filter(s -> !cluster.isRoot(s.id()))
                    .filter(s ->
                            choice.mode() == Mode.FREEZE ? !cluster.frozenEverywhere(s) : cluster.frozenAnywhere(s))
                    .toList();
        }
        List<Storage> out = new ArrayList<>();
        for (StorageId wanted : choice.storages()) {
            Storage storage = cluster.storage(wanted)
                    .orElseThrow(() -> new PlanException("there is no storage " + wanted.qualified()
                            + " in the cluster as it is now; read the cluster again and choose again"));
            if (choice.mode() == Mode.FREEZE && cluster.isRoot(storage.id())) {
                String mount = cluster.usesOf(storage.id()).stream()
                        .filter(u -> u.database().isRoot())
                        .findFirst()
                        .map(u -> " (mounted at / by " + u.client().name() + ", "
                                + u.database().declaredAt() + ")")
                        .orElse("");
                throw new PlanException("'" + storage.name() + "' is the root storage" + mount + ". Zope writes to "
                        + "the root database at start-up, so it must stay writable: freeze the mounted storages only.");
            }
            if (!storage.freezable()) {
                throw new PlanException("storage '" + storage.name() + "' (" + storage.declaredAt() + ") is "
                        + storage.notFreezable() + "; ZeoFreeze freezes FileStorages, alone or inside <zlibstorage>, "
                        + "<serverzlibstorage>, <blobstorage> or <zrs>.");
            }
            if (!out.contains(storage)) {
                out.add(storage);
            }
        }
        return out;
    }
}
