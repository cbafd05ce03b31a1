package org.zeofreeze.testing;

import java.nio.file.Path;
import java.util.List;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;

/** Discovery and planning on a local directory, for tests. */
public final class Engines {
    private Engines() {}

    public static Discovery discover(Path buildout) throws Exception {
        return new Discoverer().discover(List.of(new Discoverer.Source(new LocalHost(), buildout.toString())));
    }

    public static Plan plan(Path buildout, Selection choice) throws Exception {
        return new Planner().plan(discover(buildout), choice);
    }
}
