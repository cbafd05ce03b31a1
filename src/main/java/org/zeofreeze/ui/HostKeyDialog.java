package org.zeofreeze.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;
import org.zeofreeze.host.ssh.HostKeyConsent;
import org.zeofreeze.host.ssh.UnknownHostKey;

/**
 * Asks about a host key seen for the first time, on the FX thread, while the connecting task
 * waits. "Do not connect" is the default button: trusting a key takes a deliberate choice. A key
 * that differs from the recorded one never gets here: the connection is refused with the reason.
 */
public final class HostKeyDialog implements HostKeyConsent {
    private final Supplier<Window> owner;

    public HostKeyDialog(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean trust(UnknownHostKey key) {
        return onFxThread(() -> ask(key));
    }

    static <T> T onFxThread(Supplier<T> question) {
        if (Platform.isFxApplicationThread()) {
            return question.get();
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                answer.complete(question.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    /** The dialog's text: OpenSSH's warning first when another key type is recorded for the host. */
    static String content(UnknownHostKey key) {
        String intro = key.warning()
                .map(w -> w + "\n\n")
                .orElse("ZeoFreeze has never connected to " + key.host() + " before. ");
        return intro + "Its " + key.keyType() + " key has the fingerprint\n\n" + key.fingerprint()
                + "\n\nCompare it with what 'ssh-keygen -lf' prints for the host key on that machine. "
                + "Trusting it records it in " + key.knownHosts() + ".";
    }

    private boolean ask(UnknownHostKey key) {
        ButtonType trust = new ButtonType("_Trust and connect", ButtonBar.ButtonData.OK_DONE);
        ButtonType refuse = new ButtonType("_Do not connect", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, "", trust, refuse);
        alert.initOwner(owner.get());
        alert.setTitle(key.warning().isPresent() ? "Another key type is known for this host" : "Unknown host key");
        alert.setHeaderText("Is this really " + key.host() + "?");
        alert.setContentText(content(key));
        alert.getDialogPane().setMinWidth(600); // the fingerprint on one line
        ((Button) alert.getDialogPane().lookupButton(refuse)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(trust)).setDefaultButton(false);
        return alert.showAndWait().filter(trust::equals).isPresent();
    }
}
