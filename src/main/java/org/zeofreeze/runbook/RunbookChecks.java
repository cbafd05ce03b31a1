package org.zeofreeze.runbook;

import java.util.List;
import java.util.Optional;
import org.zeofreeze.host.Host;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.runbook.probe.BuildoutPython;
import org.zeofreeze.runbook.probe.StorageFacts;
import org.zeofreeze.runbook.probe.WriteAccessProbe;
import org.zeofreeze.runbook.process.PidFile;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.process.TcpConnection;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;

/**
 * The runbook's own checks for another engine to carry out (the Ansible export): the same probe
 * text, pid files and connection listing, so the export never keeps a copy of its own.
 */
public final class RunbookChecks {
    private RunbookChecks() {}

    /**
     * The probe of the verification as one program for the buildout's Python: argv[1] the
     * {@code bin/PART} script (its eggs go on sys.path), then the address, the timeout in seconds
     * and the storage names; one line per storage: {@code NAME read-only|writable|error TEXT}.
     */
    public static String storageProbe() {
        return BuildoutPython.program(WriteAccessProbe.SCRIPT);
    }

    /**
     * The probe a move proves its copies with, as one program for the buildout's Python: argv[1]
     * the {@code bin/PART} script, then the address, the timeout in seconds and the storage names;
     * one line per storage: {@code NAME read-only|writable TID LENGTH}, or {@code NAME error TEXT}.
     */
    public static String storageFactsProbe() {
        return BuildoutPython.program(StorageFacts.SCRIPT);
    }

    /** The interpreter and script that run the buildout's Python on {@code host}, from {@code script}'s first line. */
    public static Optional<List<String>> buildoutPython(Host host, String script) {
        return BuildoutPython.of(host, script).map(p -> List.of(p.interpreter(), p.script()));
    }

    /** How a process is started and stopped: the profile's control, or a move target's own. */
    public static ProcessControl control(RunSetup setup, ClusterProcess p) {
        return ProcessSteps.control(setup, p);
    }

    /** Where the process writes its pid, as its configuration says. */
    public static Optional<String> pidFile(RunSetup setup, ClusterProcess p) {
        return PidFile.of(setup, p);
    }

    /** The command that lists the established TCP connections on a host, with their processes. */
    public static List<String> listConnections() {
        return TcpConnection.listCommand();
    }
}
