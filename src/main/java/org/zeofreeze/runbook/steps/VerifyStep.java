package org.zeofreeze.runbook.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.zeofreeze.apply.Verification;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.probe.BuildoutPython;
import org.zeofreeze.runbook.probe.WriteAccessProbe;
import org.zeofreeze.runbook.process.HttpAddress;
import org.zeofreeze.runbook.process.ProcessGroups;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Checks the outcome from outside, not from status lines: the files read again say what the plan
 * promised; the ZEO server itself, asked by a short probe with the cluster's own Python (a
 * ClientStorage that asks for write access with read-only fallback), refuses write access to every
 * frozen storage and grants it to the others as before (the root above all); every running
 * client answers HTTP.
 */
public final class VerifyStep implements Step {
    @Override
    public String id() {
        return "verify";
    }

    @Override
    public StepAction action() {
        return new StepAction.Verify();
    }

    @Override
    public String title() {
        return "Verify from outside";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return setup.clusterHosts();
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        setup.clusterHosts().forEach(h -> run.state(h, StepState.RUNNING, null));
        List<String> failed = new ArrayList<>();
        List<String> problems = Verification.check(Rediscovery.of(run), setup.plan());
        if (problems.isEmpty()) {
            run.verified(null, "configuration", true, "the configuration files say what the plan promised");
        } else {
            problems.forEach(p -> run.verified(null, "configuration", false, p));
            failed.addAll(problems);
        }
        for (ClusterProcess server : serversToProbe(setup)) {
            failed.addAll(probe(run, server));
        }
        failed.addAll(clientsAnswer(run));
        if (!failed.isEmpty()) {
            setup.clusterHosts().forEach(h -> run.state(h, StepState.FAILED, null));
            throw new StepFailure(null, "the outcome is not what was planned: " + String.join("; ", failed));
        }
        setup.clusterHosts().forEach(h -> run.state(h, StepState.DONE, "verified"));
    }

    /** Every running client answers HTTP (one verified line each); those that do not. */
    static List<String> clientsAnswer(StepRun run) throws StepFailure, InterruptedException {
        List<String> failed = new ArrayList<>();
        for (ClusterProcess client : run.setup().clients()) {
            if (!ProcessSteps.isRunning(run, client)) {
                continue;
            }
            String http = HttpAddress.of(run, client).orElse(null);
            boolean ok = ProcessSteps.serves(run, client, http);
            run.verified(
                    client.host(),
                    client.part(),
                    ok,
                    client.part()
                            + (ok ? " answers HTTP" : " does not answer HTTP")
                            + (http == null ? " (no HTTP address known: its status was asked)" : " at " + http));
            if (!ok) {
                failed.add(client.label() + " does not answer");
            }
        }
        return failed;
    }

    /** The servers that serve a chosen storage. */
    private static List<ClusterProcess> serversToProbe(RunSetup setup) {
        Set<String> servers = new LinkedHashSet<>();
        setup.plan().selected().forEach(id -> servers.add(id.host() + "/" + id.server()));
        return setup.servers().stream()
                .filter(s -> servers.contains(s.host() + "/" + s.part()))
                .toList();
    }

    private static List<String> probe(StepRun run, ClusterProcess server) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        ZeoServer model = setup.discovery().cluster().servers().stream()
                .filter(s -> s.host().equals(server.host()) && s.name().equals(server.part()))
                .findFirst()
                .orElseThrow();
        Optional<Address> address = server.addresses().stream().findFirst();
        Optional<BuildoutPython> python = BuildoutPython.of(run, server);
        if (address.isEmpty() || python.isEmpty()) {
            // Not checked is not wrong: the edits, restarts and copy were proven on their own, so
            // the run does not fail for it; it says what is left unchecked and how to check it.
            String why = address.isEmpty() ? "its address is not known" : BuildoutPython.missing(server);
            String instead = "check by hand that a commit to each frozen storage through a client is refused "
                    + "(ReadOnlyError) and that the root still commits"
                    + (address.isEmpty()
                            ? ""
                            : "; or name the cluster's interpreter as \"python\" of host '" + server.host()
                                    + "' in the profile");
            run.log(
                    server.host(),
                    RunEvent.Level.WARNING,
                    "not verified: the storages of " + server.part() + " could not be probed: " + why + ". "
                            + "Everything else was checked; " + instead);
            run.verified(
                    server.host(),
                    server.part(),
                    false,
                    "could not check the storages of " + server.part() + " from outside (" + why + "); " + instead);
            return List.of();
        }
        Address a = address.get();
        List<String> args = new ArrayList<>(
                List.of(a.isSocket() ? a.socketPath() : bracket(ProcessSteps.localHost(a)) + ":" + a.port(), "15"));
        model.storages().forEach(s -> args.add(s.name()));
        CommandResult r = ProcessGroups.quiet(
                run,
                server.host(),
                python.get().command(WriteAccessProbe.SCRIPT, args),
                setup.timeouts().command());
        Map<String, String> answers = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] parts = line.strip().split(" ", 2);
            if (parts.length == 2) {
                answers.put(parts[0], parts[1]);
            }
        }
        List<String> failed = new ArrayList<>();
        boolean rootChecked = false;
        for (Storage s : model.storages()) {
            boolean chosen = setup.plan().selected().contains(s.id());
            boolean root = setup.discovery().cluster().isRoot(s.id());
            boolean wantReadOnly = chosen ? setup.plan().mode() == Mode.FREEZE : s.readOnly();
            String answer = answers.getOrDefault(
                    s.name(),
                    "error no answer"
                            + (r.stderr().isBlank()
                                    ? ""
                                    : ": "
                                            + r.stderr()
                                                    .strip()
                                                    .lines()
                                                    .reduce((x, y) -> y)
                                                    .orElse("")));
            boolean ok = answer.equals(wantReadOnly ? "read-only" : "writable");
            String what = server.part() + "/" + s.name() + (root ? " (root)" : "");
            String text = ok
                    ? what
                            + (wantReadOnly
                                    ? " refuses write access at the ZEO server"
                                    : " accepts write access at the ZEO server")
                    : what + " should be " + (wantReadOnly ? "read-only" : "writable") + " at the ZEO server, but is "
                            + answer;
            run.verified(server.host(), what, ok, text);
            if (!ok) {
                failed.add(text);
            }
            rootChecked |= root;
        }
        if (!rootChecked) {
            run.info(server.host(), server.part() + " serves no root storage");
        }
        return failed;
    }

    private static String bracket(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
