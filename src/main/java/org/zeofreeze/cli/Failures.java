package org.zeofreeze.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The last line of defence: whatever escapes a command (an {@link Error} as well as an exception
 * nobody expected) ends in one sentence and an exit code, never in a Java stack trace, unless the
 * person asked for it with {@code --debug}.
 */
final class Failures {
    private Failures() {}

    /** Runs the command the way picocli would, turning anything thrown into a message and an exit code. */
    static CommandLine.IExecutionStrategy guarded(ZeoFreezeCommand top) {
        CommandLine.IExecutionStrategy inner = new CommandLine.RunLast();
        return parseResult -> {
            try {
                return inner.execute(parseResult);
            } catch (CommandLine.ExecutionException e) {
                return report(
                        e.getCause() == null ? e : e.getCause(),
                        e.getCommandLine().getErr(),
                        top.debug);
            } catch (CommandLine.ParameterException e) {
                throw e; // picocli prints these with the usage, as for any other bad option
            } catch (RuntimeException | Error e) {
                return report(e, parseResult.commandSpec().commandLine().getErr(), top.debug);
            }
        };
    }

    /** One sentence for {@code failure} on {@code err}; the trace too with {@code debug}. */
    static int report(Throwable failure, PrintWriter err, boolean debug) {
        boolean unexpected = failure instanceof Error
                || failure instanceof RuntimeException && !(failure instanceof UncheckedIOException);
        err.println("zeofreeze: " + sentence(failure)
                + (unexpected && !debug ? " Run again with --debug to see where." : ""));
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCode(failure);
    }

    static String sentence(Throwable failure) {
        if (failure instanceof StackOverflowError) {
            return "stopped: what was read is nested too deeply to handle; nothing more was done.";
        }
        if (failure instanceof OutOfMemoryError) {
            return "stopped: out of memory, most likely a file that is far too large was read; nothing more was done.";
        }
        if (failure instanceof UncheckedIOException && failure.getMessage() != null) {
            return failure.getMessage(); // an input or output failure, told in ZeoFreeze's words
        }
        if (failure instanceof Error || failure instanceof RuntimeException) {
            // the message of an unexpected exception is Java's own text, meaningless to the reader
            return "stopped by an internal error (" + failure.getClass().getSimpleName() + "); nothing more was done.";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank()
                ? "stopped: " + failure.getClass().getSimpleName() + "."
                : message;
    }

    /** Exhausted memory or stack comes from what was read (a huge or deeply nested file): bad input. */
    static int exitCode(Throwable failure) {
        return failure instanceof StackOverflowError || failure instanceof OutOfMemoryError
                ? ZeoFreezeCommand.BAD_INPUT
                : ZeoFreezeCommand.NOT_DONE;
    }
}
