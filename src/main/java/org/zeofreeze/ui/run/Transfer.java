package org.zeofreeze.ui.run;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.format.Units;

/** One file being copied: its progress bar's fraction and the line under it (bytes, rate, time left). */
public final class Transfer {
    private final String key;
    private final String title;
    private final DoubleProperty fraction = new SimpleDoubleProperty();
    private final StringProperty text = new SimpleStringProperty("");

    Transfer(String key, String title) {
        this.key = key;
        this.title = title;
    }

    static String keyOf(RunEvent.Progress p) {
        return p.step() + "|" + p.host() + "|" + p.item();
    }

    void update(RunEvent.Progress p) {
        fraction.set(p.fraction());
        text.set(describe(p));
    }

    /** "1.2 GiB of 3.4 GiB · 45 MiB/s · 2 min 10 s left" */
    public static String describe(RunEvent.Progress p) {
        StringBuilder s = new StringBuilder(Units.bytes(p.done()));
        if (p.total() > 0) {
            s.append(" of ").append(Units.bytes(p.total()));
        }
        if (p.bytesPerSecond() > 0) {
            s.append(" · ").append(Units.rate(p.bytesPerSecond()));
        }
        if (p.eta() != null && p.done() < p.total()) {
            s.append(" · ").append(Units.duration(p.eta())).append(" left");
        }
        return s.toString();
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    public DoubleProperty fractionProperty() {
        return fraction;
    }

    public StringProperty textProperty() {
        return text;
    }
}
