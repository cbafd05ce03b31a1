package org.zeofreeze.ui;

import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.zeofreeze.host.ssh.PassphrasePrompt;

/** Asks for the passphrase of an encrypted SSH key; it is kept only in memory, never saved. */
public final class PassphraseDialog implements PassphrasePrompt {
    private final Supplier<Window> owner;

    public PassphraseDialog(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public char[] passphrase(Path keyFile, int attempt) {
        return HostKeyDialog.onFxThread(() -> ask(keyFile, attempt));
    }

    private char[] ask(Path keyFile, int attempt) {
        Dialog<char[]> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.setTitle("SSH key passphrase");
        dialog.setHeaderText(attempt > 1 ? "Wrong passphrase; try again" : "The key " + keyFile + " is encrypted");
        PasswordField field = new PasswordField();
        field.setPromptText("Passphrase");
        dialog.getDialogPane()
                .setContent(new VBox(8, new Label("Passphrase for " + keyFile.getFileName() + ":"), field));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(b -> b == ButtonType.OK ? field.getText().toCharArray() : null);
        field.requestFocus();
        char[] answer = dialog.showAndWait().orElse(null);
        field.clear();
        return answer;
    }
}
