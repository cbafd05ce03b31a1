package org.zeofreeze.runbook.probe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.Host;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Reads every edited main configuration file with the cluster's own ZConfig and schema — ZEO's
 * for zeo.conf (as {@code bin/zeoserver} loads it, or {@code runzeo -C} for a files layout), Zope's for zope.conf — before anything stops,
 * as Ansible's {@code validate:} does: the new bytes are written to a temporary file beside the
 * original (so relative includes resolve the same), read, and removed. A file the real libraries
 * refuse would otherwise be found only when the process fails to start.
 */
public final class SchemaCheck {
    /**
     * Prints ok, refused TEXT or unchecked TEXT. Runs on Python 2.7 and 3.6+. Zope 4.x/5.x load
     * zope.conf with ZopeWSGIOptions; a Zope without it (2.13, early 4.0) has its schema,
     * zopeschema.xml, beside Zope2.Startup, and its ZopeOptions loads the file with that schema.
     */
    static final String CHECK = String.join(
            "\n",
            "import os, sys",
            "import ZConfig",
            "kind, path = sys.argv[1], sys.argv[2]",
            "def zope_schema():",
            "    import Zope2.Startup",
            "    here = os.path.dirname(Zope2.Startup.__file__)",
            "    try:",
            "        from Zope2.Startup.options import ZopeOptions",
            "        here = getattr(ZopeOptions, 'schemadir', None) or here",
            "        name = getattr(ZopeOptions, 'schemafile', None) or 'zopeschema.xml'",
            "    except Exception:",
            "        name = 'zopeschema.xml'",
            "    schema = os.path.join(here, name)",
            "    if not os.path.isfile(schema):",
            "        raise LookupError('this Zope has neither ZopeWSGIOptions nor ' + schema)",
            "    return schema",
            "try:",
            "    if kind == 'zeo':",
            "        import ZEO",
            "        schema = os.path.join(os.path.dirname(ZEO.__file__), 'zeoctl.xml')",
            "        ZConfig.loadConfig(ZConfig.loadSchema(schema), path)",
            "    elif kind == 'runzeo':",
            "        # runzeo -C reads the file with its ZEOOptions' schema (no <runner> required)",
            "        from ZEO.runzeo import ZEOOptions",
            "        schema = os.path.join(ZEOOptions.schemadir, getattr(ZEOOptions, 'schemafile', 'schema.xml'))",
            "        ZConfig.loadConfig(ZConfig.loadSchema(schema), path)",
            "    else:",
            "        # Zope's own loader: its schema imports some packages only where they are installed",
            "        try:",
            "            from Zope2.Startup.options import ZopeWSGIOptions",
            "        except ImportError:",
            "            ZopeWSGIOptions = None",
            "        if ZopeWSGIOptions is not None:",
            "            ZopeWSGIOptions(path)()",
            "        else:",
            "            ZConfig.loadConfig(ZConfig.loadSchema(zope_schema()), path)",
            "except ZConfig.ConfigurationError as e:",
            "    where = ' (line %s of %s)' % (e.lineno, e.url) if getattr(e, 'lineno', None) else ''",
            "    say('refused', str(e) + where)",
            "except Exception as e:",
            "    say('unchecked', type(e).__name__, e)",
            "else:",
            "    say('ok')",
            "");

    private SchemaCheck() {}

    /** What the real schema says against the edited files, one sentence each; empty when all pass. */
    public static List<String> problems(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        List<ClusterProcess> processes = new ArrayList<>(setup.servers());
        processes.addAll(setup.clients());
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        // One Python start-up per file, all at once: nothing is stopped yet, but the admin waits.
        // The freeze's edits, and a retire's: the old zeo.conf without the retired storages must load too.
        List<FileChange> changes = new ArrayList<>(setup.plan().changes());
        changes.addAll(setup.retireChanges());
        ProcessSteps.inParallel(processes, p -> {
            List<FileChange> main = changes.stream()
                    .filter(c -> c.host().equals(p.host()) && c.path().equals(p.confFile()))
                    .toList();
            if (main.isEmpty()) {
                return;
            }
            Optional<BuildoutPython> python = BuildoutPython.of(run, p);
            if (python.isEmpty()) {
                run.log(
                        p.host(),
                        RunEvent.Level.WARNING,
                        p.confFile() + " is not checked with the real schema: " + BuildoutPython.missing(p));
                return;
            }
            for (FileChange c : main) {
                check(run, p, c, python.get()).ifPresent(out::add);
            }
        });
        return out;
    }

    /**
     * Which schema reads the file as its process does: a buildout's zeo.conf is loaded by
     * {@code bin/zeoserver} (zdaemon's zeoctl.xml, which requires {@code <runner>}) and then by
     * runzeo; a files layout's server is {@code runzeo -C} alone (ZEO's schema.xml).
     */
    private static String kind(StepRun run, ClusterProcess p) {
        if (!p.server()) {
            return "zope";
        }
        boolean files = run.setup()
                .discovery()
                .cluster()
                .buildoutOf(p.host())
                .flatMap(b -> b.filesLayout())
                .isPresent();
        return files ? "runzeo" : "zeo";
    }

    private static Optional<String> check(StepRun run, ClusterProcess p, FileChange change, BuildoutPython python)
            throws StepFailure, InterruptedException {
        Host host = run.host(p.host());
        int slash = change.path().lastIndexOf('/');
        String temp = change.path().substring(0, slash + 1) + ".zeofreeze-check-"
                + UUID.randomUUID().toString().substring(0, 8) + "-"
                + change.path().substring(slash + 1);
        try {
            host.createFile(temp, change.after(), 0600);
            CommandResult r = run.quiet(
                    p.host(),
                    python.command(CHECK, List.of(kind(run, p), temp)),
                    run.setup().timeouts().command());
            String said = r.stdout().strip();
            if (said.equals("ok")) {
                run.info(
                        p.host(),
                        change.path() + " as edited is accepted by " + (p.server() ? "ZEO" : "Zope") + "'s own schema");
                return Optional.empty();
            }
            if (!said.startsWith("refused ")) {
                // Not a verdict on the file (an old Zope without this loader, a missing library): say so, go on.
                run.log(
                        p.host(),
                        RunEvent.Level.WARNING,
                        change.path() + " could not be checked with the real schema ("
                                + (said.isEmpty()
                                        ? r.stderr()
                                                .strip()
                                                .lines()
                                                .reduce((a, b) -> b)
                                                .orElse("no answer")
                                        : said)
                                + "); going on without that check");
                return Optional.empty();
            }
            String why = said.substring("refused ".length());
            return Optional.of(
                    change.path() + " as edited is refused by " + (p.server() ? "ZEO" : "Zope") + "'s own "
                            + "schema: "
                            + why.replace("file://" + temp, change.path()).replace(temp, change.path())
                            + ". Fix the file (or the buildout that generates it) and make the plan again; nothing was stopped");
        } catch (IOException e) {
            return Optional.of("cannot check " + change.path() + " with the real schema: " + e.getMessage());
        } finally {
            try {
                host.deleteFile(temp);
            } catch (IOException e) {
                run.log(p.host(), RunEvent.Level.WARNING, "could not remove " + temp + ": " + e.getMessage());
            }
        }
    }
}
