package org.zeofreeze.ui.done;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.zeofreeze.runbook.timeline.Bar;
import org.zeofreeze.runbook.timeline.Interval;
import org.zeofreeze.runbook.timeline.Lane;
import org.zeofreeze.runbook.timeline.LaneState;
import org.zeofreeze.runbook.timeline.Timeline;

/**
 * The run as a picture on the Done page: the verdict (did the site ever go down), a canvas with a
 * labelled lane per part and a bar per window over an axis in seconds, and the legend. The canvas
 * follows the page's width; drawing a few hundred rectangles is all it does on the FX thread.
 */
final class TimelineView extends VBox {
    static final double ROW = 20;
    static final double GAP = 6;
    static final double AXIS = 26;
    private static final double MIN_LABEL = 110;
    private static final double RIGHT = 24; // room for the last tick's label
    private static final Font FONT = Font.font(12);
    private static final Font BOLD = Font.font(null, FontWeight.BOLD, 12);
    private static final Color TEXT = Color.web("#1f2328");
    private static final Color MUTED = Color.web("#57606a");

    private final Label verdict = new Label();
    private final Canvas canvas = new Canvas();
    private final FlowPane legend = new FlowPane(14, 4);
    private Timeline timeline;

    TimelineView(ObservableValue<Timeline> source) {
        super(8);
        setId("done-timeline");
        verdict.setId("timeline-verdict");
        verdict.setWrapText(true);
        canvas.setId("timeline-canvas");
        legend.setId("timeline-legend");
        Pane holder = new Pane(canvas);
        holder.setMinWidth(0);
        // The canvas takes the width it is given, not the other way round.
        holder.widthProperty().addListener((o, a, w) -> draw(w.doubleValue()));
        getChildren().addAll(verdict, holder, legend);
        source.addListener((o, a, t) -> show(t, holder));
        show(source.getValue(), holder);
    }

    private void show(Timeline t, Pane holder) {
        timeline = t;
        boolean any = t != null;
        setVisible(any);
        setManaged(any);
        if (!any) {
            return;
        }
        verdict.setText(t.verdict());
        verdict.setTextFill(t.siteWentDown() ? Color.web(LaneState.DOWN.colour()) : TEXT);
        verdict.setFont(BOLD);
        double height = rows(t) * (ROW + GAP) + AXIS;
        holder.setPrefHeight(height);
        holder.setMinHeight(height);
        canvas.setHeight(height);
        legend.getChildren().setAll(legendItems(t));
        draw(holder.getWidth());
    }

    static int rows(Timeline t) {
        return t.lanes().size() + t.bars().size() + (t.failedRequests().isEmpty() ? 0 : 1);
    }

    /** One item per colour drawn: the states, then the windows the run had. */
    private static List<HBox> legendItems(Timeline t) {
        List<HBox> items = new ArrayList<>();
        for (LaneState s : t.legendStates()) {
            items.add(item(s.text(), s.colour(), "legend-" + s.text()));
        }
        if (t.bars().stream().anyMatch(Bar.Maintenance.class::isInstance)) {
            items.add(item("maintenance window", Bar.MAINTENANCE_COLOUR, "legend-maintenance"));
        }
        if (t.bars().stream().anyMatch(b -> b instanceof Bar.Maintenance m && !m.closed())) {
            items.add(openItem("maintenance still on at the end", Bar.MAINTENANCE_COLOUR, "legend-maintenance-open"));
        }
        if (t.bars().stream().anyMatch(b -> b instanceof Bar.ReadOnly r && r.verified())) {
            items.add(item("read-only until its copy was verified", Bar.READ_ONLY_COLOUR, "legend-read-only"));
        }
        if (t.bars().stream().anyMatch(b -> b instanceof Bar.ReadOnly r && !r.verified())) {
            items.add(openItem("read-only, copy not verified", Bar.READ_ONLY_COLOUR, "legend-not-verified"));
        }
        if (t.bars().stream().anyMatch(b -> b instanceof Bar.Moved m && m.writable())) {
            items.add(item("read-only until writable at the new server", Bar.READ_ONLY_COLOUR, "legend-moved"));
        }
        if (t.bars().stream().anyMatch(b -> b instanceof Bar.Moved m && !m.writable())) {
            items.add(openItem("read-only, not writable at the new server", Bar.READ_ONLY_COLOUR, "legend-not-moved"));
        }
        if (!t.failedRequests().isEmpty()) {
            items.add(item("failed request", LaneState.DOWN.colour(), "legend-failed"));
        }
        return items;
    }

    /** An open window's swatch: lighter, with a dashed edge, as the canvas draws it. */
    private static HBox openItem(String text, String colour, String id) {
        HBox box = item(text, colour, id);
        Rectangle swatch = (Rectangle) box.getChildren().get(0);
        swatch.setFill(Color.web(colour, 0.45));
        swatch.setStroke(Color.web(colour));
        swatch.getStrokeDashArray().setAll(3.0, 2.0);
        return box;
    }

    private static HBox item(String text, String colour, String id) {
        Rectangle swatch = new Rectangle(12, 12, Color.web(colour));
        Label label = new Label(text);
        label.getStyleClass().add("node-detail");
        HBox box = new HBox(5, swatch, label);
        box.setId(id);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** The labels' column: as wide as the longest label, within reason. */
    private static double labelWidth(Timeline t, double width) {
        Text probe = new Text();
        probe.setFont(BOLD);
        double widest = MIN_LABEL;
        for (String label : labels(t)) {
            probe.setText(label);
            widest = Math.max(widest, probe.getLayoutBounds().getWidth() + 12);
        }
        return Math.min(widest, Math.max(MIN_LABEL, width * 0.4));
    }

    private static List<String> labels(Timeline t) {
        List<String> out = new ArrayList<>(t.lanes().stream().map(Lane::label).toList());
        t.bars().forEach(b -> out.add(barLabel(b)));
        if (!t.failedRequests().isEmpty()) {
            out.add(failedLabel(t));
        }
        return out;
    }

    private static String barLabel(Bar b) {
        return b.rowLabel();
    }

    private static String failedLabel(Timeline t) {
        int n = t.failedRequests().size();
        return n + " failed request" + (n == 1 ? "" : "s");
    }

    private void draw(double width) {
        if (timeline == null || width <= 0) {
            return;
        }
        Timeline t = timeline;
        canvas.setWidth(width);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        double left = labelWidth(t, width);
        double plot = Math.max(1, width - left - RIGHT);
        double span = Math.max(t.length().toNanos() / 1e9, 0.001);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        double y = 0;
        for (Lane lane : t.lanes()) {
            label(g, lane.label(), y, left, lane.kind() == Lane.Kind.SITE);
            for (Interval i : lane.intervals()) {
                fill(
                        g,
                        i.state().colour(),
                        x(t, i.from(), span, left, plot),
                        y,
                        w(t, i.from(), i.to(), span, plot),
                        ROW);
            }
            y += ROW + GAP;
        }
        for (Bar bar : t.bars()) {
            label(g, barLabel(bar), y, left, false);
            double bx = x(t, bar.from(), span, left, plot);
            double bw = w(t, bar.from(), bar.to(), span, plot);
            boolean open = bar.open();
            if (open) {
                // Still read-only (or still in maintenance) at the end: lighter, with a dashed edge.
                g.setGlobalAlpha(0.45);
                fill(g, bar.colour(), bx, y + 3, bw, ROW - 6);
                g.setGlobalAlpha(1);
                g.setStroke(Color.web(bar.colour()));
                g.setLineDashes(4, 3);
                g.strokeRect(bx + 0.5, y + 3.5, Math.max(bw - 1, 0), ROW - 7);
                g.setLineDashes();
            } else {
                fill(g, bar.colour(), bx, y + 3, bw, ROW - 6);
            }
            y += ROW + GAP;
        }
        if (!t.failedRequests().isEmpty()) {
            label(g, failedLabel(t), y, left, false);
            g.setStroke(Color.web(LaneState.DOWN.colour()));
            g.setLineWidth(1.5);
            for (Instant f : t.failedRequests()) {
                double fx = x(t, f, span, left, plot);
                g.strokeLine(fx, y, fx, y + ROW);
            }
            g.setLineWidth(1);
            y += ROW + GAP;
        }
        axis(g, span, left, plot, y);
    }

    private static void label(GraphicsContext g, String text, double y, double left, boolean bold) {
        g.setFont(bold ? BOLD : FONT);
        g.setFill(TEXT);
        g.fillText(text, 0, y + ROW / 2, left - 8);
    }

    private static void fill(GraphicsContext g, String colour, double x, double y, double w, double h) {
        g.setFill(Color.web(colour));
        g.fillRect(x, y, w, h);
    }

    private static void axis(GraphicsContext g, double span, double left, double plot, double y) {
        double step = Timeline.tickStep(span);
        g.setStroke(MUTED);
        g.setFill(MUTED);
        g.setFont(FONT);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.strokeLine(left, y + 0.5, left + plot, y + 0.5);
        for (double s = 0; s <= span + 1e-9; s += step) {
            double x = Math.round(left + s / span * plot) + 0.5;
            g.strokeLine(x, y, x, y + 5);
            g.fillText(
                    (step < 1 ? String.format(Locale.ROOT, "%.1f", s) : String.format(Locale.ROOT, "%.0f", s)) + " s",
                    x,
                    y + 7);
        }
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
    }

    private static double x(Timeline t, Instant at, double span, double left, double plot) {
        return left + Math.max(0, Math.min(span, t.seconds(at))) / span * plot;
    }

    private static double w(Timeline t, Instant from, Instant to, double span, double plot) {
        return Math.max(
                (Math.max(0, Math.min(span, t.seconds(to))) - Math.max(0, Math.min(span, t.seconds(from))))
                        / span
                        * plot,
                1); // a blink is still seen
    }
}
