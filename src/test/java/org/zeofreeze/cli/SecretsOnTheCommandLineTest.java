package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.PasswordBuildout;
import picocli.CommandLine;

/** A <zeoclient> password never shows where a person reads; a patch that must apply keeps it, privately. */
class SecretsOnTheCommandLineTest {
    private static final String DEFINED = PasswordBuildout.DEFINED;
    private static final String LITERAL = PasswordBuildout.LITERAL;

    @TempDir
    Path dir;

    Path buildout;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader("")));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @BeforeEach
    void buildoutWithPasswords() throws Exception {
        buildout = PasswordBuildout.copyTo(dir.resolve("b"));
    }

    @Test
    void planTextAndJsonMaskThePassword() {
        Run text = run("plan", "-b", buildout.toString());
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains(" password ********").doesNotContain(DEFINED, LITERAL);

        Run json = run("plan", "-b", buildout.toString(), "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("password ********").doesNotContain(DEFINED, LITERAL);
    }

    @Test
    void applyShowsThePatchMaskedAndWritesTheRealFiles() throws Exception {
        Run apply = run("apply", "-b", buildout.toString(), "--config-only", "--yes");
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out() + apply.err()).doesNotContain(DEFINED, LITERAL).contains("password ********");
        assertThat(Files.readString(buildout.resolve("parts/client2/etc/zope.conf")))
                .contains("password " + LITERAL);
    }

    @Test
    void patchOnTheTerminalIsMaskedAndSaysHowToGetOneThatApplies() {
        Run r = run("plan", "-b", buildout.toString(), "--patch");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("+++ b/parts/client2/etc/zope.conf", "password ********")
                .doesNotContain(DEFINED, LITERAL);
        assertThat(r.err()).contains("--patch-file", "--reveal-secrets");

        Run revealed = run("plan", "-b", buildout.toString(), "--patch", "--reveal-secrets");
        assertThat(revealed.out()).contains("password " + LITERAL);
    }

    @Test
    void aPatchFileHoldsTheRealLinesIsPrivateAndApplies() throws Exception {
        Path patch = dir.resolve("freeze.patch");
        Files.writeString(patch, "old, world-readable\n");
        Files.setPosixFilePermissions(patch, PosixFilePermissions.fromString("rw-r--r--"));

        Run r = run("plan", "-b", buildout.toString(), "--patch-file", patch.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(patch.toString(), "mode 0600", "secret").doesNotContain(DEFINED, LITERAL);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(patch)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(patch)).contains("password " + LITERAL).doesNotContain("********");
        Process p = new ProcessBuilder("patch", "-p1", "-i", patch.toString())
                .directory(buildout.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(run("plan", "-b", buildout.toString()).out()).contains("Freeze: no storage needs it.");
    }

    @Test
    void theRunLogMasksTheSecretsOfTheRunsFiles() throws Exception {
        Plan plan = Engines.plan(buildout, Selection.freeze());
        StringWriter log = new StringWriter();
        EventPrinter printer = new EventPrinter(new PrintWriter(log, true), Secrets.of(plan));
        Instant now = Instant.now();
        printer.on(new RunEvent.Log(
                now, "apply", "local", RunEvent.Level.ERROR, "zope.conf line 44: password " + LITERAL + " refused"));
        printer.on(new RunEvent.Log(
                now, "start", "local", RunEvent.Level.WARNING, "client1 said: cannot authenticate with " + DEFINED));
        assertThat(log.toString())
                .contains("password ******** refused", "authenticate with ********")
                .doesNotContain(DEFINED, LITERAL);
    }
}
