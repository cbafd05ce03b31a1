package org.zeofreeze.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/** A yes/no question on the terminal; anything but yes is no, and so is the end of input. */
final class Confirm {
    private Confirm() {
    }

    static boolean ask(BufferedReader in, PrintWriter out, String question) throws IOException {
        out.print(question + " [y/N] ");
        out.flush();
        String answer = in.readLine();
        return answer != null && (answer.strip().toLowerCase(Locale.ROOT).equals("y")
                || answer.strip().toLowerCase(Locale.ROOT).equals("yes"));
    }
}
