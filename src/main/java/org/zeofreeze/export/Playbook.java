package org.zeofreeze.export;

import static org.zeofreeze.export.Tasks.args;
import static org.zeofreeze.export.Tasks.command;
import static org.zeofreeze.export.Tasks.task;
import static org.zeofreeze.export.Tasks.with;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.export.ExportFacts.Changed;
import org.zeofreeze.export.ExportFacts.Process;
import org.zeofreeze.export.ExportFacts.StorageFile;
import org.zeofreeze.host.RemotePath;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.RunbookChecks;
import org.zeofreeze.runbook.copy.CopyRules;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;

/**
 * The plays of one direction: the reviewed plan ({@code site.yml}) or its undoing
 * ({@code rollback.yml}). Both first check every file of the plan on every host — it must still be
 * the reviewed file, or already what this direction writes — and that every process serves,
 * before anything is stopped. A process is restarted only when one of its files is not written
 * yet, so running a playbook twice changes nothing the second time. Every play is fatal on any
 * error: a failure on one host stops the whole playbook there.
 */
final class Playbook {
    /** The export's scripts in files/: the runbook's storage probe and the connection check. */
    static final String PROBE_SCRIPT = "zeofreeze-probe.py";
    /** Beside the target's zeo.conf while the server runs because the move's serve phase started it. */
    static final String STARTED_MARK = ".zeofreeze-started";

    static final String CONNECTIONS_SCRIPT = "zeofreeze-connections.py";

    /** The move's probe: each storage's state, last transaction and object count (the runbook's own). */
    static final String FACTS_SCRIPT = "zeofreeze-facts.py";
    /** How long the probe waits for each storage's answer, as the runbook's verification does. */
    private static final int PROBE_SECONDS = 15;

    private final RunSetup setup;
    private final ExportFacts facts;
    private final Strategy strategy;
    private final boolean forward;
    private final Secrets secrets;
    private final String keptSuffix;

    Playbook(RunSetup setup, ExportFacts facts, Strategy strategy, boolean forward, String keptSuffix) {
        this.setup = setup;
        this.facts = facts;
        this.strategy = strategy;
        this.forward = forward;
        this.secrets = Secrets.of(setup.plan());
        this.keptSuffix = keptSuffix;
    }

    /** Where a file's contents lie in the export, relative to its {@code files/} directory. */
    static String source(Changed c, boolean after) {
        String path = c.change().path();
        return (after ? "after/" : "before/")
                + String.format("%02d-", c.number())
                + path.substring(path.lastIndexOf('/') + 1);
    }

    /** The mode restarts bring about: the plan's, or the opposite for its rollback. */
    private Mode mode() {
        Mode planned = setup.choice().mode();
        return forward ? planned : planned == Mode.FREEZE ? Mode.THAW : Mode.FREEZE;
    }

    /**
     * The sha256s the file holds once this change is written, or a later one of the same file (a
     * move writes a client's file in the freeze, then in each of its phases).
     */
    private List<String> writtenShas(Changed c) {
        List<Changed> all = facts.all();
        return all.subList(all.indexOf(c), all.size()).stream()
                .filter(c::sameFile)
                .map(x -> x.change().afterSha256())
                .distinct()
                .toList();
    }

    /**
     * True while this change is still to be made in this direction, as the checks at the start
     * found the file: forward, while neither it nor a later change is written; back, while it or a
     * later one is.
     */
    private String notYet(Changed c) {
        String written = "hostvars['" + c.change().host() + "']." + c.guard() + ".stat.checksum in "
                + writtenShas(c).stream().map(x -> "'" + x + "'").collect(Collectors.joining(", ", "[", "]"));
        return forward ? "not (" + written + ")" : "(" + written + ")";
    }

    private String anyNotYet(List<Changed> files) {
        String any = files.stream().map(this::notYet).collect(Collectors.joining(" or "));
        return "(" + (any.isEmpty() ? "false" : any) + ")";
    }

    /** True while one of these files is not yet what this direction writes (as the checks at the start found it). */
    private Yaml.Jinja pending(List<Changed> files) {
        return new Yaml.Jinja("not ansible_check_mode and " + anyNotYet(files));
    }

    /**
     * The plays, one group per action of the runbook's own steps (a rollback: of the runner's
     * rollback), so the export carries exactly the steps a run takes, in its order.
     */
    List<Map<String, Object>> plays() {
        Runbook runbook = Runbook.of(setup, strategy);
        List<StepAction> actions =
                forward ? runbook.steps().stream().map(Step::action).toList() : runbook.rollbackActions();
        List<Map<String, Object>> plays = new ArrayList<>();
        if (!forward) {
            plays.addAll(checks());
            if (setup.moves()) {
                plays.add(refusal(runbook));
            }
        }
        Translation translation = new Translation();
        actions.forEach(a -> plays.addAll(a.accept(translation)));
        if (!forward) {
            plays.add(verify());
        }
        return plays;
    }

    private List<Map<String, Object>> checks() {
        List<String> hosts = new ArrayList<>(setup.clusterHosts());
        if (setup.moves() && !hosts.contains(setup.move().plan().targetHost())) {
            hosts.add(setup.move().plan().targetHost());
        }
        return hosts.stream().map(this::checks).toList();
    }

    /**
     * A move's rollback is refused, as ZeoFreeze's own rollback refuses it, once any client got
     * write access at the target (its file as the writable phase writes it): the old server is
     * behind the clients' caches by then. Checked after the files are read, before anything else.
     */
    private Map<String, Object> refusal(Runbook runbook) {
        List<Object> that = new ArrayList<>();
        for (FileChange w : Runbook.writeAccessChanges(setup)) {
            Changed c = facts.moved().stream()
                    .filter(m -> m.change().equals(w))
                    .findFirst()
                    .orElseThrow();
            that.add(new Yaml.Jinja("hostvars['" + c.change().host() + "']." + c.guard() + ".stat.checksum != '"
                    + w.afterSha256() + "'"));
        }
        if (that.isEmpty()) {
            that.add(new Yaml.Jinja("true"));
        }
        return play(
                "Refuse to roll back a move that gave a client write access at the target",
                setup.clusterHosts().get(0),
                List.of(task(
                        "Refuse to roll back once a client may have written at the target",
                        "ansible.builtin.assert",
                        args("that", that, "fail_msg", runbook.rollbackRefusalText(setup), "quiet", true))));
    }

    /**
     * Each action as plays. In a rollback, the actions come undone (rolling) or as the rollback's
     * own steps (full stop); the checks and the verification are the rollback's first and last plays.
     */
    private final class Translation implements StepAction.Visitor<List<Map<String, Object>>> {
        @Override
        public List<Map<String, Object>> preflight(StepAction.Preflight a) {
            return forward ? checks() : List.of();
        }

        /**
         * Not carried: the playbook copies once, frozen, with the same rsync; a copy while live
         * would leave a stale file that the frozen copy keeps under the kept suffix.
         */
        @Override
        public List<Map<String, Object>> preSync(StepAction.PreSync a) {
            return List.of();
        }

        @Override
        public List<Map<String, Object>> maintenance(StepAction.Maintenance a) {
            return Playbook.this.maintenance(a.on()).stream().toList();
        }

        @Override
        public List<Map<String, Object>> stopAll(StepAction.StopAll a) {
            return stopAllPlays();
        }

        @Override
        public List<Map<String, Object>> writeAll(StepAction.WriteAll a) {
            return writeAllPlays();
        }

        @Override
        public List<Map<String, Object>> restoreAll(StepAction.RestoreAll a) {
            List<Map<String, Object>> plays = new ArrayList<>(writeAllPlays());
            plays.addAll(Playbook.this.fileModes());
            return plays;
        }

        @Override
        public List<Map<String, Object>> fileModes(StepAction.FileModes a) {
            return Playbook.this.fileModes();
        }

        @Override
        public List<Map<String, Object>> startAll(StepAction.StartAll a) {
            return startAllPlays();
        }

        @Override
        public List<Map<String, Object>> rollClient(StepAction.RollClient a) {
            return List.of(Playbook.this.rollClient(facts.of(a.client())));
        }

        @Override
        public List<Map<String, Object>> restartServer(StepAction.RestartServer a) {
            return List.of(Playbook.this.restartServer(facts.of(a.server())));
        }

        @Override
        public List<Map<String, Object>> verify(StepAction.Verify a) {
            return forward ? List.of(Playbook.this.verify()) : List.of();
        }

        @Override
        public List<Map<String, Object>> moveTarget(StepAction.MoveTarget a) {
            return List.of(Playbook.this.moveTarget(a.phase()));
        }

        @Override
        public List<Map<String, Object>> moveClient(StepAction.MoveClient a) {
            return List.of(Playbook.this.moveClient(facts.of(a.client()), a.phase()));
        }

        @Override
        public List<Map<String, Object>> moveVerify(StepAction.MoveVerify a) {
            return forward ? List.of(Playbook.this.moveVerify()) : List.of();
        }

        /** Not in a rollback: the full stop's rollback stops everything and puts back the files instead. */
        @Override
        public List<Map<String, Object>> moveAll(StepAction.MoveAll a) {
            return forward ? List.of(Playbook.this.moveAll()) : List.of();
        }

        // A retire is refused by AnsibleExport before any play is made.
        @Override
        public List<Map<String, Object>> moveRetire(StepAction.MoveRetire a) {
            throw new IllegalStateException("a move's retire is not exported");
        }

        @Override
        public List<Map<String, Object>> copy(StepAction.Copy a) {
            return forward
                    ? facts.storages().stream()
                            .map(sf -> Playbook.this.copy(sf, setup.profile().target()))
                            .toList()
                    : List.of();
        }
    }

    /**
     * The move's target server in one phase (undone in a rollback): its zeo.conf as reviewed, the
     * server restarted alone (serve: started if it does not run yet); serving the copies, each moved
     * storage must give through ZEO the frozen source's last transaction and object count, before any
     * client is pointed at it; writable, every client of the move answers again. A target the serve
     * phase started is left a mark beside its zeo.conf ({@link #STARTED_MARK}), so the rollback stops
     * it, as the run's own rollback stops a target it started, instead of leaving a server running
     * that ran before on no one's account.
     */
    private Map<String, Object> moveTarget(MovePlan.Phase phase) {
        ExportFacts.Target target = facts.target();
        Process s = target.server();
        String label = s.process().label();
        List<Changed> files = facts.moved(setup, s.process(), phase);
        Yaml.Jinja pending = pending(files);
        boolean serve = phase == MovePlan.Phase.SERVE;
        List<Map<String, Object>> tasks = new ArrayList<>();
        Optional<Address> address = s.process().addresses().stream().findFirst();
        String up = address.isPresent() ? "zf_target_up.state is defined" : "false";
        if (address.isPresent()) {
            Map<String, Object> probe = Tasks.waitZeo("Find whether " + label + " runs", address.get(), true);
            @SuppressWarnings("unchecked")
            Map<String, Object> waitArgs = (Map<String, Object>) probe.get("ansible.builtin.wait_for");
            waitArgs.put("timeout", 2);
            tasks.add(with(probe, "register", "zf_target_up", "failed_when", false));
        }
        String mark = s.process().confFile() + STARTED_MARK;
        boolean undoServe = !forward && serve;
        if (undoServe) {
            tasks.add(Tasks.stat("Find whether the move started " + label, mark, "zf_target_started"));
        }
        String stopWhen = undoServe
                ? "not ansible_check_mode and " + up + " and (" + anyNotYet(files)
                        + " or zf_target_started.stat.exists)"
                : pending.expression() + " and " + up;
        tasks.add(block("Stop " + label, new Yaml.Jinja(stopWhen), stop(s)));
        tasks.addAll(write(files));
        List<Map<String, Object>> start = new ArrayList<>();
        if (forward && serve) {
            start.add(with(
                    task(
                            "Mark " + label + " as started by the move (its rollback stops it again)",
                            "ansible.builtin.copy",
                            args("content", "started by the move's site.yml\n", "dest", mark, "mode", "0644")),
                    "when",
                    new Yaml.Jinja("not (" + up + ")")));
        }
        start.addAll(start(s));
        if (!serve) {
            for (ClusterProcess c : setup.move().clients(setup)) {
                Process p = facts.of(c);
                if (p.http() != null) {
                    start.add(with(
                            Tasks.answersHttp("Wait until " + c.label() + " answers HTTP again", p.http(), "zf_http"),
                            "delegate_to",
                            c.host()));
                }
            }
        }
        Yaml.Jinja startWhen = forward && serve
                ? new Yaml.Jinja("not ansible_check_mode and (" + anyNotYet(files) + " or not (" + up + "))")
                : undoServe ? new Yaml.Jinja(pending.expression() + " and not zf_target_started.stat.exists") : pending;
        tasks.add(block("Start " + label, startWhen, start));
        if (undoServe || forward && !serve) {
            // undone: the server is stopped; writable: no rollback is possible any more, the mark has served
            tasks.add(with(
                    task(
                            "Forget that the move started " + label,
                            "ansible.builtin.file",
                            args("path", mark, "state", "absent")),
                    "when",
                    new Yaml.Jinja(
                            undoServe
                                    ? "not ansible_check_mode and zf_target_started.stat.exists"
                                    : pending.expression())));
        }
        if (forward && serve) {
            tasks.addAll(proveIdentical(target));
        }
        String title = forward
                ? serve
                        ? "Serve the copies at " + label + ", read-only, and prove them identical"
                        : "Make the moved storages writable at " + label + ", restarted alone"
                : serve
                        ? "Put back the zeo.conf of " + label + " as it was before the move"
                        : "Make the moved storages read-only again at " + label;
        return play(title, s.process().host(), tasks, true);
    }

    /**
     * The runbook's proof, with its own probe: each moved storage at the target read-only with the
     * frozen source's last transaction and object count; skipped once the target is writable (its
     * clients may have written since).
     */
    private List<Map<String, Object>> proveIdentical(ExportFacts.Target target) {
        List<Changed> writable = facts.moved(setup, target.server().process(), MovePlan.Phase.WRITABLE);
        Yaml.Jinja when = new Yaml.Jinja("not ansible_check_mode and " + anyNotYet(writable));
        List<Map<String, Object>> tasks = new ArrayList<>();
        List<String> names = setup.move().plan().storages().stream()
                .map(MovePlan.MovedStorage::name)
                .toList();
        tasks.add(factsProbe(
                target.server().process().label(),
                target.python(),
                target.address(),
                target.why(),
                names,
                "zf_target_facts",
                target.server().process().host(),
                when));
        int i = 0;
        for (Map.Entry<ExportFacts.Probed, List<String>> e : sourcesOfMoved().entrySet()) {
            ExportFacts.Probed p = e.getKey();
            String register = "zf_source_facts_" + i++;
            tasks.add(factsProbe(
                    p.server().process().label(),
                    p.python(),
                    p.address(),
                    p.why(),
                    e.getValue(),
                    register,
                    p.server().process().host(),
                    when));
            List<Object> that = new ArrayList<>();
            for (String name : e.getValue()) {
                that.add(new Yaml.Jinja("'" + name + " read-only' in (zf_target_facts.stdout_lines | intersect("
                        + register + ".stdout_lines) | map('regex_replace', ' [0-9a-f]{16} [0-9]+$', '') | list)"));
            }
            tasks.add(with(
                    task(
                            "Prove the copies at the target identical to the frozen source at "
                                    + p.server().process().label(),
                            "ansible.builtin.assert",
                            args(
                                    "that",
                                    that,
                                    "fail_msg",
                                    new Yaml.Jinja("no client was pointed at the target: the target answered "
                                            + "{{ zf_target_facts.stdout_lines | join(', ') }}, the source "
                                            + "{{ " + register + ".stdout_lines | join(', ') }}"),
                                    "success_msg",
                                    new Yaml.Jinja("verified: at the target, read-only, as at the frozen source: "
                                            + "{{ zf_target_facts.stdout_lines | join(', ') }}"))),
                    "when",
                    when));
        }
        return tasks;
    }

    /** The probed servers the moved storages come from, each with the names of its moved storages. */
    private Map<ExportFacts.Probed, List<String>> sourcesOfMoved() {
        Map<ExportFacts.Probed, List<String>> out = new LinkedHashMap<>();
        for (MovePlan.MovedStorage m : setup.move().plan().storages()) {
            out.computeIfAbsent(probedServer(m.source().host(), m.source().server()), k -> new ArrayList<>())
                    .add(m.name());
        }
        return out;
    }

    private ExportFacts.Probed probedServer(String host, String part) {
        return facts.probed().stream()
                .filter(p -> p.server().process().host().equals(host)
                        && p.server().process().part().equals(part))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(part + " on " + host + " is not probed"));
    }

    /** The runbook's storage facts probe of {@code names} at a server, on its host; a failure when it cannot be run. */
    private Map<String, Object> factsProbe(
            String label,
            List<String> python,
            String address,
            String why,
            List<String> names,
            String register,
            String host,
            Yaml.Jinja when) {
        if (why != null) {
            return with(
                    task(
                            "Probe the storages of " + label,
                            "ansible.builtin.fail",
                            args("msg", "the storages of " + label + " could not be probed: " + why)),
                    "when",
                    when);
        }
        List<Object> argv = new ArrayList<>(List.of(
                python.get(0), "-c", lookup(FACTS_SCRIPT), python.get(1), address, Integer.toString(PROBE_SECONDS)));
        argv.addAll(names);
        return with(
                task(
                        "Ask " + label + " for " + String.join(", ", names) + " through ZEO",
                        "ansible.builtin.command",
                        args("argv", argv)),
                "register",
                register,
                "changed_when",
                false,
                "when",
                when,
                "delegate_to",
                host);
    }

    /** One client's turn in a phase of the move (or its undoing), the other clients serving. */
    private Map<String, Object> moveClient(Process c, MovePlan.Phase phase) {
        String label = c.process().label();
        boolean serve = phase == MovePlan.Phase.SERVE;
        String title = forward
                ? serve
                        ? "Point " + label + " at the target, read-only, the other clients serving"
                        : "Restart " + label + " writable at the target, the other clients serving"
                : serve
                        ? "Point " + label + " back at the old server, read-only, the other clients serving"
                        : "Restart " + label + " read-only at the target again, the other clients serving";
        return rollClient(c, facts.moved(setup, c.process(), phase), title);
    }

    /**
     * The move from outside, with the runbook's probe: each moved storage accepts write access at
     * the target and refuses it at the old server, the root is writable at its server, every client
     * answers HTTP.
     */
    private Map<String, Object> moveVerify() {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Process p : facts.clients()) {
            for (Map<String, Object> t : serving(p, "Verify that ")) {
                tasks.add(with(t, "delegate_to", p.process().host()));
            }
        }
        Yaml.Jinja notCheck = new Yaml.Jinja("not ansible_check_mode");
        ExportFacts.Target target = facts.target();
        List<String> names = setup.move().plan().storages().stream()
                .map(MovePlan.MovedStorage::name)
                .toList();
        Map<ExportFacts.Probed, List<String[]>> expected = new LinkedHashMap<>();
        sourcesOfMoved()
                .forEach((p, moved) -> moved.forEach(n -> expected.computeIfAbsent(p, k -> new ArrayList<>())
                        .add(new String[] {
                            n,
                            "read-only",
                            n + " at the old server " + p.server().process().label()
                        })));
        setup.discovery().cluster().root().ifPresent(root -> {
            ExportFacts.Probed p = probedServer(root.host(), root.server());
            expected.computeIfAbsent(p, k -> new ArrayList<>()).add(new String[] {
                root.name(),
                "writable",
                "the root storage " + root.name() + " at "
                        + p.server().process().label()
            });
        });
        List<String[]> atTarget = names.stream()
                .map(n -> new String[] {n, "writable", n + " at the target"})
                .toList();
        tasks.addAll(expectFacts(
                target.server().process().label(),
                target.python(),
                target.address(),
                target.why(),
                atTarget,
                "zf_move_target",
                target.server().process().host(),
                notCheck));
        int i = 0;
        for (Map.Entry<ExportFacts.Probed, List<String[]>> e : expected.entrySet()) {
            ExportFacts.Probed p = e.getKey();
            tasks.addAll(expectFacts(
                    p.server().process().label(),
                    p.python(),
                    p.address(),
                    p.why(),
                    e.getValue(),
                    "zf_move_source_" + i++,
                    p.server().process().host(),
                    notCheck));
        }
        return play(
                "Verify the move: writable at the target, read-only at the old server, the root writable, "
                        + "every client answers",
                setup.clusterHosts().get(0),
                tasks);
    }

    /** Probes a server and asserts each storage's state: {name, state, what} each. */
    private List<Map<String, Object>> expectFacts(
            String label,
            List<String> python,
            String address,
            String why,
            List<String[]> expected,
            String register,
            String host,
            Yaml.Jinja when) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        List<String> names = expected.stream().map(x -> x[0]).distinct().toList();
        tasks.add(factsProbe(label, python, address, why, names, register, host, when));
        if (why != null) {
            return tasks;
        }
        List<Object> that = new ArrayList<>();
        List<String> said = new ArrayList<>();
        for (String[] x : expected) {
            that.add(new Yaml.Jinja("'" + x[0] + " " + x[1] + "' in (" + register
                    + ".stdout_lines | map('regex_replace', ' [0-9a-f]{16} [0-9]+$', '') | list)"));
            said.add(x[2] + (x[1].equals("writable") ? " accepts write access" : " refuses write access"));
        }
        tasks.add(with(
                task(
                        "Verify at " + label + ": " + String.join("; ", said),
                        "ansible.builtin.assert",
                        args(
                                "that",
                                that,
                                "fail_msg",
                                new Yaml.Jinja("the move is not what was planned: " + label + " answered "
                                        + "{{ " + register + ".stdout_lines | join(', ') }} {{ " + register
                                        + ".stderr | default('') }}"),
                                "success_msg",
                                new Yaml.Jinja(label + ": {{ " + register + ".stdout_lines | join(', ') }}"))),
                "when",
                when));
        return tasks;
    }

    /**
     * The full stop's move: every client of the move and the target stopped together, each
     * client's files and the target's zeo.conf as the writable phase leaves them, the target
     * started, then the clients. No client runs while the files change.
     */
    private Map<String, Object> moveAll() {
        Process target = facts.target().server();
        List<Process> clients =
                setup.move().clients(setup).stream().map(facts::of).toList();
        List<Changed> files = new ArrayList<>();
        for (Process c : clients) {
            // Both phases at once: the file's last change is as the writable phase leaves it.
            List<Changed> serve = facts.moved(setup, c.process(), MovePlan.Phase.SERVE);
            List<Changed> writable = facts.moved(setup, c.process(), MovePlan.Phase.WRITABLE);
            files.addAll(writable);
            serve.stream().filter(x -> writable.stream().noneMatch(x::sameFile)).forEach(files::add);
        }
        files.addAll(facts.moved(setup, target.process(), MovePlan.Phase.WRITABLE));
        Yaml.Jinja pending = pending(files);
        List<Map<String, Object>> down = new ArrayList<>();
        for (Process c : clients) {
            stop(c).forEach(t -> down.add(with(t, "delegate_to", c.process().host())));
        }
        down.addAll(stop(target));
        List<Map<String, Object>> tasks = new ArrayList<>();
        tasks.add(block(
                "Stop the clients of the moved storages and " + target.process().label(), pending, down));
        for (Map<String, Object> t : write(files)) {
            tasks.add(t);
        }
        for (int i = 0; i < files.size(); i++) {
            with(tasks.get(1 + i), "delegate_to", files.get(i).change().host());
        }
        List<Map<String, Object>> up = new ArrayList<>(start(target));
        for (Process c : clients) {
            start(c).forEach(t -> up.add(with(t, "delegate_to", c.process().host())));
        }
        tasks.add(block("Start " + target.process().label() + ", then the clients", pending, up));
        return play(
                "Switch every client of the moved storages to the target, writable, all stopped at once",
                target.process().host(),
                tasks);
    }

    private static Map<String, Object> play(String name, Object hosts, List<Map<String, Object>> tasks) {
        return play(name, hosts, tasks, false);
    }

    /** {@code serial}: one host at a time, for the plays that restart one process of a rolling run. */
    private static Map<String, Object> play(
            String name, Object hosts, List<Map<String, Object>> tasks, boolean serial) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("hosts", hosts);
        p.put("gather_facts", false);
        p.put("any_errors_fatal", true);
        if (serial) {
            p.put("serial", 1);
        }
        p.put("tasks", tasks);
        return p;
    }

    /** Before anything stops: each file still the reviewed one (or already written), each process serving. */
    private Map<String, Object> checks(String host) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Changed c : facts.all()) {
            if (!c.change().host().equals(host) || c.file() != c.number()) {
                continue;
            }
            String path = c.change().path();
            tasks.add(Tasks.stat("Read the sha256 of " + path, path, c.guard()));
            String from = forward ? c.change().beforeSha256() : c.change().afterSha256();
            // The reviewed file, or as one of the plan's writes (and a move's phases) leaves it.
            Set<String> known = new LinkedHashSet<>();
            facts.all().stream().filter(c::sameFile).forEach(x -> {
                known.add(x.change().beforeSha256());
                known.add(x.change().afterSha256());
            });
            tasks.add(task(
                    "Refuse " + path + " unless it is the reviewed file",
                    "ansible.builtin.assert",
                    args(
                            "that",
                            List.of(
                                    new Yaml.Jinja(c.guard() + ".stat.exists"),
                                    new Yaml.Jinja(c.guard() + ".stat.checksum in "
                                            + known.stream()
                                                    .map(x -> "'" + x + "'")
                                                    .collect(Collectors.joining(", ", "[", "]")))),
                            "fail_msg",
                            host + ":" + path + " changed since the plan was reviewed (sha256 is not " + from
                                    + (forward ? "" : " as written by the plan") + "); nothing was stopped or written. "
                                    + "Review the plan again and export again.",
                            "quiet",
                            true)));
        }
        for (Process p : facts.processes()) {
            if (p.process().host().equals(host)) {
                tasks.addAll(serving(p, "Check that "));
            }
        }
        return play("Check " + host + " before anything is stopped", host, tasks);
    }

    /** Waits until the process serves: the ZEO port accepts, the client answers HTTP. */
    private List<Map<String, Object>> serving(Process p, String prefix) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        String label = p.process().label();
        if (p.process().server()) {
            for (Address a : p.process().addresses()) {
                tasks.add(Tasks.waitZeo(prefix + label + " accepts connections at " + describe(a), a, true));
            }
        } else if (p.http() != null) {
            tasks.add(Tasks.answersHttp(prefix + label + " answers HTTP at " + p.http(), p.http(), "zf_http"));
        }
        return tasks;
    }

    private static String describe(Address a) {
        return a.isSocket() ? a.socketPath() : Tasks.localHost(a) + ":" + a.port();
    }

    private List<Map<String, Object>> stop(Process p) {
        ProcessControl control = RunbookChecks.control(setup, p.process());
        String buildout = setup.buildout(p.process().host());
        List<Map<String, Object>> tasks = new ArrayList<>();
        tasks.add(command(
                "Stop " + p.process().label(),
                control.stop(buildout, p.process().part())));
        if (p.process().server()) {
            for (Address a : p.process().addresses()) {
                tasks.add(Tasks.waitZeo(
                        "Prove " + p.process().label() + " is down: " + describe(a) + " closed", a, false));
            }
        } else if (p.http() != null) {
            tasks.add(Tasks.waitHttpClosed(
                    "Prove " + p.process().label() + " is down: " + p.http() + " closed", p.http()));
        }
        return tasks;
    }

    private List<Map<String, Object>> start(Process p) {
        ProcessControl control = RunbookChecks.control(setup, p.process());
        List<Map<String, Object>> tasks = new ArrayList<>();
        tasks.add(command(
                "Start " + p.process().label(),
                control.start(setup.buildout(p.process().host()), p.process().part())));
        tasks.addAll(serving(p, "Wait until "));
        return tasks;
    }

    /** Writes the files of the plan (or puts back the reviewed ones), keeping owner and mode, with a backup. */
    private List<Map<String, Object>> write(List<Changed> files) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Changed c : files) {
            Map<String, Object> t = task(
                    (forward ? "Write " : "Put back ") + c.change().path() + " as reviewed",
                    "ansible.builtin.copy",
                    args(
                            "src",
                            source(c, forward),
                            "dest",
                            c.change().path(),
                            "backup",
                            true,
                            "owner",
                            Integer.toString(c.stat().uid()),
                            "group",
                            Integer.toString(c.stat().gid()),
                            "mode",
                            Tasks.octal(c.stat().mode() & 07777)));
            if (secret(c)) {
                with(t, "no_log", true, "diff", false);
            }
            // Only while not yet written (a later phase of a move may have written the file since); --check shows all.
            with(t, "when", new Yaml.Jinja("ansible_check_mode or " + notYet(c)));
            tasks.add(t);
        }
        return tasks;
    }

    private boolean secret(Changed c) {
        return secrets.appearIn(new String(c.change().before(), StandardCharsets.UTF_8))
                || secrets.appearIn(new String(c.change().after(), StandardCharsets.UTF_8));
    }

    private static Map<String, Object> block(String name, Yaml.Jinja when, List<Map<String, Object>> tasks) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("when", when);
        b.put("block", tasks);
        return b;
    }

    /** One client's turn: out of the balancer, stopped and proven down, its files, started until it answers, back in. */
    private Map<String, Object> rollClient(Process c) {
        return rollClient(
                c,
                c.files(),
                "Restart " + c.process().label() + " with its databases "
                        + (mode() == Mode.FREEZE ? "read-only" : "writable") + ", the other clients serving");
    }

    private Map<String, Object> rollClient(Process c, List<Changed> files, String title) {
        Maintenance m = setup.profile().maintenance();
        String label = c.process().label();
        List<Map<String, Object>> down = new ArrayList<>();
        if (m.drains()) {
            down.add(with(
                    command(
                            "Take " + label + " out of the balancer",
                            m.drain(true, c.process().host(), c.process().part())),
                    "delegate_to",
                    maintenanceHost()));
            if (m.drainWaitSeconds() > 0) {
                down.add(task(
                        "Let the requests " + label + " still has finish",
                        "ansible.builtin.pause",
                        args("seconds", m.drainWaitSeconds())));
            }
        }
        down.addAll(stop(c));
        List<Map<String, Object>> up = new ArrayList<>(start(c));
        if (m.drains() && !m.undrainCommand().isEmpty()) {
            up.add(with(
                    command(
                            "Put " + label + " back into the balancer",
                            m.drain(false, c.process().host(), c.process().part())),
                    "delegate_to",
                    maintenanceHost()));
        }
        List<Map<String, Object>> tasks = new ArrayList<>();
        tasks.add(block("Take " + label + " down", pending(files), down));
        tasks.addAll(write(files));
        tasks.add(block("Start " + label + " and put it back", pending(files), up));
        return play(title, c.process().host(), tasks, true);
    }

    /** The ZEO server alone: its zeo.conf, restarted, then every client answers again. */
    private Map<String, Object> restartServer(Process s) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        List<Map<String, Object>> down = new ArrayList<>();
        if (mode() == Mode.FREEZE) {
            down.addAll(connectionCheck(s));
        }
        down.addAll(stop(s));
        tasks.add(block("Stop " + s.process().label(), pending(s.files()), down));
        tasks.addAll(write(s.files()));
        List<Map<String, Object>> up = new ArrayList<>(start(s));
        for (Process c : facts.clients()) {
            if (c.http() != null) {
                up.add(with(
                        Tasks.answersHttp(
                                "Wait until " + c.process().label() + " answers HTTP again", c.http(), "zf_http"),
                        "delegate_to",
                        c.process().host()));
            }
        }
        tasks.add(block("Start " + s.process().label() + " and wait for every client", pending(s.files()), up));
        Map<String, Object> play = play(
                "Restart " + s.process().label() + " alone with the storages "
                        + (mode() == Mode.FREEZE ? "read-only" : "writable"),
                s.process().host(),
                tasks,
                true);
        return play;
    }

    /**
     * Before the server restarts read-only, as the runbook's own restart checks: every connection
     * to its port, listed with {@code ss} on its host and its clients' hosts, must be held by a
     * client of the cluster (its pid from its pid file). A stranger would hang asking for write
     * access: the play stops before the server is stopped and names it. Undoing a thaw must put the
     * cluster back all the same, so there the strangers are only named.
     */
    private List<Map<String, Object>> connectionCheck(Process s) {
        List<Integer> ports = s.process().addresses().stream()
                .filter(a -> !a.isSocket())
                .map(Address::port)
                .distinct()
                .toList();
        if (ports.isEmpty()) {
            return List.of();
        }
        List<Process> clients = new ArrayList<>();
        for (Process c : facts.clients()) {
            boolean sameMachine = org.zeofreeze.cluster.Buildout.sameMachine(
                    setup.discovery().cluster().buildouts(),
                    c.process().host(),
                    s.process().host());
            if (c.process().connectsTo(s.process(), sameMachine)) {
                clients.add(c);
            }
        }
        List<String> listHosts = new ArrayList<>(List.of(s.process().host()));
        clients.stream()
                .map(c -> c.process().host())
                .filter(h -> !listHosts.contains(h))
                .forEach(listHosts::add);
        List<String> ss = new ArrayList<>(RunbookChecks.listConnections());
        // Only the connections to and from the ZEO port: a busy host's listing could be long.
        List<String> filter = new ArrayList<>();
        for (int port : ports) {
            if (!filter.isEmpty()) {
                filter.add("or");
            }
            filter.addAll(List.of("sport", "=", ":" + port, "or", "dport", "=", ":" + port));
        }
        ss.add("(");
        ss.addAll(filter);
        ss.add(")");
        List<Map<String, Object>> tasks = new ArrayList<>();
        List<Object> argv = new ArrayList<>(List.of(
                "python3",
                "-c",
                lookup(CONNECTIONS_SCRIPT),
                ports.stream().map(String::valueOf).collect(Collectors.joining(",")),
                s.process().host()));
        for (int i = 0; i < listHosts.size(); i++) {
            tasks.add(with(
                    task(
                            "List the connections to " + s.process().label() + " on " + listHosts.get(i),
                            "ansible.builtin.command",
                            args("argv", ss)),
                    "register",
                    "zf_ss_" + i,
                    "changed_when",
                    false,
                    "delegate_to",
                    listHosts.get(i)));
            argv.addAll(List.of("listing", listHosts.get(i)));
            argv.add(jinja("{{ zf_ss_" + i + ".stdout }}"));
        }
        for (int i = 0; i < clients.size(); i++) {
            Process c = clients.get(i);
            argv.addAll(List.of("client", c.process().label(), c.process().host()));
            if (c.pidFile() == null) {
                argv.add("");
                continue;
            }
            tasks.add(with(
                    task("Read the pid of " + c.process().label(), "ansible.builtin.slurp", args("src", c.pidFile())),
                    "register",
                    "zf_pid_" + i,
                    "failed_when",
                    false,
                    "delegate_to",
                    c.process().host()));
            argv.add(jinja("{{ zf_pid_" + i + ".content | default('') | b64decode }}"));
        }
        tasks.add(with(
                task(
                        "Find processes connected to " + s.process().label() + " that are no clients of the cluster",
                        "ansible.builtin.command",
                        args("argv", argv)),
                "register",
                "zf_strangers",
                "changed_when",
                false));
        if (forward) {
            tasks.add(with(
                    task(
                            "Refuse to restart " + s.process().label() + " read-only while strangers are connected",
                            "ansible.builtin.assert",
                            args(
                                    "that",
                                    List.of(new Yaml.Jinja("zf_strangers.stdout_lines | length == 0")),
                                    "fail_msg",
                                    new Yaml.Jinja("not restarting {{ zf_server }} read-only: connected to it are "
                                            + "processes that are not clients of this cluster, and would hang asking for write access: "
                                            + "{{ zf_strangers.stdout_lines | join('; ') }}. Stop them (a zeopack, a script, a client "
                                            + "missing from the profile), or add the missing client to the profile and export again, "
                                            + "then run again. The server was not stopped; the site is serving."),
                                    "success_msg",
                                    new Yaml.Jinja("connected to {{ zf_server }}: only the clients of this cluster"))),
                    "vars",
                    Map.of("zf_server", s.process().label())));
        } else {
            tasks.add(with(
                    task(
                            "Name the strangers connected to " + s.process().label() + " before it is read-only again",
                            "ansible.builtin.debug",
                            args(
                                    "msg",
                                    new Yaml.Jinja(
                                            "restarting {{ zf_server }} read-only again while "
                                                    + "processes that are not clients of this cluster are connected to it: "
                                                    + "{{ zf_strangers.stdout_lines | join('; ') }}. They will hang asking for write access: stop them."))),
                    "when",
                    new Yaml.Jinja("zf_strangers.stdout_lines | length > 0"),
                    "vars",
                    Map.of("zf_server", s.process().label())));
        }
        return tasks;
    }

    /** The guide's order: every client down, then the ZEO servers, each proven down. */
    private List<Map<String, Object>> stopAllPlays() {
        List<Map<String, Object>> plays = new ArrayList<>();
        List<Process> servers = facts.servers();
        for (List<Process> group : List.of(facts.clients(), servers)) {
            for (String host : hostsOf(group)) {
                List<Map<String, Object>> tasks = new ArrayList<>();
                group.stream().filter(p -> p.process().host().equals(host)).forEach(p -> tasks.addAll(stop(p)));
                plays.add(play(
                        "Stop the " + (group == servers ? "ZEO server" : "clients") + " on " + host,
                        host,
                        List.of(block("Stop and prove down", pending(facts.changed()), tasks))));
            }
        }
        return plays;
    }

    private List<Map<String, Object>> writeAllPlays() {
        List<Map<String, Object>> plays = new ArrayList<>();
        facts.byHost().forEach((host, files) -> plays.add(play("Write the files on " + host, host, write(files))));
        return plays;
    }

    /** The ZEO servers first, then the clients, each until it serves. */
    private List<Map<String, Object>> startAllPlays() {
        List<Map<String, Object>> plays = new ArrayList<>();
        List<Process> servers = facts.servers();
        for (List<Process> group : List.of(servers, facts.clients())) {
            for (String host : hostsOf(group)) {
                List<Map<String, Object>> tasks = new ArrayList<>();
                group.stream().filter(p -> p.process().host().equals(host)).forEach(p -> tasks.addAll(start(p)));
                plays.add(play(
                        "Start the " + (group == servers ? "ZEO server" : "clients") + " on " + host,
                        host,
                        List.of(block("Start and wait until serving", pending(facts.changed()), tasks))));
            }
        }
        return plays;
    }

    private static Set<String> hostsOf(List<Process> processes) {
        Set<String> out = new LinkedHashSet<>();
        processes.forEach(p -> out.add(p.process().host()));
        return out;
    }

    private Optional<Map<String, Object>> maintenance(boolean on) {
        Maintenance m = setup.profile().maintenance();
        List<String> argv = on ? m.onCommand() : m.offCommand();
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> t = command("Maintenance " + (on ? "on" : "off"), argv);
        if (on) {
            with(t, "when", pending(facts.changed()));
        }
        return Optional.of(play("Maintenance " + (on ? "on" : "off"), maintenanceHost(), List.of(t)));
    }

    private String maintenanceHost() {
        String h = setup.profile().maintenance().host();
        return h == null || h.isBlank() ? setup.clusterHosts().get(0) : h;
    }

    /** The chosen storages' .fs permission bits: read-only after a freeze that asks for it, writable for a thaw. */
    private List<Map<String, Object>> fileModes() {
        boolean planned = setup.choice().mode() == Mode.THAW || setup.profile().chmodFrozenFiles();
        if (!planned) {
            return List.of();
        }
        Map<String, List<Map<String, Object>>> byHost = new LinkedHashMap<>();
        for (StorageFile sf : facts.storages()) {
            if (sf.path() == null) {
                continue;
            }
            int original = sf.mode() & 07777;
            int wanted =
                    !forward ? original : setup.choice().mode() == Mode.FREEZE ? original & ~0222 : original | 0200;
            byHost.computeIfAbsent(sf.host(), h -> new ArrayList<>())
                    .add(task(
                            "Give " + sf.path() + " mode " + Tasks.octal(wanted),
                            "ansible.builtin.file",
                            args("path", sf.path(), "mode", Tasks.octal(wanted))));
        }
        List<Map<String, Object>> plays = new ArrayList<>();
        byHost.forEach((host, tasks) -> plays.add(play("Set the modes of the .fs files on " + host, host, tasks)));
        return plays;
    }

    /**
     * From outside: every ZEO port accepts and every client answers HTTP; then the runbook's own
     * probe asks each server of a chosen storage for write access to every storage it serves:
     * the frozen ones must refuse it, the others (the root above all) answer as configured.
     */
    private Map<String, Object> verify() {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Process p : facts.processes()) {
            for (Map<String, Object> t : serving(p, "Verify that ")) {
                tasks.add(with(t, "delegate_to", p.process().host()));
            }
        }
        Yaml.Jinja notCheck = new Yaml.Jinja("not ansible_check_mode");
        for (ExportFacts.Probed p : facts.probed()) {
            String label = p.server().process().label();
            String host = p.server().process().host();
            if (p.why() != null) {
                tasks.add(with(
                        task(
                                "Probe the storages of " + label,
                                "ansible.builtin.fail",
                                args("msg", "the storages of " + label + " could not be probed: " + p.why())),
                        "when",
                        notCheck));
                continue;
            }
            List<Object> argv = new ArrayList<>(List.of(
                    p.python().get(0),
                    "-c",
                    lookup(PROBE_SCRIPT),
                    p.python().get(1),
                    p.address(),
                    Integer.toString(PROBE_SECONDS)));
            p.storages().forEach(st -> argv.add(st.name()));
            tasks.add(with(
                    task(
                            "Probe the storages of " + label + " from outside",
                            "ansible.builtin.command",
                            args("argv", argv)),
                    "register",
                    "zf_probe",
                    "changed_when",
                    false,
                    "when",
                    notCheck,
                    "delegate_to",
                    host));
            tasks.add(with(
                    task(
                            "Verify that " + label
                                    + " refuses write access to every frozen storage, grants it to the others",
                            "ansible.builtin.assert",
                            args(
                                    "that",
                                    List.of(new Yaml.Jinja(
                                            "zf_expected | difference(zf_probe.stdout_lines) " + "| length == 0")),
                                    "fail_msg",
                                    new Yaml.Jinja(
                                            "the storages of {{ zf_server }} should answer {{ zf_expected | join(', ') }}"
                                                    + " at the ZEO server, but it answered {{ zf_probe.stdout_lines | join(', ') }} "
                                                    + "{{ zf_probe.stderr | default('') }}"),
                                    "success_msg",
                                    new Yaml.Jinja("{{ zf_server }}: {{ zf_expected | join(', ') }}"))),
                    "when",
                    notCheck,
                    "vars",
                    args("zf_server", label, "zf_expected", expectedAnswers(p))));
        }
        return play(
                "Verify: the ZEO server accepts connections and answers for each storage as planned, every client answers",
                setup.clusterHosts().get(0),
                tasks);
    }

    /** The probe's line for each storage, as the runbook's verification expects it after this direction. */
    private List<String> expectedAnswers(ExportFacts.Probed p) {
        List<String> out = new ArrayList<>();
        for (ExportFacts.ProbedStorage st : p.storages()) {
            boolean readOnly = st.chosen() ? mode() == Mode.FREEZE : st.readOnly();
            out.add(st.name() + (readOnly ? " read-only" : " writable"));
        }
        return out;
    }

    /** A file of the export's files/ as an argument: read on the controller, never evaluated itself (a lookup's value is not). */
    private static Yaml.Jinja lookup(String file) {
        return jinja("{{ lookup('ansible.builtin.file', '" + file + "') }}");
    }

    /** A string argument Ansible evaluates; built here from fixed names, never from a host's values. */
    private static Yaml.Jinja jinja(String expression) {
        return new Yaml.Jinja(expression);
    }

    /**
     * The copy of one frozen storage with rsync on its own host, as ZeoFreeze's copy step does: never the
     * {@code .index}, lock or temporary files; a target file that differs is kept under a suffix, never
     * overwritten; the copy ends with size and sha256 compared on both ends.
     */
    private Map<String, Object> copy(StorageFile sf, MigrationTarget target) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        String t = target.name();
        Yaml.Jinja notCheck = new Yaml.Jinja("not ansible_check_mode");
        if (sf.path() != null) {
            String dest = targetPath(sf.host(), sf.path(), target);
            tasks.add(Tasks.stat("Read the sha256 of " + sf.path(), sf.path(), "zf_source"));
            tasks.add(with(
                    Tasks.stat("Read the sha256 of " + dest + " on the target", dest, "zf_dest"), "delegate_to", t));
            tasks.add(with(
                    Tasks.stat("Look for a kept copy of " + dest, dest + keptSuffix, "zf_kept"), "delegate_to", t));
            tasks.add(task(
                    "Refuse to replace a kept copy of " + dest,
                    "ansible.builtin.assert",
                    args(
                            "that",
                            List.of(new Yaml.Jinja("not zf_kept.stat.exists or zf_dest.stat.checksum | default('') == "
                                    + "zf_source.stat.checksum")),
                            "fail_msg",
                            dest + keptSuffix + " exists on the target and " + dest + " differs from the source: "
                                    + "move the kept file away, then run again; nothing was copied.",
                            "quiet",
                            true)));
            tasks.add(with(
                    task(
                            "Create " + RemotePath.parent(dest) + " on the target",
                            "ansible.builtin.file",
                            args("path", RemotePath.parent(dest), "state", "directory", "mode", "u+rwx")),
                    "delegate_to",
                    t));
            List<String> argv = rsync(target);
            argv.addAll(List.of("--backup", "--suffix=" + keptSuffix, "--", sf.path(), target.destination(dest)));
            tasks.add(with(
                    task("Copy " + sf.path() + " to the target", "ansible.builtin.command", args("argv", argv)),
                    "register",
                    "zf_rsync",
                    "changed_when",
                    new Yaml.Jinja("zf_rsync.stdout | length > 0")));
            tasks.add(with(
                    Tasks.stat("Read the sha256 of the copy", dest, "zf_copy"), "delegate_to", t, "when", notCheck));
            tasks.add(with(
                    task(
                            "Compare the copy with the source: size and sha256",
                            "ansible.builtin.assert",
                            args(
                                    "that",
                                    List.of(
                                            new Yaml.Jinja("zf_copy.stat.exists"),
                                            new Yaml.Jinja("zf_copy.stat.size == zf_source.stat.size"),
                                            new Yaml.Jinja("zf_copy.stat.checksum == zf_source.stat.checksum")),
                                    "fail_msg",
                                    "the copy " + dest + " is not identical to " + sf.path(),
                                    "success_msg",
                                    dest + " is identical to the source")),
                    "when",
                    notCheck));
        }
        if (sf.blobDir() != null) {
            String dest = targetPath(sf.host(), sf.blobDir(), target);
            tasks.add(Tasks.stat("Look for the blob directory " + sf.blobDir(), sf.blobDir(), "zf_blobs"));
            List<Map<String, Object>> blobTasks = new ArrayList<>();
            blobTasks.add(with(
                    task(
                            "Create " + dest + " on the target",
                            "ansible.builtin.file",
                            args("path", dest, "state", "directory", "mode", "u+rwx")),
                    "delegate_to",
                    t));
            List<String> argv = rsync(target);
            CopyRules.NEVER_COPIED.forEach(p -> argv.add("--exclude=" + p));
            argv.addAll(List.of("--", sf.blobDir() + "/", target.destination(dest + "/")));
            blobTasks.add(with(
                    task(
                            "Copy the blobs of " + sf.name() + " to the target",
                            "ansible.builtin.command",
                            args("argv", argv)),
                    "register",
                    "zf_rsync",
                    "changed_when",
                    new Yaml.Jinja("zf_rsync.stdout | length > 0")));
            tasks.add(block(
                    "Copy the blob directory", new Yaml.Jinja("zf_blobs.stat.isdir | default(false)"), blobTasks));
        }
        if (setup.moves()) {
            // Once the target serves the copies (it may have written to them), they are never copied over.
            List<Changed> serve = facts.moved(setup, facts.target().server().process(), MovePlan.Phase.SERVE);
            // Each task keeps its depth (a block would push the long paths past ansible-lint's line length).
            String unlessServed = "ansible_check_mode or " + anyNotYet(serve);
            for (Map<String, Object> task : tasks) {
                Object when = task.get("when");
                task.put(
                        "when",
                        new Yaml.Jinja(
                                when instanceof Yaml.Jinja j
                                        ? "(" + j.expression() + ") and (" + unlessServed + ")"
                                        : unlessServed));
            }
        }
        return play("Copy the frozen storage " + sf.name() + " to " + t, sf.host(), tasks);
    }

    private static List<String> rsync(MigrationTarget target) {
        return CopyRules.rsyncTo(target, List.of("--itemize-changes"));
    }

    private String targetPath(String host, String path, MigrationTarget target) {
        String relative =
                setup.discovery().cluster().buildoutOf(host).orElseThrow().relative(path);
        return relative.startsWith("/") ? relative : target.buildoutDir() + "/" + relative;
    }
}
