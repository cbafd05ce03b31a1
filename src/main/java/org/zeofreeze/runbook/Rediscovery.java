package org.zeofreeze.runbook;

import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;

/** Reads the cluster again from the same buildouts, as the files are now. */
final class Rediscovery {
    private Rediscovery() {
    }

    static Discovery of(StepRun run) throws StepFailure {
        List<Discoverer.Source> sources = new ArrayList<>();
        for (Buildout b : run.setup().discovery().cluster().buildouts()) {
            sources.add(new Discoverer.Source(run.host(b.host()), b.dir()));
        }
        try {
            return new Discoverer().discover(sources);
        } catch (DiscoveryException e) {
            throw new StepFailure(null, e.getMessage(), e);
        }
    }

}
