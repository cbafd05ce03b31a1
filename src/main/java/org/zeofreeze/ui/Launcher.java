package org.zeofreeze.ui;

import javafx.application.Application;

/**
 * The main class. A plain class, not an {@code Application}, so the jar starts with JavaFX on the
 * class path as well as on the module path.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }
}
