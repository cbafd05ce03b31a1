package org.zeofreeze.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyEvent;

/**
 * Alt+letter on a radio button, check box or toggle button does what a click does. JavaFX's own
 * mnemonic sends such a control an ActionEvent, but a toggle changes in its {@code fire()}: the
 * focus moves there and nothing is chosen. The scene therefore fires the one visible, enabled
 * toggle whose mnemonic the key is, before JavaFX's handling; buttons are left to JavaFX.
 */
final class ToggleMnemonics {
    private ToggleMnemonics() {}

    static void install(Scene scene) {
        // On the window, not the scene: the scene's shortcut handling takes Alt+letter before its own filters.
        scene.windowProperty().addListener((o, before, window) -> {
            if (window != null) {
                window.addEventFilter(KeyEvent.KEY_PRESSED, e -> handle(scene, e));
            }
        });
    }

    private static void handle(Scene scene, KeyEvent e) {
        if (e.getTarget() instanceof Node n && n.getScene() != scene
                || !e.isAltDown()
                || e.isControlDown()
                || e.isMetaDown()
                || !(e.getCode().isLetterKey() || e.getCode().isDigitKey())) {
            return;
        }
        char key = Character.toLowerCase(e.getCode().getChar().charAt(0));
        List<ButtonBase> hits = new ArrayList<>();
        collect(scene.getRoot(), key, hits);
        if (hits.size() == 1) {
            hits.get(0).requestFocus();
            hits.get(0).fire();
            e.consume();
        }
    }

    private static void collect(Node node, char key, List<ButtonBase> hits) {
        if (!node.isVisible() || node.isDisabled()) {
            return; // nor anything under it
        }
        if ((node instanceof RadioButton || node instanceof CheckBox || node instanceof ToggleButton)
                && node instanceof ButtonBase b
                && b.isMnemonicParsing()
                && mnemonic(b.getText()) == key) {
            hits.add(b);
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, key, hits);
            }
        }
    }

    /** The letter after the first single underscore, as JavaFX reads a mnemonic; 0 where there is none. */
    static char mnemonic(String text) {
        if (text == null) {
            return 0;
        }
        for (int i = 0; i + 1 < text.length(); i++) {
            if (text.charAt(i) == '_') {
                if (text.charAt(i + 1) == '_') {
                    i++; // an escaped underscore
                    continue;
                }
                return Character.toLowerCase(text.charAt(i + 1));
            }
        }
        return 0;
    }
}
