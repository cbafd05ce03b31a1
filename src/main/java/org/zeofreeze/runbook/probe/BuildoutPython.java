package org.zeofreeze.runbook.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.Host;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * The buildout's own Python, as its {@code bin/PART} script runs it: the interpreter named on the
 * script's first line, with the eggs the script puts on {@code sys.path} (a literal list in a
 * zc.buildout script, read with {@code ast.literal_eval}, never executed). Probes of ZEO and
 * checks with Zope's schema run in it, so they see exactly the libraries the cluster runs.
 */
public final class BuildoutPython {
    private static final Pattern SHEBANG = Pattern.compile("#!(/[^\\s]+)");
    /**
     * Puts the script's eggs on sys.path, and gives the code {@code say(*words)}, which prints one
     * line and flushes it; argv[1] is the script, the probe's own arguments follow.
     * Runs on Python 2.7 and 3.6+: the script is read as bytes and parsed as Python itself decodes
     * it (its coding line, else UTF-8 on 3, ASCII on 2), and the assignment is found by its shape.
     */
    private static final String PRELUDE = String.join(
            "\n",
            "import ast, sys",
            "_script = sys.argv.pop(1)",
            "try:",
            "    _text = (str, unicode)",
            "except NameError:",
            "    _text = (str,)",
            "def _is_sys_path(t):",
            "    # sys.path[...] as a target: Subscript(value=Attribute(value=Name('sys'), attr='path'))",
            "    v = getattr(t, 'value', None)",
            "    return (isinstance(t, ast.Subscript) and isinstance(v, ast.Attribute) and v.attr == 'path'",
            "            and isinstance(v.value, ast.Name) and v.value.id == 'sys')",
            "try:",
            "    _f = open(_script, 'rb')",
            "    try:",
            "        _tree = ast.parse(_f.read())",
            "    finally:",
            "        _f.close()",
            "    for _node in _tree.body:",
            "        if (isinstance(_node, ast.Assign) and len(_node.targets) == 1",
            "                and _is_sys_path(_node.targets[0])):",
            "            sys.path[0:0] = [p for p in ast.literal_eval(_node.value) if isinstance(p, _text)]",
            "except Exception:",
            "    pass",
            "def say(*words):",
            "    # one line of words, flushed at once (print(..., flush=True) is Python 3.3+)",
            "    line = []",
            "    for w in words:",
            "        try:",
            "            w = str(w)",
            "        except Exception:",
            "            w = repr(w)",
            "        line.append(w.replace('\\r', ' ').replace('\\n', ' '))",
            "    sys.stdout.write(' '.join(line) + '\\n')",
            "    sys.stdout.flush()",
            "");

    private final String interpreter;
    private final String script;

    private BuildoutPython(String interpreter, String script) {
        this.interpreter = interpreter;
        this.script = script;
    }

    /** The Python {@code interpreter} with the eggs of {@code script}, as {@link #of} finds them. */
    public static BuildoutPython of(String interpreter, String script) {
        return new BuildoutPython(interpreter, script);
    }

    /**
     * The cluster's Python for a process: its buildout's {@code bin/PART} script; else (supervisor,
     * systemd, pip installs: no such script) the {@code python} the profile names for a host of the
     * files layout; else the interpreter the running process was started with, as its
     * {@code /proc/PID/cmdline} names it (the pid from its pid file, its control's status or, for a
     * ZEO server, {@code ss} on its port). The command line's first word, not {@code /proc/PID/exe}:
     * a venv's {@code bin/python} is a link to the system's interpreter, which {@code exe} resolves
     * to, and only started as the venv's does it put the venv's packages on {@code sys.path}.
     */
    public static Optional<BuildoutPython> of(StepRun run, ClusterProcess p) throws StepFailure, InterruptedException {
        Optional<BuildoutPython> script = ofScript(run, p);
        if (script.isPresent()) {
            return script;
        }
        Optional<String> named = run.setup()
                .discovery()
                .cluster()
                .buildoutOf(p.host())
                .flatMap(b -> b.filesLayout())
                .flatMap(f -> f.pythonPath());
        if (named.isPresent()) {
            return Optional.of(new BuildoutPython(named.get(), ""));
        }
        try {
            Optional<Long> pid = ProcessSteps.runningPid(run, p);
            if (pid.isEmpty()) {
                return Optional.empty();
            }
            CommandResult cmdline = run.quiet(
                    p.host(),
                    List.of("cat", "--", "/proc/" + pid.get() + "/cmdline"),
                    run.setup().timeouts().command());
            return cmdline.ok()
                    ? interpreterOf(cmdline.stdout()).map(i -> new BuildoutPython(i, ""))
                    : Optional.empty();
        } catch (StepFailure e) {
            // a status command that cannot run at all (a buildout without its bin/ scripts) tells no pid:
            // the Python is not found, which the caller reports as such; it is no failure of its step
            return Optional.empty();
        }
    }

    /** Why {@link #of} found none, in words for the admin. */
    public static String missing(ClusterProcess p) {
        return "no Python of the cluster was found for " + p.part() + " (no bin/" + p.part()
                + " script, no \"python\" named for host '" + p.host()
                + "' in the profile, and no running process whose interpreter could be read)";
    }

    /** The interpreter of a {@code /proc/PID/cmdline} (NUL-separated): its first word, if it is a Python. */
    static Optional<String> interpreterOf(String cmdline) {
        String first = cmdline.split("\0", -1)[0];
        String name = first.substring(first.lastIndexOf('/') + 1);
        return first.startsWith("/") && name.matches("python[0-9.]*") ? Optional.of(first) : Optional.empty();
    }

    /** The Python of {@code bin/PART} in the buildout on the process's host, if that script is there. */
    private static Optional<BuildoutPython> ofScript(StepRun run, ClusterProcess p) throws StepFailure {
        return of(run.host(p.host()), run.setup().buildout(p.host()) + "/bin/" + p.part());
    }

    /** The Python of {@code script} (a buildout's {@code bin/PART}) on {@code host}, if that script is there. */
    public static Optional<BuildoutPython> of(Host host, String script) {
        try {
            if (!host.exists(script)) {
                return Optional.empty();
            }
            byte[] head = host.read(script);
            String first = new String(head, 0, Math.min(head.length, 512), StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("");
            Matcher m = SHEBANG.matcher(first);
            return m.lookingAt() ? Optional.of(new BuildoutPython(m.group(1), script)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The argument list that runs {@code code} with {@code args} as sys.argv[1:]. */
    public List<String> command(String code, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(interpreter, "-c", program(code), script));
        argv.addAll(args);
        return argv;
    }

    public String interpreter() {
        return interpreter;
    }

    public String script() {
        return script;
    }

    /** {@code code} as the program {@link #command} runs: the prelude, then the code. */
    public static String program(String code) {
        return PRELUDE + code;
    }
}
