package org.zeofreeze.ui.run;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.zeofreeze.runbook.event.RunEvent;

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

    void update(RunEvent.Progress p) {
        fraction.set(p.fraction());
        text.set(describe(p));
    }

    /** "1.2 GiB of 3.4 GiB · 45 MiB/s · 2 min 10 s left" */
    public static String describe(RunEvent.Progress p) {
        return RunProjection.describe(p);
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
