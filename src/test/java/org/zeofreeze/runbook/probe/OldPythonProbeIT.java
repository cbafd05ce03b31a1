package org.zeofreeze.runbook.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.testing.Venv;

/**
 * The Python code ZeoFreeze runs on cluster hosts (the prelude that puts a buildout script's eggs
 * on sys.path, the ZEO probe, the schema check), run as the product runs it, by the bare Python a
 * buildout script names on its first line, against real old ZEO servers: ZEO 4.3.1 on Python 2.7,
 * ZEO 5.2 on 3.6, ZEO 5.4 on 3.8, and the test cluster's ZEO 6 on 3.11. The old venvs are
 * src/test/cluster/old-venvs.sh's; a missing one fails the test, never skips it.
 */
class OldPythonProbeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final LocalHost host = new LocalHost();

    @TempDir
    Path dir;

    /** An old venv: its python, its site-packages, and the bare interpreter it was made from. */
    private record OldVenv(String name, Path venv, String bare, String sitePackages) {
        Path bin(String script) {
            return venv.resolve("bin").resolve(script);
        }
    }

    /** NAME as old-venvs.sh names it, or "current": the test cluster's venv (Python 3.11, ZEO 6). */
    private OldVenv venv(String name) throws Exception {
        Path venv;
        if (name.equals("current")) {
            venv = Venv.python().getParent().getParent();
        } else {
            CommandResult where = host.run(List.of("src/test/cluster/old-venvs.sh", "--path", name), TIMEOUT);
            assertThat(where.exitCode()).as(where.stderr()).isZero();
            venv = Path.of(where.stdout().strip());
        }
        if (!Files.exists(venv.resolve(".zeofreeze-complete"))
                || !Files.isExecutable(venv.resolve("bin/python"))
                || !Files.isExecutable(venv.resolve("bin/runzeo"))) {
            fail("the old-Python venv " + name + " (" + venv + ") is missing or incomplete; build it with "
                    + "src/test/cluster/old-venvs.sh " + name + " (run-tests does)");
        }
        CommandResult facts = host.run(
                List.of(
                        venv.resolve("bin/python").toString(),
                        "-c",
                        String.join(
                                "\n",
                                "import os, sys, ZEO",
                                "base = getattr(sys, 'real_prefix', None) or getattr(sys, 'base_prefix', sys.prefix)",
                                "sys.stdout.write(os.path.join(base, 'bin', 'python') + '\\n')",
                                "sys.stdout.write(os.path.dirname(os.path.dirname(os.path.abspath(ZEO.__file__))) + '\\n')")),
                TIMEOUT);
        assertThat(facts.exitCode()).as(facts.stderr()).isZero();
        String[] lines = facts.stdout().strip().split("\n");
        OldVenv v = new OldVenv(name, venv, lines[0], lines[1]);
        // The point of the test: the bare interpreter has no ZEO; only the prelude brings the eggs.
        CommandResult bare = host.run(List.of(v.bare(), "-c", "import ZEO"), TIMEOUT);
        assertThat(bare.exitCode())
                .as("%s must not import ZEO by itself", v.bare())
                .isNotZero();
        return v;
    }

    /**
     * bin/PART as zc.buildout writes it: the bare Python on the first line, the eggs as a literal
     * list. On Python 2 the eggs of a buildout each hold a zope/__init__.py (and zc/) declaring the
     * namespace; a pip venv has *-nspkg.pth files instead, which only site.py reads, so a small egg
     * with those __init__.py files stands in for them.
     */
    private String script(OldVenv v, String part, List<String> more) throws IOException {
        List<String> eggs = new ArrayList<>(List.of(v.sitePackages()));
        if (v.name().equals("py27")) {
            Path ns = Files.createDirectories(dir.resolve("eggs/namespaces"));
            try (Stream<Path> pth = Files.list(Path.of(v.sitePackages()))) {
                for (Path p : pth.filter(p -> p.getFileName().toString().endsWith("-nspkg.pth"))
                        .toList()) {
                    String top = p.getFileName().toString().split("[.-]")[0];
                    Path pkg = Files.createDirectories(ns.resolve(top));
                    // what pkg_resources.declare_namespace does: every NAME directory on sys.path is part of it
                    Files.writeString(
                            pkg.resolve("__init__.py"),
                            String.join(
                                    "\n",
                                    "import os, sys",
                                    "__path__.extend(os.path.join(d, __name__) for d in sys.path",
                                    "                if os.path.isdir(os.path.join(d, __name__)) and os.path.join(d, __name__) not in __path__)",
                                    ""));
                }
            }
            eggs.add(ns.toString());
        }
        eggs.addAll(more);
        StringBuilder s = new StringBuilder("#!" + v.bare() + "\n\nimport sys\nsys.path[0:0] = [\n");
        eggs.forEach(e -> s.append("  '").append(e).append("',\n"));
        s.append("  ]\n\nimport plone.recipe.zeoserver.ctl\n\nif __name__ == '__main__':\n"
                + "    sys.exit(plone.recipe.zeoserver.ctl.main(['-C', '" + dir.resolve("zeo.conf") + "']))\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = Files.writeString(bin.resolve(part), s.toString());
        script.toFile().setExecutable(true);
        return script.toString();
    }

    private CommandResult run(String interpreter, String script, String code, List<String> args) throws Exception {
        return host.run(BuildoutPython.of(interpreter, script).command(code, args), TIMEOUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"py27", "py36", "py38", "current"})
    void theProbeTellsAWritableFromAReadOnlyStorageOfARealOldZeoServer(String name) throws Exception {
        OldVenv v = venv(name);
        String script = script(v, "zeoserver", List.of());
        int port = freePort();
        Path emptyCatalog = dir.resolve("catalog.fs");
        CommandResult made = host.run(
                List.of(
                        v.bin("python").toString(),
                        "-c",
                        "from ZODB.FileStorage import FileStorage; FileStorage('" + emptyCatalog + "').close()"),
                TIMEOUT);
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        Path conf = Files.writeString(
                dir.resolve("runzeo.conf"),
                String.join(
                        "\n",
                        "<zeo>",
                        "  address 127.0.0.1:" + port,
                        "</zeo>",
                        "<filestorage 1>",
                        "  path " + dir.resolve("Data.fs"),
                        "</filestorage>",
                        "<filestorage catalog>",
                        "  path " + emptyCatalog,
                        "  read-only true",
                        "</filestorage>",
                        ""));
        Path log = dir.resolve("runzeo.log");
        Process zeo = new ProcessBuilder(v.bin("runzeo").toString(), "-C", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            awaitListening(zeo, port, log);
            CommandResult r =
                    run(v.bare(), script, WriteAccessProbe.SCRIPT, List.of("127.0.0.1:" + port, "10", "1", "catalog"));
            assertThat(r.stdout().lines().toList())
                    .as("stderr: %s", r.stderr())
                    .containsExactly("1 writable", "catalog read-only");
            assertThat(r.exitCode()).isZero();

            // A storage the server does not have: ZEO 4 would wait for it for ever, and call it read-only.
            long start = System.nanoTime();
            CommandResult unknown = run(
                    v.bare(),
                    script,
                    WriteAccessProbe.SCRIPT,
                    List.of("127.0.0.1:" + port, "1", "catalog", "nosuch", "1"));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            List<String> lines = unknown.stdout().lines().toList();
            assertThat(lines).as("stderr: %s", unknown.stderr()).hasSize(3);
            assertThat(lines.get(0)).isEqualTo("catalog read-only");
            assertThat(lines.get(1)).startsWith("nosuch error ");
            assertThat(lines.get(2)).isEqualTo("1 writable");
            assertThat(seconds).as("seconds the probe took").isLessThan(10);
        } finally {
            zeo.destroy();
            if (!zeo.waitFor(10, TimeUnit.SECONDS)) {
                zeo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"py27", "py36", "py38", "current"})
    void aZeoServerThatDoesNotListenIsAnErrorForEveryStorageWithinTheTimeout(String name) throws Exception {
        OldVenv v = venv(name);
        String script = script(v, "zeoserver", List.of());
        long start = System.nanoTime();
        CommandResult r =
                run(v.bare(), script, WriteAccessProbe.SCRIPT, List.of("127.0.0.1:" + freePort(), "1", "1", "catalog"));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).as("stderr: %s", r.stderr()).hasSize(2);
        assertThat(lines.get(0)).startsWith("1 error ");
        assertThat(lines.get(1)).startsWith("catalog error ");
        assertThat(seconds).as("seconds the probe took").isLessThan(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"py27", "py36", "py38", "current"})
    void theSchemaCheckAcceptsAGoodZeoConfAndRefusesABadOneWithItsLine(String name) throws Exception {
        OldVenv v = venv(name);
        String script = script(v, "zeoserver", List.of());
        String good = String.join(
                "\n",
                "%define INSTANCE " + dir,
                "<zeo>",
                "  address 127.0.0.1:8100",
                "  read-only false",
                "  invalidation-queue-size 100",
                "</zeo>",
                "<filestorage 1>",
                "  path $INSTANCE/Data.fs",
                "</filestorage>",
                "<filestorage catalog>",
                "  path $INSTANCE/catalog.fs",
                "  read-only true",
                "</filestorage>",
                "<eventlog>",
                "  level info",
                "  <logfile>",
                "    path $INSTANCE/zeoserver.log",
                "  </logfile>",
                "</eventlog>",
                "<runner>",
                "  program $INSTANCE/bin/runzeo",
                "  socket-name $INSTANCE/zeo.zdsock",
                "  daemon true",
                "  forever false",
                "  backoff-limit 10",
                "  exit-codes 0, 2",
                "  directory $INSTANCE",
                "  default-to-interactive true",
                "</runner>",
                "");
        Path ok = Files.writeString(dir.resolve("zeo.conf"), good);
        CommandResult r = run(v.bare(), script, SchemaCheck.CHECK, List.of("zeo", ok.toString()));
        assertThat(r.stdout().strip()).as("stderr: %s", r.stderr()).isEqualTo("ok");

        Path bad =
                Files.writeString(dir.resolve("bad-zeo.conf"), good.replace("  read-only true", "  read-only maybe"));
        r = run(v.bare(), script, SchemaCheck.CHECK, List.of("zeo", bad.toString()));
        assertThat(r.stdout().strip())
                .as("stderr: %s", r.stderr())
                .startsWith("refused ")
                .contains("line 12 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"py27", "py36", "py38"})
    void theSchemaCheckOfZopeConfSaysUncheckedWhereNoZopeIsInstalled(String name) throws Exception {
        OldVenv v = venv(name);
        String script = script(v, "client1", List.of());
        Path conf = Files.writeString(dir.resolve("zope.conf"), "debug-mode off\n");
        CommandResult r = run(v.bare(), script, SchemaCheck.CHECK, List.of("zope", conf.toString()));
        assertThat(r.exitCode()).as("stderr: %s", r.stderr()).isZero();
        assertThat(r.stdout().strip()).matches("unchecked (ImportError|ModuleNotFoundError) .*Zope2.*");
    }

    /**
     * A Zope without ZopeWSGIOptions (Zope 2.13): Zope2.Startup holds zopeschema.xml and options.py's
     * ZopeOptions names it. A stand-in package of that shape shows the check loads the file with it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"py27", "py36"})
    void aZopeWithoutTheWsgiLoaderIsCheckedWithItsZopeschemaXml(String name) throws Exception {
        OldVenv v = venv(name);
        Path egg = dir.resolve("eggs/Zope2-2.13");
        Path startup = Files.createDirectories(egg.resolve("Zope2/Startup"));
        Files.writeString(egg.resolve("Zope2/__init__.py"), "");
        Files.writeString(startup.resolve("__init__.py"), "");
        Files.writeString(
                startup.resolve("options.py"),
                String.join(
                        "\n",
                        "import os",
                        "class ZopeOptions(object):",
                        "    schemadir = os.path.dirname(os.path.abspath(__file__))",
                        "    schemafile = 'zopeschema.xml'",
                        ""));
        Files.writeString(
                startup.resolve("zopeschema.xml"),
                String.join(
                        "\n",
                        "<schema>",
                        "  <key name=\"debug-mode\" datatype=\"boolean\" default=\"off\"/>",
                        "  <key name=\"zserver-threads\" datatype=\"integer\" default=\"4\"/>",
                        "</schema>",
                        ""));
        String script = script(v, "client1", List.of(egg.toString()));
        Path ok = Files.writeString(dir.resolve("zope.conf"), "debug-mode on\nzserver-threads 2\n");
        CommandResult r = run(v.bare(), script, SchemaCheck.CHECK, List.of("zope", ok.toString()));
        assertThat(r.stdout().strip()).as("stderr: %s", r.stderr()).isEqualTo("ok");
        Path bad = Files.writeString(dir.resolve("bad-zope.conf"), "debug-mode on\nzserver-threads two\n");
        r = run(v.bare(), script, SchemaCheck.CHECK, List.of("zope", bad.toString()));
        assertThat(r.stdout().strip())
                .as("stderr: %s", r.stderr())
                .startsWith("refused ")
                .contains("line 2 ");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(Process zeo, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!zeo.isAlive()) {
                fail("runzeo ended (exit " + zeo.exitValue() + "): " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("runzeo does not listen on 127.0.0.1:" + port + " after 30 s: " + Files.readString(log));
    }
}
