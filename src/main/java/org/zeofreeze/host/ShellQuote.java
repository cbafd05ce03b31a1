package org.zeofreeze.host;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Quotes arguments for a POSIX shell, so that a command line sent over SSH (which always goes
 * through the remote user's shell) reaches the program as exactly the arguments it was built from.
 */
public final class ShellQuote {
    // Characters no POSIX shell treats specially; anything else is put in single quotes.
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {}

    /** One argument as a shell word: left as is when it is plain, otherwise single-quoted. */
    public static String quote(String argument) {
        if (PLAIN.matcher(argument).matches()) {
            return argument;
        }
        // Inside single quotes nothing is special except the closing quote itself, which is
        // written as: end quote, a double-quoted ', reopen quote.
        return "'" + argument.replace("'", "'\"'\"'") + "'";
    }

    /** A whole command line: every argument quoted, separated by single spaces. */
    public static String join(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program name");
        }
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
