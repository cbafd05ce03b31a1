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
import org.zeofreeze.host.FileStat;
import org.zeofreeze.plan.FileChange;
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
record ExportFacts(List<Changed> changed, List<Process> processes, List<StorageFile> storages, List<Probed> probed) {

    /** A file of the plan, numbered (its files and variables carry the number), with its stat as read. */
    record Changed(int number, FileChange change, FileStat stat) {
        String guard() {
            return "zf_guard_" + number;
        }
    }

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
        List<Changed> changed = new ArrayList<>();
        for (FileChange c : setup.plan().changes()) {
            FileStat stat = setup.hosts()
                    .get(c.host())
                    .stat(c.path())
                    .orElseThrow(() -> new IOException(c.host() + ":" + c.path() + " is gone since it was read"));
            changed.add(new Changed(changed.size() + 1, c, stat));
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
        return new ExportFacts(changed, processes, storages, probed(setup, processes));
    }

    /** The servers of the chosen storages, in the order the runbook's verification probes them. */
    private static List<Probed> probed(RunSetup setup, List<Process> processes) throws IOException {
        Set<String> chosenServers = new LinkedHashSet<>();
        setup.plan().selected().forEach(id -> chosenServers.add(id.host() + "/" + id.server()));
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
            Optional<Address> address = s.addresses().stream().findFirst();
            Optional<List<String>> python = RunbookChecks.buildoutPython(
                    setup.hosts().get(s.host()), setup.buildout(s.host()) + "/bin/" + s.part());
            String why = address.isEmpty()
                    ? "its address is not known"
                    : python.isEmpty() ? "no Python of the buildout was found (bin/" + s.part() + ")" : null;
            String where = address.map(
                            a -> a.isSocket() ? a.socketPath() : bracket(Tasks.localHost(a)) + ":" + a.port())
                    .orElse(null);
            out.add(new Probed(p, python.orElse(List.of()), where, storages, why));
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
}
