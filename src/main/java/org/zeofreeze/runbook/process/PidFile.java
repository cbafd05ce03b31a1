package org.zeofreeze.runbook.process;

import java.util.Optional;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.zconfig.Section;

/**
 * Where a process writes its pid, as the process itself decides it: Zope's {@code pid-filename}
 * (default {@code $clienthome/Z4.pid}, clienthome defaulting to {@code $instancehome/var}); ZEO's
 * {@code <zeo> pid-filename} (no default worth guessing). Reading it and asking {@code kill -0}
 * tells "down" without starting a Python for a status command.
 */
public final class PidFile {
    private PidFile() {}

    public static Optional<String> of(RunSetup setup, ClusterProcess p) {
        Section root;
        try {
            root = setup.config(p.host(), p.confFile()).root();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<String> path;
        if (p.server()) {
            path = root.sections("zeo").stream()
                    .map(s -> s.get("pid-filename"))
                    .flatMap(Optional::stream)
                    .reduce((a, b) -> b);
        } else {
            path = root.get("pid-filename")
                    .or(() -> root.get("clienthome").map(h -> h + "/Z4.pid"))
                    .or(() -> root.get("instancehome").map(h -> h + "/var/Z4.pid"));
        }
        return path.map(String::strip).filter(s -> s.startsWith("/"));
    }
}
