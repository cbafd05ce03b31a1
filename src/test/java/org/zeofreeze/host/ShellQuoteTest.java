package org.zeofreeze.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {
    private static final List<String> NASTY = List.of(
            "plain",
            "with space",
            "it's",
            "say \"hi\"",
            "$HOME",
            "${PATH}",
            "`id`",
            "$(id)",
            "a;rm -rf /",
            "*",
            "?",
            "[a]",
            "two\nlines",
            "",
            "tab\there",
            "back\\slash",
            "Zürich — ünïcødé ✓",
            "~",
            "#not a comment",
            "a|b&c>d<e",
            "!event",
            "'",
            "''",
            "-n",
            "--",
            "x=y",
            "\r");

    @Test
    void plainWordsAreLeftAlone() {
        assertThat(ShellQuote.quote("/usr/local/Plone/zeocluster/bin/client1"))
                .isEqualTo("/usr/local/Plone/zeocluster/bin/client1");
        assertThat(ShellQuote.quote("--info=progress2")).isEqualTo("--info=progress2");
    }

    @Test
    void anythingElseIsSingleQuotedWithQuotesEscaped() {
        assertThat(ShellQuote.quote("with space")).isEqualTo("'with space'");
        assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\"'\"'s'");
        assertThat(ShellQuote.quote("$HOME")).isEqualTo("'$HOME'");
        assertThat(ShellQuote.quote("")).isEqualTo("''");
        assertThat(ShellQuote.quote("two\nlines")).isEqualTo("'two\nlines'");
        assertThat(ShellQuote.quote("Zürich")).isEqualTo("'Zürich'");
    }

    @Test
    void joinQuotesEveryArgument() {
        assertThat(ShellQuote.join(List.of("ls", "-l", "my dir"))).isEqualTo("ls -l 'my dir'");
        assertThatThrownBy(() -> ShellQuote.join(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRealShellHandsTheProgramExactlyTheArguments() throws Exception {
        for (String shell : List.of("/bin/sh", "/bin/bash")) {
            List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
            argv.addAll(NASTY);
            assertThat(argumentsSeenBy(shell, ShellQuote.join(argv))).as(shell).isEqualTo(NASTY);
        }
    }

    @Test
    void eachArgumentAloneSurvivesTheShell() throws Exception {
        for (String arg : NASTY) {
            assertThat(argumentsSeenBy("/bin/sh", ShellQuote.join(List.of("printf", "%s\\0", arg))))
                    .as("argument %s", arg)
                    .containsExactly(arg);
        }
    }

    /** Runs the command line through the shell as sshd would ({@code shell -c line}). */
    private static List<String> argumentsSeenBy(String shell, String commandLine)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(shell, "-c", commandLine)
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\0");
        return Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
    }
}
