package org.zeofreeze.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.runbook.process.HttpAddress;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;

/**
 * What the playbook needs beyond the plan, read once from the hosts at export time: the owner and
 * mode of each changed file, where each client answers HTTP, which files each process reads, and
 * the chosen storages' {@code .fs} files with their mode.
 */
record ExportFacts(List<Changed> changed, List<Process> processes, List<StorageFile> storages) {

    /** A file of the plan, numbered (its files and variables carry the number), with its stat as read. */
    record Changed(int number, FileChange change, FileStat stat) {
        String guard() {
            return "zf_guard_" + number;
        }
    }

    /** A process of the cluster: its HTTP address (clients, where known) and the changed files it reads. */
    record Process(ClusterProcess process, String http, List<Changed> files) {}

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
            processes.add(new Process(p, p.server() ? null : http(setup, p).orElse(null), files));
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
        return new ExportFacts(changed, processes, storages);
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
