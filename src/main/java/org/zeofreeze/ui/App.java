package org.zeofreeze.ui;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.host.ssh.SshConnector;
import org.zeofreeze.host.ssh.SshHosts;
import org.zeofreeze.host.ssh.SshSettings;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.ui.run.RunbookLauncher;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.task.FxTaskExecutor;
import org.zeofreeze.ui.task.TaskExecutor;

/** The wizard window. {@code --buildout DIR} starts with a profile for a buildout on this computer. */
public final class App extends Application {
    public static final String STYLESHEET = "/org/zeofreeze/ui/zeofreeze.css";

    private TaskExecutor executor;
    private Session session;

    @Override
    public void start(Stage stage) {
        installTheme();
        executor = new FxTaskExecutor();
        Clock clock = Clock.systemUTC();
        // One SSH connector for the whole session: each key's passphrase is asked for once.
        SshConnector ssh = new SshConnector(
                SshSettings.forCurrentUser(new HostKeyDialog(() -> stage), new PassphraseDialog(() -> stage)));
        SshHosts sshHosts = new SshHosts(ssh);
        session = new Session(
                executor,
                profile -> new ProfileHosts(profile, sshHosts),
                ProfileStore.standard(),
                new RunbookLauncher(Journal.defaultDirectory(), clock),
                clock);
        buildoutArgument(getParameters().getRaw())
                .ifPresent(dir -> session.profileProperty().set(localProfile(dir)));
        ZeoFreezeWizard wizard = new ZeoFreezeWizard(session);
        Scene scene = scene(wizard, () -> confirmQuit(stage, wizard));
        stage.setTitle("ZeoFreeze");
        stage.setScene(scene);
        stage.setMinWidth(1024);
        stage.setMinHeight(680);
        stage.setOnCloseRequest(e -> {
            e.consume();
            confirmQuit(stage, wizard);
        });
        stage.show();
        // The window manager's icons (seven sizes, up to 256 px) are decoded off the FX thread:
        // the first page does not wait for them.
        executor.execute(Icons::appIcons, icons -> stage.getIcons().setAll(icons), error -> {});
        // Journals are read off the FX thread; a run cut short is then offered.
        executor.execute(
                () -> RunbookLauncher.unfinished(Journal.defaultDirectory(), clock),
                unfinished -> offerUnfinishedRun(stage, wizard, unfinished),
                error -> {});
    }

    /** A run cut short (window closed, program killed) is offered to be resumed or rolled back. */
    private static void offerUnfinishedRun(Stage stage, ZeoFreezeWizard wizard, List<Journal> unfinished) {
        if (unfinished.isEmpty()) {
            return;
        }
        Journal journal = unfinished.get(0);
        UnfinishedRunDialog.ask(stage, journal)
                .ifPresent(answer -> wizard.takeUp(journal, answer == UnfinishedRunDialog.Answer.ROLL_BACK, message -> {
                    Alert error = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
                    error.initOwner(stage);
                    error.setHeaderText("The run cannot be taken up");
                    error.show();
                }));
    }

    /** AtlantaFX's Primer Light as the base look; our stylesheet adds the wizard's own parts. */
    public static void installTheme() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    public static Scene scene(ZeoFreezeWizard wizard, Runnable onCancel) {
        Scene scene = new Scene(wizard.view(onCancel), 1280, 800);
        scene.getStylesheets().add(App.class.getResource(STYLESHEET).toExternalForm());
        ToggleMnemonics.install(scene);
        return scene;
    }

    static Optional<String> buildoutArgument(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--buildout") && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (a.startsWith("--buildout=")) {
                return Optional.of(a.substring("--buildout=".length()));
            }
        }
        return Optional.empty();
    }

    /** A profile for a buildout on this computer, named after its directory. */
    public static ClusterProfile localProfile(String dir) {
        Path path = Path.of(dir).toAbsolutePath().normalize();
        String name = path.getFileName() == null ? "local" : path.getFileName().toString();
        return ClusterProfile.local(name, path.toString());
    }

    private void confirmQuit(Stage stage, ZeoFreezeWizard wizard) {
        QuitPrompt prompt = QuitPrompt.of(wizard.run().runningProperty().get());
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, prompt.text(), ButtonType.YES, ButtonType.NO);
        alert.initOwner(stage);
        alert.setTitle("ZeoFreeze");
        alert.setHeaderText(prompt.header());
        ((Button) alert.getDialogPane().lookupButton(ButtonType.NO)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.YES)).setDefaultButton(false);
        if (alert.showAndWait().filter(ButtonType.YES::equals).isEmpty()) {
            return;
        }
        if (!wizard.run().runningProperty().get()) {
            stage.hide();
            Platform.exit();
            return;
        }
        // The window stays until the run has reached its safe point and stopped; then it closes.
        wizard.run().runningProperty().addListener((o, was, running) -> {
            if (!running) {
                stage.hide();
                Platform.exit();
            }
        });
        wizard.run().cancel();
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdown();
        }
        if (session != null) {
            session.close();
        }
    }
}
