package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.host.ssh.KnownHosts;
import org.zeofreeze.host.ssh.UnknownHostKey;

/**
 * The question a connection asks about a host key seen for the first time: it shows the SHA256
 * fingerprint, and only an explicit "Trust and connect" trusts it; Enter or Esc does not.
 */
@ExtendWith(ApplicationExtension.class)
class HostKeyDialogTest {
    private static final UnknownHostKey KEY = new UnknownHostKey(
            "zeo.example.org",
            "ssh-ed25519",
            "SHA256:pYqAxjVdn4Bqx3v1XcgAg3tCkHPb9QRcqjvFHP8Vv2c",
            Path.of("/root/.ssh/known_hosts"));

    private Stage stage;

    @Start
    void start(Stage stage) {
        App.installTheme();
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 640, 400));
        stage.show();
    }

    /** Asks from a background thread, as a connecting task does. */
    private CompletableFuture<Boolean> ask() {
        HostKeyDialog dialog = new HostKeyDialog(() -> stage);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> dialog.trust(KEY));
        WizardHarness.waitUntil(
                () -> new FxRobot().lookup(".dialog-pane").tryQuery().isPresent());
        return answer;
    }

    @Test
    void showsTheFingerprintAndEnterDoesNotTrust(FxRobot robot) throws Exception {
        CompletableFuture<Boolean> answer = ask();
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(pane.getContentText()).contains(KEY.fingerprint(), "ssh-ed25519", "/root/.ssh/known_hosts");
        assertThat(pane.getHeaderText()).contains("zeo.example.org");
        WaitForAsyncUtils.waitFor(
                WaitForAsyncUtils.asyncFx(() -> Screenshots.save(pane.getScene(), "01-cluster-host-key")));
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        assertThat(answer.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void trustsOnlyWhenTrustIsChosen(FxRobot robot) throws Exception {
        CompletableFuture<Boolean> answer = ask();
        Button trust = robot.lookup(".dialog-pane .button")
                .match((Button b) -> b.getText().contains("Trust"))
                .queryAs(Button.class);
        assertThat(trust.isDefaultButton()).isFalse();
        robot.clickOn(trust);
        assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aKeyOfANewTypeForAKnownHostIsWarnedAbout(FxRobot robot) throws Exception {
        UnknownHostKey other = new UnknownHostKey(
                "zeo.example.org",
                "ecdsa-sha2-nistp256",
                KEY.fingerprint(),
                KEY.knownHosts(),
                List.of(new KnownHosts.RecordedKey("ssh-ed25519", 3)));
        HostKeyDialog dialog = new HostKeyDialog(() -> stage);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> dialog.trust(other));
        WizardHarness.waitUntil(
                () -> new FxRobot().lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(pane.getContentText())
                .startsWith("Warning: another key type is known for this host")
                .contains("ssh-ed25519", "/root/.ssh/known_hosts line 3", KEY.fingerprint())
                .doesNotContain("never connected");
        assertThat(((Stage) pane.getScene().getWindow()).getTitle())
                .isEqualTo("Another key type is known for this host");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertThat(answer.get(10, TimeUnit.SECONDS)).isFalse();
    }
}
