package org.zeofreeze.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** The figures of a benchmark run, printed as a Markdown table (so it can go into the README as is). */
final class ResultTable {
    record Row(String benchmark, String what, String value, String spread, String runs, String target) {}

    private final List<Row> rows = new ArrayList<>();

    /** A row whose figure is not one series of samples (a pair of figures, a load average, a ratio). */
    synchronized void add(String benchmark, String what, String value, int runs, String target) {
        add(benchmark, what, value, "", runs, target);
    }

    /**
     * A row of one measured series: its median, and its spread as the lowest and highest value, each
     * written by {@code unit} (e.g. {@link #seconds(double)}).
     */
    synchronized void add(String benchmark, String what, Samples samples, DoubleFunction<String> unit, String target) {
        add(
                benchmark,
                what,
                unit.apply(samples.median()),
                unit.apply(samples.min()) + " – " + unit.apply(samples.max()),
                samples.count(),
                target);
    }

    synchronized void add(String benchmark, String what, String value, String spread, int runs, String target) {
        rows.add(new Row(benchmark, what, value, spread, runs <= 0 ? "" : Integer.toString(runs), target));
        System.err.println(
                "bench: " + benchmark + " | " + what + " | " + value + (target.isEmpty() ? "" : " | " + target));
    }

    synchronized void print(PrintStream out) {
        out.println("| Benchmark | Measured | Median | Spread (min – max) | Runs | Target |");
        out.println("| --- | --- | ---: | ---: | ---: | --- |");
        for (Row r : rows) {
            out.println("| " + r.benchmark() + " | " + r.what() + " | " + r.value() + " | " + r.spread() + " | "
                    + r.runs() + " | " + r.target() + " |");
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
