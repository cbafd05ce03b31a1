package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Whatever a command throws ends in one sentence and an exit code; the trace only with --debug. */
class TopLevelFailuresTest {
    record Run(int exit, String out, String err) {}

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        static Throwable failure;

        @Override
        public Integer call() throws Exception {
            if (failure instanceof Error e) {
                throw e;
            }
            throw (Exception) failure;
        }
    }

    private static Run run(Throwable failure, String... args) {
        Boom.failure = failure;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader("")));
        cl.addSubcommand(new Boom());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void aStackOverflowIsBadInputInOneSentenceWithoutATrace() {
        Run r = run(new StackOverflowError(), "boom");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("zeofreeze: ")
                .contains("nested too deeply")
                .doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void runningOutOfMemoryIsBadInputInOneSentence() {
        Run r = run(new OutOfMemoryError("Java heap space"), "boom");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("out of memory").doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void anUnexpectedRuntimeExceptionIsNotDoneAndHidesJavasOwnText() {
        Run r = run(new NullPointerException("Cannot invoke \"Object.toString()\" because \"x\" is null"), "boom");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("internal error").doesNotContain("Cannot invoke", "\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void anyOtherErrorIsNotDoneInOneSentence() {
        Run r = run(new AssertionError("x"), "boom");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aCheckedExceptionShowsItsMessage() {
        Run r = run(new IOException("cannot read /x: permission denied"), "boom");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("zeofreeze: cannot read /x: permission denied");
    }

    @Test
    void debugShowsTheTraceBeforeOrAfterTheCommand() {
        for (String[] args : new String[][] {{"--debug", "boom"}, {"boom", "--debug"}}) {
            Run r = run(new StackOverflowError(), args);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("nested too deeply", "java.lang.StackOverflowError", "\tat ");
        }
    }

    @Test
    void aFailedReadOrWriteSaysWhatFailed() {
        Run r = run(
                new UncheckedIOException(
                        "cannot write the journal /j.json: No space left on device",
                        new IOException("No space left on device")),
                "boom");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("zeofreeze: cannot write the journal /j.json: No space left on device");
    }
}
