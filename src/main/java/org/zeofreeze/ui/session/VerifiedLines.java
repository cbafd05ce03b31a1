package org.zeofreeze.ui.session;

import java.util.List;
import javafx.scene.control.Label;

/**
 * The lines of a run's outcome as checked from outside ({@code verified: …}, {@code NOT verified:
 * …}), as the Run and Done pages list them and the summary counts them.
 */
public final class VerifiedLines {
    private VerifiedLines() {}

    /** Whether the line says a check failed: the run writes such a line starting with NOT. */
    public static boolean failed(String line) {
        return line.startsWith("NOT");
    }

    /** One wrapped label a line, styled as an error where the check failed. */
    public static List<Label> labels(List<String> lines) {
        return lines.stream()
                .map(line -> {
                    Label l = new Label(line);
                    l.setWrapText(true);
                    l.getStyleClass().add(failed(line) ? "error-text" : "ok-text");
                    return l;
                })
                .toList();
    }
}
