package org.zeofreeze.cli;

import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.plan.Selection;
import picocli.CommandLine.Option;

/** Options every command on a local buildout shares: where it is, and what to freeze or thaw. */
final class ClusterOptions {
    @Option(
            names = {"-b", "--buildout"},
            paramLabel = "DIR",
            defaultValue = Buildout.DEFAULT_DIR,
            description = "The buildout directory holding parts/ (default: ${DEFAULT-VALUE}).")
    String buildout;

    @Option(
            names = {"-f", "--freeze", "-s", "--storage"},
            paramLabel = "NAME",
            description =
                    "A storage to freeze (or to thaw with --thaw), by name, as server/name or host:server/name. "
                            + "Repeat for more. Default: every storage but the root that is not frozen yet (with --thaw: every frozen one).")
    List<String> storages = new ArrayList<>();

    @Option(names = "--thaw", description = "Thaw: make the storages writable again.")
    boolean thaw;

    /** The storages as typed, parsed once; a malformed name is bad input. */
    Selection selection() throws PlanException {
        return Selection.parse(thaw ? Mode.THAW : Mode.FREEZE, storages);
    }
}
