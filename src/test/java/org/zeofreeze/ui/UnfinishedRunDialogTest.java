package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalHeader;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;

/**
 * The question asked at start-up about a run that did not finish: it names the run (a move as a
 * move), Enter means Later and touches nothing, and only an explicit Roll back or Resume takes it up.
 */
@ExtendWith(ApplicationExtension.class)
class UnfinishedRunDialogTest {
    @TempDir
    static Path temp;

    private Stage stage;

    @Start
    void start(Stage stage) {
        App.installTheme();
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 800, 500));
        stage.show();
    }

    private static Journal journal(String id, JournalHeader header) throws Exception {
        return Journal.create(temp.resolve("journals/run-" + id + ".json"), header, Clock.systemUTC());
    }

    private static JournalHeader freeze(String id) {
        return new JournalHeader(
                id,
                Instant.parse("2026-12-07T06:40:00Z"),
                ClusterProfile.local("prod", "/srv/zeocluster"),
                Mode.FREEZE,
                List.of(new StorageId("local", "zeoserver", "plone")),
                List.of());
    }

    private CompletableFuture<Optional<UnfinishedRunDialog.Answer>> ask(Journal journal) {
        CompletableFuture<Optional<UnfinishedRunDialog.Answer>> answer = new CompletableFuture<>();
        Platform.runLater(() -> answer.complete(UnfinishedRunDialog.ask(stage, journal)));
        WizardHarness.waitUntil(
                () -> new FxRobot().lookup(".dialog-pane").tryQuery().isPresent());
        return answer;
    }

    @Test
    void itNamesTheRunAndEnterMeansLater(FxRobot robot) throws Exception {
        Journal journal = journal("r1", freeze("r1"));
        CompletableFuture<Optional<UnfinishedRunDialog.Answer>> answer = ask(journal);
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(pane.getHeaderText()).isEqualTo("A run did not finish");
        assertThat(pane.getContentText())
                .contains(
                        "The freeze of zeoserver/plone on 'prod', started 2026-12-07T06:40:00Z, did not finish.",
                        journal.file().toString());
        assertThat(((Button) pane.lookupButton(UnfinishedRunDialog.LATER)).isDefaultButton())
                .isTrue();

        robot.type(KeyCode.ENTER);

        assertThat(answer.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void rollBackIsTakenOnlyWhenChosen(FxRobot robot) throws Exception {
        CompletableFuture<Optional<UnfinishedRunDialog.Answer>> answer = ask(journal("r2", freeze("r2")));
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);

        robot.clickOn((Button) pane.lookupButton(UnfinishedRunDialog.ROLL_BACK));

        assertThat(answer.get(10, TimeUnit.SECONDS)).contains(UnfinishedRunDialog.Answer.ROLL_BACK);
    }

    @Test
    void aMoveIsCalledAMove() throws Exception {
        Path buildout = MoveFixtures.guide(temp.resolve("zeocluster"));
        Path target = MoveFixtures.target(temp.resolve("new"));
        ClusterProfile profile = MoveFixtures.profile(buildout, target);
        RunSetup setup = RunPreparation.prepareMove(profile, Selection.freeze(), LocalHost::new);

        String text = UnfinishedRunDialog.describe(new JournalHeader(
                "r3",
                Instant.parse("2026-12-07T06:40:00Z"),
                profile,
                Mode.FREEZE,
                List.copyOf(setup.choice().storages()),
                List.of(),
                Strategy.ROLLING,
                setup.move().plan(),
                null));

        assertThat(text).startsWith("The move of ").doesNotContain("freeze");
    }
}
