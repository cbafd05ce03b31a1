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
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.RunbookChecks;
import org.zeofreeze.runbook.copy.CopyRules;
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

    static final String CONNECTIONS_SCRIPT = "zeofreeze-connections.py";
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

    private String sha(Changed c, boolean after) {
        return after ? c.change().afterSha256() : c.change().beforeSha256();
    }

    /** True while one of these files is not yet what this direction writes (as the checks at the start found it). */
    private Yaml.Jinja pending(List<Changed> files) {
        String any = files.stream()
                .map(c -> "hostvars['" + c.change().host() + "']." + c.guard() + ".stat.checksum != '" + sha(c, forward)
                        + "'")
                .collect(Collectors.joining(" or "));
        return new Yaml.Jinja("not ansible_check_mode and (" + (any.isEmpty() ? "false" : any) + ")");
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
        }
        Translation translation = new Translation();
        actions.forEach(a -> plays.addAll(a.accept(translation)));
        if (!forward) {
            plays.add(verify());
        }
        return plays;
    }

    private List<Map<String, Object>> checks() {
        return setup.clusterHosts().stream().map(this::checks).toList();
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

        // A move (and a retire) is refused by AnsibleExport before any play is made (its phases are not exported yet).
        @Override
        public List<Map<String, Object>> moveTarget(StepAction.MoveTarget a) {
            throw new IllegalStateException("a move is not exported");
        }

        @Override
        public List<Map<String, Object>> moveClient(StepAction.MoveClient a) {
            throw new IllegalStateException("a move is not exported");
        }

        @Override
        public List<Map<String, Object>> moveVerify(StepAction.MoveVerify a) {
            throw new IllegalStateException("a move is not exported");
        }

        @Override
        public List<Map<String, Object>> moveAll(StepAction.MoveAll a) {
            throw new IllegalStateException("a move is not exported");
        }

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
        for (Changed c : facts.changed()) {
            if (!c.change().host().equals(host)) {
                continue;
            }
            String path = c.change().path();
            tasks.add(Tasks.stat("Read the sha256 of " + path, path, c.guard()));
            String from = sha(c, !forward);
            String to = sha(c, forward);
            tasks.add(task(
                    "Refuse " + path + " unless it is the reviewed file",
                    "ansible.builtin.assert",
                    args(
                            "that",
                            List.of(
                                    new Yaml.Jinja(c.guard() + ".stat.exists"),
                                    new Yaml.Jinja(c.guard() + ".stat.checksum in ['" + from + "', '" + to + "']")),
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
        ProcessControl control = setup.profile().control();
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
        ProcessControl control = setup.profile().control();
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
        tasks.add(block("Take " + label + " down", pending(c.files()), down));
        tasks.addAll(write(c.files()));
        tasks.add(block("Start " + label + " and put it back", pending(c.files()), up));
        Map<String, Object> play = play(
                "Restart " + label + " with its databases " + (mode() == Mode.FREEZE ? "read-only" : "writable")
                        + ", the other clients serving",
                c.process().host(),
                tasks,
                true);
        return play;
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
        return play("Copy the frozen storage " + sf.name() + " to " + t, sf.host(), tasks);
    }

    private static List<String> rsync(MigrationTarget target) {
        List<String> argv = new ArrayList<>(List.of("rsync", "-a", "--protect-args", "--itemize-changes"));
        if (target.bandwidthLimitKBps() != null) {
            argv.add("--bwlimit=" + target.bandwidthLimitKBps());
        }
        if (!target.isLocal()) {
            argv.add("-e");
            argv.add(CopyRules.shellWords(target.rsyncShell()));
        }
        return argv;
    }

    private String targetPath(String host, String path, MigrationTarget target) {
        String relative =
                setup.discovery().cluster().buildoutOf(host).orElseThrow().relative(path);
        return relative.startsWith("/") ? relative : target.buildoutDir() + "/" + relative;
    }
}
