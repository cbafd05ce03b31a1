package org.zeofreeze.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.runbook.RunbookChecks;
import org.zeofreeze.runbook.process.HttpAddress;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;

/**
 * What the playbook needs beyond the plan, read once from the hosts at export time: the owner and
 * mode of each changed file, where each client answers HTTP, which files each process reads and
 * where it writes its pid, the chosen storages' {@code .fs} files with their mode, and how the
 * servers of the chosen storages are probed.
 */
record ExportFacts(
        List<Changed> changed,
        List<Process> processes,
        List<StorageFile> storages,
        List<Probed> probed,
        List<Changed> moved,
        Target target) {

    /**
     * A change of the plan (or of a move's {@code phase}; null: the freeze or thaw), numbered (its
     * files in the export carry the number), with its file's stat as read. {@code file}: the number
     * of the first change of the same file, whose variable holds the file's sha256 as the checks
     * at the start read it: one stat per file, however many phases change it.
     */
    record Changed(int number, FileChange change, FileStat stat, MovePlan.Phase phase, int file) {
        String guard() {
            return "zf_guard_" + file;
        }

        boolean sameFile(Changed other) {
            return file == other.file;
        }
    }

    /**
     * A move's target server: its process (its files: the move's changes of its zeo.conf), how the
     * move's probe reaches it ({@code python} empty with {@code why} when no Python of its buildout
     * was found).
     */
    record Target(Process server, List<String> python, String address, String why) {}

    /**
     * A process of the cluster: its HTTP address (clients, where known), the changed files it
     * reads, and its pid file (null when its configuration names none).
     */
    record Process(ClusterProcess process, String http, List<Changed> files, String pidFile) {}

    /**
     * A ZEO server serving a chosen storage, as the verification probes it: with the buildout's
     * Python ({@code python}: interpreter and bin/PART script; empty with {@code why} when none was
     * found), at {@code address}, every storage it serves.
     */
    record Probed(Process server, List<String> python, String address, List<ProbedStorage> storages, String why) {}

    /** A storage of a probed server: chosen by the plan or not, read-only as configured or not. */
    record ProbedStorage(String name, boolean chosen, boolean readOnly) {}

    /** A chosen storage's files on its server's host; {@code mode} is the {@code .fs} file's permission bits. */
    record StorageFile(String host, String name, String path, String blobDir, int mode) {}

    static ExportFacts read(RunSetup setup) throws IOException, ExportException {
        List<Changed> numbered = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        for (FileChange c : setup.plan().changes()) {
            changed.add(changed(setup, numbered, c, null));
        }
        List<Changed> moved = new ArrayList<>();
        if (setup.moves()) {
            for (MovePlan.Phase phase : List.of(MovePlan.Phase.SERVE, MovePlan.Phase.WRITABLE)) {
                for (FileChange c : setup.move().plan().changes(phase)) {
                    moved.add(changed(setup, numbered, c, phase));
                }
            }
        }
        List<Process> processes = new ArrayList<>();
        List<ClusterProcess> all = new ArrayList<>(setup.servers());
        all.addAll(setup.clients());
        for (ClusterProcess p : all) {
            Set<String> reads = new LinkedHashSet<>(
                    setup.discovery().config(p.host(), p.confFile()).documents().keySet());
            List<Changed> files = changed.stream()
                    .filter(c -> c.change().host().equals(p.host())
                            && reads.contains(c.change().path()))
                    .toList();
            processes.add(new Process(
                    p,
                    p.server() ? null : http(setup, p).orElse(null),
                    files,
                    RunbookChecks.pidFile(setup, p).orElse(null)));
        }
        List<StorageFile> storages = new ArrayList<>();
        for (StorageId id : setup.plan().selected()) {
            ZeoServer server = setup.discovery().cluster().serverOf(id);
            Storage s = setup.discovery().cluster().storage(id).orElseThrow();
            for (String path : new String[] {s.path(), s.blobDir()}) {
                if (path != null && !path.startsWith("/")) {
                    throw new ExportException(
                            "the storage '" + s.name() + "' on " + server.host() + " has the path '" + path
                                    + "', not an absolute one; write the absolute path in the buildout, then export again");
                }
            }
            int mode = s.path() == null
                    ? 0
                    : setup.hosts()
                            .get(server.host())
                            .stat(s.path())
                            .map(FileStat::mode)
                            .orElseThrow(() -> new ExportException(
                                    server.host() + ":" + s.path() + " (storage '" + s.name() + "') does not exist"));
            storages.add(new StorageFile(server.host(), s.name(), s.path(), s.blobDir(), mode));
        }
        return new ExportFacts(changed, processes, storages, probed(setup, processes), moved, target(setup, moved));
    }

    private static Changed changed(RunSetup setup, List<Changed> all, FileChange c, MovePlan.Phase phase)
            throws IOException {
        Optional<Changed> first = all.stream()
                .filter(o ->
                        o.change().host().equals(c.host()) && o.change().path().equals(c.path()))
                .findFirst();
        FileStat stat = first.isPresent()
                ? first.get().stat()
                : setup.hosts()
                        .get(c.host())
                        .stat(c.path())
                        .orElseThrow(() -> new IOException(c.host() + ":" + c.path() + " is gone since it was read"));
        int number = all.size() + 1;
        Changed out =
                new Changed(number, c, stat, phase, first.map(Changed::file).orElse(number));
        all.add(out);
        return out;
    }

    /** The move's target server, its files and how it is probed; null without a move. */
    private static Target target(RunSetup setup, List<Changed> moved) throws IOException {
        if (!setup.moves()) {
            return null;
        }
        ClusterProcess s = setup.move().server();
        Set<HostFile> reads = setup.filesOf(s);
        List<Changed> files = moved.stream()
                .filter(c -> reads.contains(
                        new HostFile(c.change().host(), c.change().path())))
                .toList();
        Process server = new Process(s, null, files, null);
        ProbeWay way = ProbeWay.of(setup, s);
        return new Target(server, way.python(), way.where(), way.why());
    }

    /** How the probes name a ZEO address: a socket path, or host:port with an IPv6 host in brackets. */
    static String where(Address a) {
        return a.isSocket() ? a.socketPath() : bracket(Tasks.localHost(a)) + ":" + a.port();
    }

    /** The move's changes of one phase to the files a process reads. */
    List<Changed> moved(RunSetup setup, ClusterProcess p, MovePlan.Phase phase) {
        Set<HostFile> reads = setup.filesOf(p);
        return moved.stream()
                .filter(c -> c.phase() == phase
                        && reads.contains(
                                new HostFile(c.change().host(), c.change().path())))
                .toList();
    }

    /** Every change of the export, the plan's then the move's phases'. */
    List<Changed> all() {
        List<Changed> out = new ArrayList<>(changed);
        out.addAll(moved);
        return out;
    }

    /** The servers of the chosen storages, in the order the runbook's verification probes them. */
    private static List<Probed> probed(RunSetup setup, List<Process> processes) throws IOException {
        Set<String> chosenServers = new LinkedHashSet<>();
        setup.plan().selected().forEach(id -> chosenServers.add(id.host() + "/" + id.server()));
        if (setup.moves()) {
            // a move's verification asks the root's server too: the root stays writable there
            setup.discovery().cluster().root().ifPresent(id -> chosenServers.add(id.host() + "/" + id.server()));
        }
        List<Probed> out = new ArrayList<>();
        for (Process p : processes) {
            ClusterProcess s = p.process();
            if (!s.server() || !chosenServers.contains(s.host() + "/" + s.part())) {
                continue;
            }
            ZeoServer model = setup.discovery().cluster().servers().stream()
                    .filter(z -> z.host().equals(s.host()) && z.name().equals(s.part()))
                    .findFirst()
                    .orElseThrow();
            List<ProbedStorage> storages = model.storages().stream()
                    .map(st ->
                            new ProbedStorage(st.name(), setup.plan().selected().contains(st.id()), st.readOnly()))
                    .toList();
            ProbeWay way = ProbeWay.of(setup, s);
            out.add(new Probed(p, way.python(), way.where(), storages, way.why()));
        }
        return out;
    }

    private static String bracket(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static Optional<String> http(RunSetup setup, ClusterProcess p) throws IOException {
        return HttpAddress.read(
                setup.hosts().get(p.host()),
                setup.buildout(p.host()),
                p,
                setup.discovery().cluster());
    }

    /** The facts of one process of the runbook. */
    Process of(ClusterProcess process) {
        return processes.stream()
                .filter(p -> p.process().equals(process))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(process.label() + " is not a process of the export"));
    }

    List<Process> servers() {
        return processes.stream().filter(p -> p.process().server()).toList();
    }

    List<Process> clients() {
        return processes.stream().filter(p -> !p.process().server()).toList();
    }

    /** The changed files by host, hosts in the order they first appear. */
    Map<String, List<Changed>> byHost() {
        Map<String, List<Changed>> out = new LinkedHashMap<>();
        changed.forEach(c ->
                out.computeIfAbsent(c.change().host(), h -> new ArrayList<>()).add(c));
        return out;
    }

    /**
     * How a server is probed from its host: the buildout's Python, the address it listens on, or
     * why it cannot be (then the playbook says so instead of probing).
     */
    private record ProbeWay(List<String> python, String where, String why) {
        static ProbeWay of(RunSetup setup, ClusterProcess s) throws IOException {
            Optional<Address> address = s.addresses().stream().findFirst();
            Optional<List<String>> python = RunbookChecks.buildoutPython(
                    setup.hosts().get(s.host()), setup.buildout(s.host()) + "/bin/" + s.part());
            String why = address.isEmpty()
                    ? "its address is not known"
                    : python.isEmpty() ? "no Python of the buildout was found (bin/" + s.part() + ")" : null;
            return new ProbeWay(
                    python.orElse(List.of()), address.map(ExportFacts::where).orElse(null), why);
        }
    }
}
