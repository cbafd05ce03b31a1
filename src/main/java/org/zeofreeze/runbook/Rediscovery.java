package org.zeofreeze.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;

/** Reads the cluster again from the same buildouts, as the files are now, with the same environment. */
final class Rediscovery {
    private Rediscovery() {
    }

    static Discovery of(StepRun run) throws StepFailure {
        List<Discoverer.Source> sources = new ArrayList<>();
        for (Buildout b : run.setup().discovery().cluster().buildouts()) {
            UnaryOperator<String> environment = run.setup().profile().host(b.host())
                    .map(RunPreparation::environment).orElse(name -> null);
            sources.add(new Discoverer.Source(run.host(b.host()), b.dir(), environment));
        }
        try {
            return new Discoverer().discover(sources);
        } catch (DiscoveryException e) {
            throw new StepFailure(null, e.getMessage(), e);
        }
    }

}
