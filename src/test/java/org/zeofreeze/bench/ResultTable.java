package org.zeofreeze.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a benchmark run, printed as a Markdown table (so it can go into the README as is). */
final class ResultTable {
    record Row(String benchmark, String what, String value, String runs, String target) {}

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(String benchmark, String what, String value, int runs, String target) {
        rows.add(new Row(benchmark, what, value, runs <= 0 ? "" : Integer.toString(runs), target));
        System.err.println(
                "bench: " + benchmark + " | " + what + " | " + value + (target.isEmpty() ? "" : " | " + target));
    }

    synchronized void print(PrintStream out) {
        out.println("| Benchmark | Measured | Median | Runs | Target |");
        out.println("| --- | --- | ---: | ---: | --- |");
        for (Row r : rows) {
            out.println("| " + r.benchmark() + " | " + r.what() + " | " + r.value() + " | " + r.runs() + " | "
                    + r.target() + " |");
        }
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String bytes(double b) {
        if (b >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", b / 1024 / 1024);
        }
        if (b >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024);
        }
        return String.format(Locale.ROOT, "%.0f B", b);
    }

    /** "met (1.04 × floor ≤ 1.2)" or "missed (...)". */
    static String verdict(boolean met, String detail) {
        return (met ? "met: " : "**missed**: ") + detail;
    }
}
