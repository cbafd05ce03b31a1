package org.zeofreeze.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/**
 * Asks about an unknown host key on the FX thread while the connecting task waits. The default
 * button is "Do not connect": trusting a key needs a deliberate choice.
 */
public final class HostKeyDialog implements HostKeyConsent {
    private final Window owner;

    public HostKeyDialog(Window owner) {
        this.owner = owner;
    }

    @Override
    public boolean trust(String host, String keyType, String sha256Fingerprint) {
        if (Platform.isFxApplicationThread()) {
            return ask(host, keyType, sha256Fingerprint);
        }
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Platform.runLater(() -> answer.complete(ask(host, keyType, sha256Fingerprint)));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private boolean ask(String host, String keyType, String fingerprint) {
        ButtonType trust = new ButtonType("_Trust and connect", ButtonBar.ButtonData.OK_DONE);
        ButtonType refuse = new ButtonType("_Do not connect", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, "", trust, refuse);
        alert.initOwner(owner);
        alert.setTitle("Unknown host key");
        alert.setHeaderText("The authenticity of " + host + " cannot be established");
        alert.setContentText(keyType + " key fingerprint:\n" + fingerprint + "\n\nCompare it with the output of "
                + "'ssh-keygen -lf /etc/ssh/ssh_host_" + keyType.toLowerCase().replace("ssh-", "") + "_key.pub' on "
                + host + ". Trusting it adds it to ~/.ssh/known_hosts.");
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(refuse)).setDefaultButton(true);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(trust)).setDefaultButton(false);
        return alert.showAndWait().filter(trust::equals).isPresent();
    }
}
