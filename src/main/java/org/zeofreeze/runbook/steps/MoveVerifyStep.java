package org.zeofreeze.runbook.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.probe.StorageFacts;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * The move checked from outside, through ZEO and HTTP: each moved storage accepts write access at
 * the target server, the old server still serves it read-only (its {@code .fs} kept as frozen),
 * the root is writable at its server as before, and every client answers HTTP.
 */
public final class MoveVerifyStep implements Step {
    @Override
    public String id() {
        return "move-verify";
    }

    @Override
    public StepAction action() {
        return new StepAction.MoveVerify();
    }

    @Override
    public String title() {
        return "Verify the move from outside";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        List<String> out = new ArrayList<>(setup.clusterHosts());
        if (!out.contains(setup.move().plan().targetHost())) {
            out.add(setup.move().plan().targetHost());
        }
        return out;
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        MovePlan plan = setup.move().plan();
        hosts(setup).forEach(h -> run.state(h, StepState.RUNNING, null));
        List<String> failed = new ArrayList<>();
        List<String> names =
                plan.storages().stream().map(MovePlan.MovedStorage::name).toList();
        ClusterProcess target = setup.move().server();
        Map<String, StorageFacts.Fact> there = StorageFacts.of(run, target, names);
        for (MovePlan.MovedStorage m : plan.storages()) {
            expect(run, target, m.name() + " at the target", there.get(m.name()), "writable", failed);
            ClusterProcess source = serverOf(setup, m.source());
            expect(
                    run,
                    source,
                    m.name() + " at the old server " + source.label(),
                    StorageFacts.of(run, source, List.of(m.name())).get(m.name()),
                    "read-only",
                    failed);
        }
        setup.discovery().cluster().root().ifPresent(root -> {
            try {
                ClusterProcess server = serverOf(setup, root);
                expect(
                        run,
                        server,
                        "the root storage " + root.name() + " at " + server.label(),
                        StorageFacts.of(run, server, List.of(root.name())).get(root.name()),
                        "writable",
                        failed);
            } catch (StepFailure | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failed.add("the root storage could not be asked: " + e.getMessage());
            }
        });
        failed.addAll(VerifyStep.clientsAnswer(run));
        if (!failed.isEmpty()) {
            hosts(setup).forEach(h -> run.state(h, StepState.FAILED, null));
            throw new StepFailure(null, "the move is not what was planned: " + String.join("; ", failed));
        }
        hosts(setup).forEach(h -> run.state(h, StepState.DONE, "verified"));
    }

    private static void expect(
            StepRun run,
            ClusterProcess server,
            String what,
            StorageFacts.Fact fact,
            String state,
            List<String> failed) {
        boolean ok = fact.ok() && state.equals(fact.state());
        String text = ok
                ? what + (state.equals("writable") ? " accepts write access" : " refuses write access")
                        + " (last transaction " + fact.lastTransaction() + ")"
                : what + " should be " + state + ", but is " + fact;
        run.verified(server.host(), what, ok, text);
        if (!ok) {
            failed.add(text);
        }
    }

    private static ClusterProcess serverOf(RunSetup setup, StorageId id) throws StepFailure {
        return setup.servers().stream()
                .filter(s -> s.host().equals(id.host()) && s.part().equals(id.server()))
                .findFirst()
                .orElseThrow(() -> new StepFailure(id.host(), "the server " + id.server() + " is not in the cluster"));
    }
}
