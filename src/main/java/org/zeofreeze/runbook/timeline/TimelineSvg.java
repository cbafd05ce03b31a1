package org.zeofreeze.runbook.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.zeofreeze.format.Units;

/**
 * A timeline as a standalone SVG: no script, no external file, so it can sit inline in the HTML
 * report or on its own in a file. Each lane is a {@code <g class="lane">} with its label and one
 * {@code <rect class="interval STATE">} per interval; each bar a {@code <g class="bar">} with one
 * rect; failed requests are lines in a row of their own; then the axis in seconds and the legend.
 * Every rect has a {@code <title>} (a browser shows it on hover).
 */
public final class TimelineSvg {
    static final int WIDTH = 960;
    static final int LABEL = 170;
    static final int RIGHT = 24;
    static final int ROW = 22;
    static final int GAP = 6;
    static final int TOP = 34;

    private TimelineSvg() {}

    public static String render(Timeline t) {
        double span = Math.max(t.length().toNanos() / 1e9, 0.001);
        double plot = WIDTH - LABEL - RIGHT;
        StringBuilder b = new StringBuilder();
        int rows = t.lanes().size() + t.bars().size() + (t.failedRequests().isEmpty() ? 0 : 1);
        int axisY = TOP + rows * (ROW + GAP) + 4;
        b.append("<title>").append(esc(t.verdict())).append("</title>\n");
        b.append("<text class=\"verdict\" x=\"0\" y=\"18\" font-size=\"14\" font-weight=\"bold\" fill=\"")
                .append(t.siteWentDown() ? LaneState.DOWN.colour() : "#1f2328")
                .append("\">")
                .append(esc(t.verdict()))
                .append("</text>\n");
        int y = TOP;
        for (Lane lane : t.lanes()) {
            b.append("<g class=\"lane ")
                    .append(lane.kind().name().toLowerCase(Locale.ROOT))
                    .append("\">");
            label(b, lane.label(), y, lane.kind() == Lane.Kind.SITE);
            for (Interval i : lane.intervals()) {
                rect(
                        b,
                        "interval " + i.state().text(),
                        x(t, i.from(), span, plot),
                        y,
                        width(t, i.from(), i.to(), span, plot),
                        i.state().colour(),
                        null,
                        lane.label() + ": " + i.state().text() + " " + Units.duration(i.duration()) + " ("
                                + at(t, i.from()) + "–" + at(t, i.to()) + ")");
            }
            b.append("</g>\n");
            y += ROW + GAP;
        }
        for (Bar bar : t.bars()) {
            boolean open = bar.open();
            String kind = bar instanceof Bar.Maintenance ? "maintenance" : "read-only";
            b.append("<g class=\"bar ").append(kind).append("\">");
            label(b, bar.rowLabel(), y, false);
            rect(
                    b,
                    "window " + kind,
                    x(t, bar.from(), span, plot),
                    y + 3,
                    width(t, bar.from(), bar.to(), span, plot),
                    bar.colour(),
                    open ? "4 3" : null,
                    describe(t, bar));
            b.append("</g>\n");
            y += ROW + GAP;
        }
        if (!t.failedRequests().isEmpty()) {
            b.append("<g class=\"failures\">");
            label(
                    b,
                    t.failedRequests().size() + " failed request"
                            + (t.failedRequests().size() == 1 ? "" : "s"),
                    y,
                    false);
            for (Instant f : t.failedRequests()) {
                double fx = x(t, f, span, plot);
                b.append("<line class=\"failure\" x1=\"")
                        .append(num(fx))
                        .append("\" x2=\"")
                        .append(num(fx))
                        .append("\" y1=\"")
                        .append(y)
                        .append("\" y2=\"")
                        .append(y + ROW)
                        .append("\" stroke=\"")
                        .append(LaneState.DOWN.colour())
                        .append("\" stroke-width=\"1.5\"><title>failed at ")
                        .append(at(t, f))
                        .append("</title></line>");
            }
            b.append("</g>\n");
        }
        axis(b, span, plot, axisY);
        int bottom = legend(b, t, axisY + 44);
        int height = bottom + 10;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"" + WIDTH + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + WIDTH + " " + height
                + "\" font-family=\"system-ui, sans-serif\" font-size=\"12\" "
                + "role=\"img\">\n" + b + "</svg>\n";
    }

    private static String describe(Timeline t, Bar bar) {
        String during = Units.duration(Duration.between(bar.from(), bar.to())) + " (" + at(t, bar.from()) + "–"
                + at(t, bar.to()) + ")";
        if (bar instanceof Bar.Maintenance m) {
            return "maintenance window " + during + (m.closed() ? "" : ", still on at the end");
        }
        if (bar instanceof Bar.Moved m) {
            return m.storage() + " read-only " + during
                    + (m.writable() ? " until writable at the new server" : ", not writable at the new server");
        }
        Bar.ReadOnly r = (Bar.ReadOnly) bar;
        return r.storage() + " read-only " + during
                + (r.verified() ? " until its copy was verified" : ", copy not verified");
    }

    private static void label(StringBuilder b, String text, int y, boolean bold) {
        b.append("<text class=\"label\" x=\"0\" y=\"")
                .append(y + ROW / 2 + 4)
                .append('"')
                .append(bold ? " font-weight=\"bold\"" : "")
                .append(" fill=\"#1f2328\">")
                .append(esc(text))
                .append("</text>");
    }

    private static void rect(
            StringBuilder b, String cls, double x, int y, double w, String colour, String dash, String title) {
        int h = cls.startsWith("window") ? ROW - 6 : ROW;
        b.append("<rect class=\"")
                .append(cls)
                .append("\" x=\"")
                .append(num(x))
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(num(w))
                .append("\" height=\"")
                .append(h)
                .append("\" fill=\"")
                .append(colour)
                .append('"');
        if (dash != null) {
            b.append(" fill-opacity=\"0.45\" stroke=\"")
                    .append(colour)
                    .append("\" stroke-dasharray=\"")
                    .append(dash)
                    .append('"');
        }
        b.append("><title>").append(esc(title)).append("</title></rect>");
    }

    private static void axis(StringBuilder b, double span, double plot, int y) {
        double step = Timeline.tickStep(span);
        b.append("<g class=\"axis\" fill=\"#57606a\" stroke=\"#57606a\">");
        b.append("<line x1=\"")
                .append(LABEL)
                .append("\" x2=\"")
                .append(num(LABEL + plot))
                .append("\" y1=\"")
                .append(y)
                .append("\" y2=\"")
                .append(y)
                .append("\"/>");
        for (double s = 0; s <= span + 1e-9; s += step) {
            double x = LABEL + s / span * plot;
            b.append("<line x1=\"")
                    .append(num(x))
                    .append("\" x2=\"")
                    .append(num(x))
                    .append("\" y1=\"")
                    .append(y)
                    .append("\" y2=\"")
                    .append(y + 5)
                    .append("\"/>");
            b.append("<text class=\"tick\" stroke=\"none\" text-anchor=\"middle\" x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(y + 18)
                    .append("\">")
                    .append(tick(s, step))
                    .append("</text>");
        }
        b.append("</g>\n");
    }

    private record Key(String colour, boolean open, String text) {}

    /**
     * The states, then only the kinds of window the run had, as the wizard's legend shows
     * them, wrapped to the width; returns the baseline of its last line.
     */
    private static int legend(StringBuilder b, Timeline t, int y) {
        List<Key> keys = new ArrayList<>();
        for (LaneState s : t.legendStates()) {
            keys.add(new Key(s.colour(), false, s.text()));
        }
        List<Bar> bars = t.bars();
        if (bars.stream().anyMatch(Bar.Maintenance.class::isInstance)) {
            keys.add(new Key(Bar.MAINTENANCE_COLOUR, false, "maintenance window"));
        }
        if (bars.stream().anyMatch(bar -> bar instanceof Bar.Maintenance m && !m.closed())) {
            keys.add(new Key(Bar.MAINTENANCE_COLOUR, true, "maintenance still on at the end"));
        }
        if (bars.stream().anyMatch(bar -> bar instanceof Bar.ReadOnly r && r.verified())) {
            keys.add(new Key(Bar.READ_ONLY_COLOUR, false, "read-only until its copy was verified"));
        }
        if (bars.stream().anyMatch(bar -> bar instanceof Bar.ReadOnly r && !r.verified())) {
            keys.add(new Key(Bar.READ_ONLY_COLOUR, true, "read-only, copy not verified"));
        }
        if (bars.stream().anyMatch(bar -> bar instanceof Bar.Moved m && m.writable())) {
            keys.add(new Key(Bar.READ_ONLY_COLOUR, false, "read-only until writable at the new server"));
        }
        if (bars.stream().anyMatch(bar -> bar instanceof Bar.Moved m && !m.writable())) {
            keys.add(new Key(Bar.READ_ONLY_COLOUR, true, "read-only, not writable at the new server"));
        }
        if (!t.failedRequests().isEmpty()) {
            keys.add(new Key(LaneState.DOWN.colour(), false, "failed request"));
        }
        b.append("<g class=\"legend\">");
        int x = 0;
        for (Key k : keys) {
            if (x > 0 && x + keyWidth(k.text()) > WIDTH) {
                x = 0;
                y += 20;
            }
            x = swatch(b, x, y, k.colour(), k.open(), k.text());
        }
        b.append("</g>\n");
        return y;
    }

    /** About the width a 12 px sans-serif text takes, with its swatch and the space after it. */
    private static int keyWidth(String text) {
        return 16 + text.length() * 13 / 2 + 18;
    }

    private static int swatch(StringBuilder b, int x, int y, String colour, boolean open, String text) {
        b.append("<rect class=\"swatch\" x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y - 10)
                .append("\" width=\"12\" height=\"12\" fill=\"")
                .append(colour)
                .append('"');
        if (open) {
            b.append(" fill-opacity=\"0.45\" stroke=\"").append(colour).append("\" stroke-dasharray=\"3 2\"");
        }
        b.append("/><text x=\"")
                .append(x + 16)
                .append("\" y=\"")
                .append(y)
                .append("\" fill=\"#1f2328\">")
                .append(esc(text))
                .append("</text>");
        return x + keyWidth(text);
    }

    private static String tick(double s, double step) {
        return (step < 1 ? String.format(Locale.ROOT, "%.1f", s) : String.format(Locale.ROOT, "%.0f", s)) + " s";
    }

    private static String at(Timeline t, Instant i) {
        return String.format(Locale.ROOT, "%.1f s", t.seconds(i));
    }

    private static double x(Timeline t, Instant at, double span, double plot) {
        return LABEL + Math.max(0, Math.min(span, t.seconds(at))) / span * plot;
    }

    private static double width(Timeline t, Instant from, Instant to, double span, double plot) {
        return Math.max(x(t, to, span, plot) - x(t, from, span, plot), 0.5); // a blink is still seen
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
