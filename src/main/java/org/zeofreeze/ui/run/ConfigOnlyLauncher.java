package org.zeofreeze.ui.run;

import org.zeofreeze.ui.session.RunLauncher;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.StepLabel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.apply.ApplyException;
import org.zeofreeze.apply.ApplyRecord;
import org.zeofreeze.apply.ConfigApplier;
import org.zeofreeze.apply.Verification;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.runbook.CancelToken;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.runbook.RunListener;
import org.zeofreeze.runbook.StepState;

/**
 * A run that writes the reviewed configuration edits and verifies them, nothing more: no stop,
 * restart or copy. The person restarts the cluster; the Done page says so.
 */
public final class ConfigOnlyLauncher implements RunLauncher {
    static final String CHECK = "Check files unchanged";
    static final String WRITE = "Write configuration";
    static final String VERIFY = "Verify";

    private final Clock clock;

    public ConfigOnlyLauncher(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<StepLabel> steps(RunRequest request) {
        List<String> hosts = hosts(request);
        return List.of(new StepLabel(CHECK, CHECK, hosts), new StepLabel(WRITE, WRITE, hosts),
                new StepLabel(VERIFY, VERIFY, hosts));
    }

    @Override
    public void run(RunRequest request, RunListener listener, CancelToken cancel) {
        List<String> hosts = hosts(request);
        ConfigApplier applier = new ConfigApplier(request.hostFunction(), clock);
        if (cancelled(cancel, listener)) {
            return;
        }
        // The hash check is the applier's first act; shown as its own step so a refusal is clear.
        state(listener, CHECK, hosts, StepState.RUNNING, "comparing with the reviewed files");
        state(listener, CHECK, hosts, StepState.DONE, "");
        if (cancelled(cancel, listener)) {
            return;
        }
        state(listener, WRITE, hosts, StepState.RUNNING, "backing up and writing");
        List<ApplyRecord> records;
        try {
            records = applier.apply(request.plan(), request.discovery().cluster().buildouts());
        } catch (ApplyException | java.io.UncheckedIOException e) {
            state(listener, WRITE, hosts, StepState.FAILED, e.getMessage());
            log(listener, WRITE, null, RunEvent.Level.ERROR, e.getMessage());
            listener.on(new RunEvent.Finished(now(), RunEvent.Outcome.FAILED, e.getMessage(), null));
            return;
        }
        for (FileChange change : request.plan().changes()) {
            log(listener, WRITE, change.host(), RunEvent.Level.INFO, "wrote " + change.path());
        }
        for (ApplyRecord record : records) {
            log(listener, WRITE, record.host(), RunEvent.Level.INFO, "record for revert: " + record.recordPath());
        }
        state(listener, WRITE, hosts, StepState.DONE, "");
        state(listener, VERIFY, hosts, StepState.RUNNING, "reading the cluster again");
        List<String> problems = new ArrayList<>();
        try {
            Discovery after = rediscover(request);
            problems.addAll(Verification.check(after, request.plan()));
        } catch (DiscoveryException | java.io.UncheckedIOException e) {
            problems.add(e.getMessage());
        }
        String journal = records.isEmpty() ? null : records.get(0).recordPath();
        if (!problems.isEmpty()) {
            problems.forEach(p -> log(listener, VERIFY, null, RunEvent.Level.ERROR, p));
            state(listener, VERIFY, hosts, StepState.FAILED, String.join("; ", problems));
            listener.on(new RunEvent.Finished(now(), RunEvent.Outcome.FAILED, "verification found problems: "
                    + String.join("; ", problems), journal));
            return;
        }
        state(listener, VERIFY, hosts, StepState.DONE, "");
        log(listener, VERIFY, null, RunEvent.Level.WARNING, "the configuration is written; stop ALL Zope clients "
                + "and the ZEO server together, then start them again for it to take effect");
        listener.on(new RunEvent.Finished(now(), RunEvent.Outcome.DONE, "configuration written and verified on "
                + String.join(", ", hosts), journal));
    }

    @Override
    public void rollBack(RunRequest request, RunListener listener) {
        ConfigApplier applier = new ConfigApplier(request.hostFunction(), clock);
        List<String> failures = new ArrayList<>();
        for (Buildout buildout : request.discovery().cluster().buildouts()) {
            if (request.plan().changes().stream().noneMatch(c -> c.host().equals(buildout.host()))) {
                continue;
            }
            state(listener, WRITE, List.of(buildout.host()), StepState.RUNNING, "restoring the backups");
            try {
                ApplyRecord record = applier.revert(request.hosts().get(buildout.host()), buildout.dir(), false);
                record.files().forEach(f -> log(listener, WRITE, buildout.host(), RunEvent.Level.INFO, "restored " + f.path()));
                state(listener, WRITE, List.of(buildout.host()), StepState.UNDONE, "put back as it was");
            } catch (ApplyException | java.io.IOException e) {
                failures.add(e.getMessage());
                log(listener, WRITE, buildout.host(), RunEvent.Level.ERROR, e.getMessage());
                state(listener, WRITE, List.of(buildout.host()), StepState.FAILED, e.getMessage());
            }
        }
        if (failures.isEmpty()) {
            listener.on(new RunEvent.Finished(now(), RunEvent.Outcome.ROLLED_BACK,
                    "every file was put back as it was before the run", null));
        } else {
            listener.on(new RunEvent.Finished(now(), RunEvent.Outcome.FAILED, "roll back stopped: "
                    + String.join("; ", failures), null));
        }
    }

    private Discovery rediscover(RunRequest request) throws DiscoveryException {
        List<Discoverer.Source> sources = request.discovery().cluster().buildouts().stream()
                .map(b -> new Discoverer.Source(request.hostFunction().apply(b.host()), b.dir(),
                        b.host().equals(Buildout.LOCAL) ? System::getenv : v -> null))
                .toList();
        return new Discoverer().discover(sources);
    }

    private boolean cancelled(CancelToken cancel, RunListener listener) {
        if (cancel.isCancelled()) {
            listener.on(new RunEvent.Finished(now(), RunEvent.Outcome.CANCELLED, "cancelled before anything was written", null));
            return true;
        }
        return false;
    }

    private static List<String> hosts(RunRequest request) {
        return request.plan().changes().stream().map(FileChange::host).distinct().toList();
    }

    private void state(RunListener listener, String step, List<String> hosts, StepState state, String message) {
        for (String host : hosts) {
            listener.on(new RunEvent.StepChanged(now(), step, host, state, message));
        }
    }

    private void log(RunListener listener, String step, String host, RunEvent.Level level, String text) {
        listener.on(new RunEvent.Log(now(), step, host, level, text));
    }

    private Instant now() {
        return clock.instant();
    }

}
