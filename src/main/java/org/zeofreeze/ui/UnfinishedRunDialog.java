package org.zeofreeze.ui;

import java.util.Locale;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalHeader;

/**
 * The question the wizard asks at start-up about a run that did not finish (the window closed,
 * the program killed): resume it, roll it back, or decide later. Later is the default: Enter
 * touches nothing.
 */
final class UnfinishedRunDialog {
    /** What the person chose. */
    enum Answer {
        RESUME,
        ROLL_BACK
    }

    static final ButtonType RESUME = new ButtonType("_Resume", ButtonBar.ButtonData.YES);
    static final ButtonType ROLL_BACK = new ButtonType("Roll _back", ButtonBar.ButtonData.NO);
    static final ButtonType LATER = new ButtonType("_Later", ButtonBar.ButtonData.CANCEL_CLOSE);

    private UnfinishedRunDialog() {}

    /** The run in words: what it was (a move and a retire named as such), of what, where and when. */
    static String describe(JournalHeader h) {
        String what = h.move() != null
                ? "move"
                : h.retire() != null ? "retire" : h.mode().name().toLowerCase(Locale.ROOT);
        return "The " + what + " of "
                + String.join(", ", h.storages().stream().map(Object::toString).toList())
                + " on '" + h.profile().name() + "', started " + h.created() + ", did not finish.";
    }

    static Alert alert(Window owner, Journal journal) {
        Alert alert = new Alert(
                Alert.AlertType.WARNING,
                describe(journal.header())
                        + "\n\nResume goes on after the last step that was done; Roll back puts every file and "
                        + "mode back and restarts the cluster (a move whose clients may have written at the new "
                        + "server is not rolled back: the wizard says why).\n\nJournal: " + journal.file(),
                RESUME,
                ROLL_BACK,
                LATER);
        alert.initOwner(owner);
        alert.setTitle("ZeoFreeze");
        alert.setHeaderText("A run did not finish");
        // Enter means Later: resuming or rolling back a cluster is chosen, never fallen into.
        alert.getDialogPane()
                .getButtonTypes()
                .forEach(t -> ((Button) alert.getDialogPane().lookupButton(t)).setDefaultButton(t == LATER));
        return alert;
    }

    /** Asks, and waits for the answer; empty for Later or a closed dialog. */
    static Optional<Answer> ask(Window owner, Journal journal) {
        return alert(owner, journal)
                .showAndWait()
                .filter(b -> b != LATER)
                .map(b -> b == ROLL_BACK ? Answer.ROLL_BACK : Answer.RESUME);
    }
}
