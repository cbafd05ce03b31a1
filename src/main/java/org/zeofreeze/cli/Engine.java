package org.zeofreeze.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.zeofreeze.apply.FreezeHistory;
import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.plan.Selection;

/** Discovery and planning on a local buildout, as the commands use them. */
final class Engine {
    static final LocalHost LOCAL = new LocalHost();

    /** The buildouts of the command line are on this computer: read with this process's environment. */
    static final ClusterReader READER = new ClusterReader(name -> LOCAL, name -> true);

    static Discovery discover(String buildout) throws DiscoveryException {
        String dir = Path.of(buildout).toAbsolutePath().normalize().toString();
        try {
            return READER.read(List.of(new ClusterReader.Place(LOCAL.name(), dir)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while reading " + dir, e);
        }
    }

    static Plan plan(Discovery discovery, Selection selection) throws PlanException {
        try {
            return FreezeHistory.planner(selection.mode(), discovery, name -> LOCAL)
                    .plan(discovery, selection);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanException("interrupted while reading the apply records");
        }
    }

    /** The cluster and the plan for the options; bad input is reported on {@code err} and gives null. */
    static Prepared prepare(ClusterOptions options, PrintWriter err) {
        try {
            Discovery discovery = discover(options.buildout);
            return new Prepared(discovery, plan(discovery, options.selection()));
        } catch (DiscoveryException | PlanException e) {
            err.println("zeofreeze: " + e.getMessage());
            return null;
        }
    }

    record Prepared(Discovery discovery, Plan plan) {}
}
