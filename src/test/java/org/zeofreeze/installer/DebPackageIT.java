package org.zeofreeze.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testbed.TestKeys;
import org.zeofreeze.testbed.TestSshd;
import org.zeofreeze.testing.Fixtures;

/**
 * The Linux package as an admin gets it: builds the .deb with installer/build.sh from the jar that
 * 'mvn package' made, installs it with dpkg, runs the installed command line on a buildout and the
 * installed GUI on a virtual X server, then removes the package and checks nothing is left.
 * Needs root (dpkg) and the Debian packages that ./run-tests installs. It purges a zeofreeze
 * package that is already installed (left by an interrupted run): run it on CI or a throwaway machine.
 */
class DebPackageIT {
    private static final String PACKAGE = "zeofreeze";
    private static final Path APP_DIR = Path.of("/opt/zeofreeze");
    private static final Path COMMAND = Path.of("/usr/bin/zeofreeze");
    private static final Path DESKTOP_FILE = Path.of("/usr/share/applications/zeofreeze.desktop");
    private static final Path HICOLOR = Path.of("/usr/share/icons/hicolor");
    private static final String WINDOW_TITLE = "ZeoFreeze";
    private static final Path ARCHIVE = APP_DIR.resolve("lib/app/cds/zeofreeze.jsa");
    private static final Duration WINDOW_TIMEOUT = Duration.ofSeconds(60);
    private static final Path LOCK = Path.of("/run/lock/zeofreeze-debpackageit.lock");

    @TempDir
    Path tmp;

    @Test
    void buildsInstallsRunsAndRemovesTheDeb() throws Exception {
        assertThat(run(List.of("id", "-u")).out().trim())
                .as("dpkg -i needs root (CI runs as root)")
                .isEqualTo("0");
        // One run per machine at a time: two would install and remove the same package under each other.
        try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            buildInstallRunRemove();
        }
    }

    private void buildInstallRunRemove() throws Exception {
        Path jar = Path.of(System.getProperty("zeofreeze.jar", "")).toAbsolutePath();
        assertThat(jar).as("system property zeofreeze.jar (set by failsafe)").isRegularFile();
        String version =
                jar.getFileName().toString().replaceFirst("^zeofreeze-", "").replaceFirst("\\.jar$", "");

        Path deb = build(jar);
        assertThat(run(List.of("dpkg-deb", "--field", deb.toString(), "Package"))
                        .out()
                        .trim())
                .isEqualTo(PACKAGE);
        assertThat(run(List.of("dpkg-deb", "--field", deb.toString(), "Version"))
                        .out()
                        .trim())
                .startsWith(version.replaceFirst("-.*", "") + "-");
        // The size the README quotes.
        long installedKiB = Long.parseLong(run(List.of("dpkg-deb", "--field", deb.toString(), "Installed-Size"))
                .out()
                .trim());
        System.out.printf(
                "DebPackageIT: %s is %.1f MB (%d bytes), %.0f MB installed%n",
                deb.getFileName(), Files.size(deb) / 1e6, Files.size(deb), installedKiB * 1024 / 1e6);

        // A package left installed by an earlier, interrupted run would make dpkg -i an upgrade.
        if (installed()) {
            Result purge = dpkg("--purge", PACKAGE);
            assertThat(purge.rc()).as("dpkg --purge of a leftover:%n%s", purge).isZero();
        }
        Result remove;
        try {
            Result install = dpkg("-i", deb.toString());
            assertThat(install.rc()).as("dpkg -i %s:%n%s", deb, install).isZero();
            assertThat(installed()).as("dpkg-query says installed").isTrue();

            checkCommandLine(version);
            checkCommandLineOverSsh();
            checkRuntime();
            checkGui(checkDesktopEntry());
        } finally {
            // Always, also after a failed check; a failure here must not hide that one.
            remove = dpkg("-r", PACKAGE);
        }
        assertThat(remove.rc()).as("dpkg -r:%n%s", remove).isZero();
        checkRemoved();
        // dpkg -r keeps the package's record (it has a postrm) until it is purged.
        Result purge = dpkg("--purge", PACKAGE);
        assertThat(purge.rc()).as("dpkg --purge:%n%s", purge).isZero();
        assertThat(run(List.of("dpkg-query", "-W", PACKAGE)).rc())
                .as("dpkg knows no %s any more", PACKAGE)
                .isNotZero();
    }

    private Path build(Path jar) throws Exception {
        Path script = Path.of("installer/build.sh").toAbsolutePath();
        assertThat(script).as("run from the repository root").isExecutable();
        Path dest = tmp.resolve("dist");
        Result build = run(
                List.of(script.toString(), "deb"),
                Map.of("ZEOFREEZE_JAR", jar.toString(), "ZEOFREEZE_DEST", dest.toString()),
                Duration.ofMinutes(15));
        assertThat(build.rc()).as("installer/build.sh deb:%n%s", build).isZero();
        try (Stream<Path> files = Files.list(dest)) {
            List<Path> debs = files.filter(p -> p.toString().endsWith(".deb")).toList();
            assertThat(debs).as("one .deb in %s", dest).hasSize(1);
            return debs.get(0);
        }
    }

    private void checkCommandLine(String version) throws Exception {
        assertThat(Files.isSymbolicLink(COMMAND)).as("%s is a link", COMMAND).isTrue();
        assertThat(COMMAND.toRealPath()).isEqualTo(APP_DIR.resolve("bin/zeofreeze-cli"));

        // By name, as an admin types it: found on the PATH.
        Result v = run(List.of("zeofreeze", "--version"));
        assertThat(v.rc()).as("zeofreeze --version:%n%s", v).isZero();
        assertThat(v.out().trim()).isEqualTo("ZeoFreeze " + version);
        assertThat(v.err()).as("no JVM warnings on the command line").isEmpty();

        Path buildout = Fixtures.copyTree("guide", tmp.resolve("buildout"));
        Map<String, String> before = contents(buildout);
        Result plan = run(List.of("zeofreeze", "plan", "--buildout", buildout.toString()));
        assertThat(plan.rc()).as("zeofreeze plan:%n%s", plan).isZero();
        assertThat(plan.out())
                .contains("storage deepereconomics.org")
                .contains("Freeze: deepereconomics.org")
                .contains("+++ b/parts/zeoserver/etc/zeo.conf")
                // the two clients' identical edit is shown once, with both files named
                .contains("The same change in 2 files", "parts/client1/etc/zope.conf", "parts/client2/etc/zope.conf")
                .contains("+  read-only true");

        // The patch alone is the one the engine's own tests expect for this buildout.
        Result patch = run(List.of("zeofreeze", "plan", "--buildout", buildout.toString(), "--patch"));
        assertThat(patch.rc()).as("zeofreeze plan --patch:%n%s", patch).isZero();
        assertThat(patch.out())
                .isEqualTo(Files.readString(
                        Path.of("src/test/resources/golden/guide-freeze-default.patch"), StandardCharsets.UTF_8));
        assertThat(contents(buildout)).as("plan writes nothing").isEqualTo(before);
    }

    /**
     * The installed command line reads a buildout over SSH (a real sshd on loopback): host key
     * check, key exchange and ed25519 login work with the trimmed runtime's crypto. Without --yes
     * and with no answer on stdin, `zeofreeze run` shows the plan and stops before changing anything.
     */
    private void checkCommandLineOverSsh() throws Exception {
        Path buildout = Fixtures.copyTree("guide", tmp.resolve("remote-buildout"));
        Map<String, String> before = contents(buildout);
        // The launcher reads no JAVA_OPTS; the JVM itself reads JAVA_TOOL_OPTIONS. user.home is
        // where the CLI looks for .ssh/, so the test's key and known_hosts go to a home of its own.
        Path home = tmp.resolve("ssh-home");
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        try (TestSshd sshd = TestSshd.start()) {
            Files.copy(TestKeys.clientKey(), ssh.resolve("id_ed25519"));
            Files.setPosixFilePermissions(ssh.resolve("id_ed25519"), PosixFilePermissions.fromString("rw-------"));
            Files.writeString(ssh.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
            Path profile = tmp.resolve("over-ssh.json");
            ProfileStore.write(
                    new ClusterProfile(
                            "over-ssh",
                            List.of(new HostEntry(
                                    "zeo", sshd.address(), sshd.user(), sshd.port(), buildout.toString(), null)),
                            null,
                            null,
                            null,
                            false),
                    profile);

            Result run = run(
                    List.of("zeofreeze", "run", "--profile", profile.toString()),
                    Map.of("JAVA_TOOL_OPTIONS", "-Duser.home=" + home),
                    Duration.ofMinutes(3));
            assertThat(run.rc())
                    .as("zeofreeze run, not confirmed:%n%s%n--- sshd log%n%s", run, sshd.log())
                    .isEqualTo(1);
            assertThat(run.out())
                    .as("%s", run)
                    .contains("storage deepereconomics.org")
                    .contains("Freeze: deepereconomics.org")
                    .contains("Type the cluster's name (over-ssh) to go on");
            assertThat(run.err()).contains("nothing was done");
        }
        assertThat(contents(buildout)).as("nothing written over SSH").isEqualTo(before);
    }

    private void checkRuntime() throws IOException {
        // The bundled runtime is a jlink image of a few JDK modules, not a whole JDK.
        String release = Files.readString(APP_DIR.resolve("lib/runtime/release"));
        Matcher m = Pattern.compile("(?m)^MODULES=\"([^\"]*)\"").matcher(release);
        assertThat(m.find()).as("MODULES in %s", release).isTrue();
        List<String> modules = Arrays.asList(m.group(1).split(" "));
        assertThat(modules)
                .contains("java.base", "java.desktop", "java.naming", "jdk.crypto.ec")
                .doesNotContain("jdk.compiler", "jdk.jpackage", "jdk.jshell", "java.compiler");
        try (Stream<Path> commands = Files.list(APP_DIR.resolve("lib/runtime/bin"))) {
            assertThat(commands.map(p -> p.getFileName().toString()).toList())
                    .as("of the JDK's commands only java, which writes the start-up archive")
                    .containsExactly("java");
        }
        assertThat(APP_DIR.resolve("lib/runtime/lib/server/classes.jsa"))
                .as("jlink's archive of the JDK classes")
                .isRegularFile();
        assertThat(ARCHIVE)
                .as("the wizard's start-up archive, written by the postinst")
                .isRegularFile();
        assertThat(Files.size(ARCHIVE)).isGreaterThan(1 << 20);

        String guiCfg = Files.readString(APP_DIR.resolve("lib/app/ZeoFreeze.cfg"));
        assertThat(guiCfg)
                .contains("app.mainclass=org.zeofreeze.ui.Launcher")
                .contains("java-options=--add-opens")
                .contains("java-options=javafx.graphics/javafx.scene=ALL-UNNAMED")
                .contains("java-options=-XX:SharedArchiveFile=$APPDIR/cds/zeofreeze.jsa");
        assertThat(Files.readString(APP_DIR.resolve("lib/app/zeofreeze-cli.cfg")))
                .contains("app.mainclass=org.zeofreeze.cli.ZeoFreezeCommand");
    }

    /** Checks the menu entry and its icons; returns the command it starts. */
    private Path checkDesktopEntry() throws IOException {
        assertThat(DESKTOP_FILE).isRegularFile();
        List<String> lines = Files.readAllLines(DESKTOP_FILE);
        assertThat(lines).contains("Type=Application", "Name=ZeoFreeze", "Icon=zeofreeze", "Terminal=false");
        assertThat(value(lines, "Categories")).contains("System;").contains("Utility;");
        for (String size : List.of("16x16", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512")) {
            assertThat(HICOLOR.resolve(size + "/apps/zeofreeze.png")).isRegularFile();
        }
        assertThat(HICOLOR.resolve("scalable/apps/zeofreeze.svg")).isRegularFile();
        Path exec = Path.of(value(lines, "Exec").split(" ")[0]);
        assertThat(exec).isEqualTo(APP_DIR.resolve("bin/ZeoFreeze")).isExecutable();
        return exec;
    }

    /** Starts the GUI the way the menu entry does, on a fresh Xvfb, and waits for its window. */
    private void checkGui(Path exec) throws Exception {
        Path xlog = tmp.resolve("xvfb.log");
        // -displayfd 1: Xvfb picks a free display and prints its number once it accepts clients.
        Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                .redirectError(xlog.toFile())
                .start();
        Process gui = null;
        Path guiLog = tmp.resolve("gui.log");
        try {
            // Read in the background: a hung Xvfb must fail the test, not block it.
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
                } catch (IOException e) {
                    return null;
                }
            });
            String number;
            try {
                number = line.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                number = null;
            }
            if (number == null || !number.trim().matches("\\d+")) {
                fail("Xvfb gave no display number (%s):%n%s", number, Files.readString(xlog));
            }
            String display = ":" + number.trim();
            Path home = Files.createDirectories(tmp.resolve("home"));
            ProcessBuilder pb = new ProcessBuilder(exec.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(guiLog.toFile());
            pb.environment().put("DISPLAY", display);
            pb.environment().put("HOME", home.toString()); // JavaFX unpacks its native libraries below $HOME
            gui = pb.start();

            long deadline = System.nanoTime() + WINDOW_TIMEOUT.toNanos();
            Optional<String> window = Optional.empty();
            while (window.isEmpty() && gui.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                window = topLevelWindow(display, WINDOW_TITLE);
            }
            assertThat(window)
                    .as(
                            "a top-level window named like '%s' on %s within %s; GUI %s; its output:%n%s",
                            WINDOW_TITLE,
                            display,
                            WINDOW_TIMEOUT,
                            gui.isAlive() ? "running" : "exited " + gui.exitValue(),
                            Files.readString(guiLog))
                    .isPresent();

            // The JVM maps the archive only once it accepted it (same runtime, same class path).
            assertThat(Files.readString(Path.of("/proc", String.valueOf(gui.pid()), "maps")))
                    .as("the GUI's JVM maps %s", ARCHIVE)
                    .contains(ARCHIVE.toString());
            // Still up a few seconds later: the window is not the last thing before a crash.
            Thread.sleep(3000);
            assertThat(gui.isAlive())
                    .as("GUI still running; its output:%n%s", Files.readString(guiLog))
                    .isTrue();
        } finally {
            stop(gui);
            stop(xvfb);
        }
    }

    /**
     * The id of a shown top-level window (a mapped, drawable direct child of the root window) whose
     * name contains {@code title}. GTK also makes an unmapped, input-only "leader" window named after
     * the program (here also "ZeoFreeze"), which proves nothing: hence the map state and class.
     */
    private static Optional<String> topLevelWindow(String display, String title) throws Exception {
        Result tree = run(List.of("xwininfo", "-display", display, "-root", "-children"));
        Pattern line = Pattern.compile("^\\s*(0x[0-9a-f]+) \"([^\"]*)\"");
        List<String> named = tree.out()
                .lines()
                .map(line::matcher)
                .filter(Matcher::find)
                .filter(mm -> mm.group(2).contains(title))
                .map(mm -> mm.group(1))
                .toList();
        for (String id : named) {
            String info =
                    run(List.of("xwininfo", "-display", display, "-id", id)).out();
            if (info.contains("Map State: IsViewable") && info.contains("Class: InputOutput")) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private void checkRemoved() throws Exception {
        assertThat(installed()).as("dpkg-query no longer says installed").isFalse();
        assertThat(Files.exists(COMMAND, LinkOption.NOFOLLOW_LINKS))
                .as("%s gone", COMMAND)
                .isFalse();
        assertThat(APP_DIR).doesNotExist();
        assertThat(DESKTOP_FILE).doesNotExist();
        assertThat(HICOLOR.resolve("48x48/apps/zeofreeze.png")).doesNotExist();
        assertThat(HICOLOR.resolve("scalable/apps/zeofreeze.svg")).doesNotExist();
        assertThat(run(List.of("sh", "-c", "command -v zeofreeze")).rc())
                .as("zeofreeze not on the PATH")
                .isNotZero();
    }

    private static boolean installed() throws Exception {
        Result r = run(List.of("dpkg-query", "-W", "-f=${Status}", PACKAGE));
        return r.rc() == 0 && r.out().trim().equals("install ok installed");
    }

    /** dpkg, waiting while another dpkg or apt holds the package database. */
    private static Result dpkg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dpkg"));
        cmd.addAll(List.of(args));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            Result r = run(cmd, Map.of("DEBIAN_FRONTEND", "noninteractive"), Duration.ofMinutes(5));
            if (r.rc() == 0 || !r.err().contains("lock") || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(2000);
        }
    }

    /** Every file below a directory as text, comparable by equals (byte arrays are not). */
    private static Map<String, String> contents(Path dir) {
        Map<String, String> out = new TreeMap<>();
        Fixtures.snapshot(dir).forEach((name, bytes) -> out.put(name, new String(bytes, StandardCharsets.ISO_8859_1)));
        return out;
    }

    private static String value(List<String> desktopLines, String key) {
        return desktopLines.stream()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + "= in " + DESKTOP_FILE));
    }

    private static void stop(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    record Result(int rc, String out, String err) {
        @Override
        public String toString() {
            return "exit " + rc + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Result run(List<String> cmd) throws Exception {
        return run(cmd, Map.of(), Duration.ofMinutes(2));
    }

    private static Result run(List<String> cmd, Map<String, String> env, Duration timeout) throws Exception {
        Path out = Files.createTempFile("debit-out", ".txt");
        Path err = Files.createTempFile("debit-err", ".txt");
        try {
            // No stdin (nothing waits for an answer), no ssh-agent and no JVM options of whoever
            // runs the build: only what a test passes.
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment()
                    .keySet()
                    .removeAll(List.of("SSH_AUTH_SOCK", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                stop(p);
                fail("%s did not finish within %s", cmd, timeout);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
