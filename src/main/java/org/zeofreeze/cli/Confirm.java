package org.zeofreeze.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/** A yes/no question on the terminal; anything but yes is no, and so is the end of input. */
final class Confirm {
    private Confirm() {}

    static boolean ask(BufferedReader in, PrintWriter out, String question) throws IOException {
        out.print(question + " [y/N] ");
        out.flush();
        String answer = in.readLine();
        return answer != null
                && (answer.strip().toLowerCase(Locale.ROOT).equals("y")
                        || answer.strip().toLowerCase(Locale.ROOT).equals("yes"));
    }

    /** The last confirmation before maintenance: the person types the cluster's name. */
    static boolean askName(BufferedReader in, PrintWriter out, String name) throws IOException {
        return askName(
                in, out, name, "The site goes into maintenance and every client and the ZEO server are restarted.");
    }

    /** As {@link #askName(BufferedReader, PrintWriter, String)}, saying first what will happen. */
    static boolean askName(BufferedReader in, PrintWriter out, String name, String whatHappens) throws IOException {
        out.print(whatHappens + " Type the cluster's name (" + name + ") to go on: ");
        out.flush();
        String answer = in.readLine();
        return answer != null && answer.strip().equals(name);
    }
}
