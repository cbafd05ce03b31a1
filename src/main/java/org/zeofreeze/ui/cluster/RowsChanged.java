package org.zeofreeze.ui.cluster;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/** Rebuilds a form's lines when rows come, go or move, not on every keystroke in a row. */
final class RowsChanged {
    private RowsChanged() {}

    static <T> void rebuild(ObservableList<T> rows, Runnable fill) {
        rows.addListener((ListChangeListener<T>) c -> {
            boolean structural = false;
            while (c.next()) {
                structural |= c.wasAdded() || c.wasRemoved() || c.wasPermutated();
            }
            if (structural) {
                fill.run();
            }
        });
        fill.run();
    }
}
