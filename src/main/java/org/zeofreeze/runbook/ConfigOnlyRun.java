package org.zeofreeze.runbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.apply.AppliedFile;
import org.zeofreeze.apply.ApplyException;
import org.zeofreeze.apply.ApplyRecord;
import org.zeofreeze.apply.ConfigApplier;
import org.zeofreeze.apply.Verification;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunEvent.Outcome;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.setup.CancelToken;

/**
 * The configuration-only run, the same for the command line and the wizard: check that every
 * file is still the one reviewed, back up and write them, read the cluster again and verify it.
 * Nothing is stopped, restarted or copied; the person restarts the cluster. Each step reports
 * its state only once it has happened, so a refusal shows at the step that refused. The records
 * the write leaves next to the buildout are what {@code zeofreeze revert} and {@link #rollBack}
 * put the files back from.
 */
public final class ConfigOnlyRun {
    public static final String CHECK = "check";
    public static final String WRITE = "write";
    public static final String VERIFY = "verify";

    private final Discovery discovery;
    private final Plan plan;
    private final HostProvider hosts;
    private final ClusterReader reader;
    private final Clock clock;

    public ConfigOnlyRun(Discovery discovery, Plan plan, HostProvider hosts, ClusterReader reader, Clock clock) {
        this.discovery = discovery;
        this.plan = plan;
        this.hosts = hosts;
        this.reader = reader;
        this.clock = clock;
    }

    /** The three steps with the hosts they touch, for a list shown before the run starts. */
    public List<Runbook.StepInfo> describe() {
        List<String> on = changedHosts();
        return List.of(
                new Runbook.StepInfo(CHECK, "Check files unchanged", on),
                new Runbook.StepInfo(WRITE, "Back up and write the configuration", on),
                new Runbook.StepInfo(VERIFY, "Read the files again and verify", on));
    }

    /** Runs the three steps; the events tell what happened, the outcome how it ended. */
    public Outcome run(RunListener listener, CancelToken cancel) {
        Events events = new Events(listener);
        List<String> on = changedHosts();
        ConfigApplier applier = new ConfigApplier(hosts.asFunction(), clock);
        if (cancel.isCancelled()) {
            return events.finish(Outcome.CANCELLED, "cancelled before anything was written", null);
        }
        events.state(CHECK, on, StepState.RUNNING, "comparing with the reviewed files");
        try {
            applier.checkUnchanged(plan);
        } catch (ApplyException | UncheckedIOException e) {
            return events.fail(CHECK, on, e.getMessage(), null);
        }
        events.state(CHECK, on, StepState.DONE, "every file is as reviewed");
        if (cancel.isCancelled()) {
            return events.finish(Outcome.CANCELLED, "cancelled before anything was written", null);
        }
        events.state(WRITE, on, StepState.RUNNING, "backing up and writing");
        List<ApplyRecord> records;
        try {
            records = applier.apply(plan, discovery.cluster().buildouts(), new ConfigApplier.FileListener() {
                @Override
                public void writing(String host, AppliedFile file) {
                    events.log(
                            WRITE,
                            host,
                            RunEvent.Level.INFO,
                            "writing " + file.path() + " (backup " + file.backup() + ")");
                }

                @Override
                public void written(String host, AppliedFile file) {
                    events.log(WRITE, host, RunEvent.Level.INFO, "wrote " + file.path());
                }
            });
        } catch (ApplyException | UncheckedIOException e) {
            return events.fail(WRITE, on, e.getMessage(), null);
        }
        records.forEach(r ->
                events.log(WRITE, r.host(), RunEvent.Level.INFO, "record for 'zeofreeze revert': " + r.recordPath()));
        String record = records.isEmpty() ? null : records.get(0).recordPath();
        events.state(WRITE, on, StepState.DONE, "written");
        return verify(events, on, record);
    }

    private Outcome verify(Events events, List<String> on, String record) {
        events.state(VERIFY, on, StepState.RUNNING, "reading the cluster again");
        Discovery after;
        List<String> problems = new ArrayList<>();
        try {
            after = reader.again(discovery.cluster());
            problems.addAll(Verification.check(after, plan));
        } catch (DiscoveryException | UncheckedIOException e) {
            after = null;
            problems.add(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            after = null;
            problems.add("interrupted while reading the cluster again");
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> events.verified(null, "configuration", false, p));
            return events.fail(
                    VERIFY,
                    on,
                    "verification found problems: " + String.join("; ", problems)
                            + ". Run 'zeofreeze revert' to put the files back",
                    record);
        }
        String state = plan.mode() == Mode.FREEZE
                ? "read-only on the server and in every client"
                : "writable again on the server and in every client";
        for (var id : plan.selected()) {
            String name = after.cluster().displayName(id);
            events.verified(null, name, true, name + " " + state + ", as the files read now say");
        }
        events.state(VERIFY, on, StepState.DONE, "verified");
        events.log(
                VERIFY,
                null,
                RunEvent.Level.WARNING,
                "the configuration is written; stop ALL Zope clients and the "
                        + "ZEO server together, then start them again for it to take effect");
        return events.finish(
                Outcome.DONE,
                "Verified: re-read every file on " + String.join(", ", on) + ". Now stop every "
                        + "Zope client and the ZEO server, then start the ZEO server and the clients.",
                record);
    }

    /** Puts back every file the write changed, from the records it left; someone else's later edit is refused. */
    public Outcome rollBack(RunListener listener) {
        Events events = new Events(listener);
        ConfigApplier applier = new ConfigApplier(hosts.asFunction(), clock);
        List<String> failures = new ArrayList<>();
        for (Buildout buildout : discovery.cluster().buildouts()) {
            if (!changedHosts().contains(buildout.host())) {
                continue;
            }
            List<String> one = List.of(buildout.host());
            events.state(WRITE, one, StepState.RUNNING, "restoring the backups");
            try {
                ApplyRecord record = applier.revert(hosts.get(buildout.host()), buildout.dir(), false);
                record.files()
                        .forEach(f -> events.log(WRITE, buildout.host(), RunEvent.Level.INFO, "restored " + f.path()));
                events.state(WRITE, one, StepState.UNDONE, "put back as it was");
            } catch (ApplyException | IOException | UncheckedIOException e) {
                failures.add(e.getMessage());
                events.log(WRITE, buildout.host(), RunEvent.Level.ERROR, e.getMessage());
                events.state(WRITE, one, StepState.FAILED, e.getMessage());
            }
        }
        return failures.isEmpty()
                ? events.finish(Outcome.ROLLED_BACK, "every file was put back as it was before the run", null)
                : events.finish(Outcome.FAILED, "roll back stopped: " + String.join("; ", failures), null);
    }

    private List<String> changedHosts() {
        return plan.changes().stream().map(FileChange::host).distinct().toList();
    }

    /** The events of this run, stamped with its clock. */
    private final class Events {
        private final RunListener listener;

        Events(RunListener listener) {
            this.listener = listener;
        }

        void state(String step, List<String> on, StepState state, String message) {
            on.forEach(host -> listener.on(new RunEvent.StepChanged(clock.instant(), step, host, state, message)));
        }

        void log(String step, String host, RunEvent.Level level, String text) {
            listener.on(new RunEvent.Log(clock.instant(), step, host, level, text));
        }

        void verified(String host, String subject, boolean ok, String text) {
            listener.on(new RunEvent.Verified(clock.instant(), VERIFY, host, subject, ok, text));
            log(
                    VERIFY,
                    host,
                    ok ? RunEvent.Level.INFO : RunEvent.Level.ERROR,
                    (ok ? "verified: " : "NOT verified: ") + text);
        }

        Outcome fail(String step, List<String> on, String message, String record) {
            state(step, on, StepState.FAILED, message);
            log(step, null, RunEvent.Level.ERROR, message);
            return finish(Outcome.FAILED, message, record);
        }

        Outcome finish(Outcome outcome, String message, String record) {
            listener.on(new RunEvent.Finished(clock.instant(), outcome, message, record));
            return outcome;
        }
    }
}
