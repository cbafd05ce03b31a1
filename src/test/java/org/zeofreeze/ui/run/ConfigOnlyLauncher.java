package org.zeofreeze.ui.run;

import java.time.Clock;
import java.util.List;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.runbook.ConfigOnlyRun;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.ui.session.RunHandle;
import org.zeofreeze.ui.session.RunLauncher;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.StepLabel;

/**
 * For the wizard's tests on clusters with no processes to restart: a run that writes the reviewed
 * configuration edits and verifies them, nothing more, as the command line's
 * {@code apply --config-only} does (the same ConfigOnlyRun), shown on the Run page.
 */
public final class ConfigOnlyLauncher implements RunLauncher {
    private final Clock clock;

    public ConfigOnlyLauncher(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<StepLabel> steps(RunHandle run) {
        return run(run.request()).describe().stream()
                .map(s -> new StepLabel(s.id(), s.title(), s.hosts()))
                .toList();
    }

    @Override
    public void run(RunHandle run, RunListener listener, CancelToken cancel) {
        run(run.request()).run(listener, cancel);
    }

    @Override
    public void rollBack(RunHandle run, RunListener listener) {
        run(run.request()).rollBack(listener);
    }

    private ConfigOnlyRun run(RunRequest request) {
        ClusterReader reader = request.profile() == null
                ? new ClusterReader(request.hosts(), Buildout.LOCAL::equals)
                : ClusterReader.of(request.profile(), request.hosts());
        return new ConfigOnlyRun(request.discovery(), request.plan(), request.hosts(), reader, clock);
    }
}
