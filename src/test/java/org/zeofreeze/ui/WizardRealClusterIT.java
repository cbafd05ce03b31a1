package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.timeline.Bar;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.ui.run.RunbookLauncher;

/**
 * The wizard freezes the real test cluster (real ZEO, real Zope clients, this computer, no SSH)
 * through the runbook, from the Cluster page to Done: the storages end up frozen on the server
 * and in every client, a frozen storage refuses commits, every client serves again and the frozen
 * files are copied to the new server (a second real ZEO server's buildout); then the same pages thaw
 * them; then, by keyboard, the same pages move both storages to the new server.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WizardRealClusterIT {
    @TempDir
    static Path work;

    static TestCluster cluster;
    static TestCluster newServer;

    private WizardHarness ui;

    @BeforeAll
    static void build() throws Exception {
        cluster =
                TestCluster.build(work.resolve("zeocluster"), 18500, 2); // ports of its own: other ITs use 181xx-183xx
        newServer = TestCluster.build(work.resolve("newserver"), 18560, 0, "--server-only");
        cluster.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (newServer != null) {
            newServer.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        // The new server is a ZEO server's buildout on this computer; rsync is slowed down so the copy shows progress.
        Path newServer = work.resolve("newserver");
        ClusterProfile local = App.localProfile(cluster.dir().toString());
        ClusterProfile profile = new ClusterProfile(
                local.name(),
                local.hosts(),
                null,
                new MigrationTarget("new", "", null, null, newServer.toString(), List.of(), 256),
                null,
                false);
        ui = WizardHarness.show(
                stage,
                profile,
                work.resolve("profiles"),
                new RunbookLauncher(Files.createDirectories(work.resolve("journals")), Clock.systemUTC()));
    }

    @Test
    @Order(1)
    void aPersonFreezesTheRealClusterFromStartToDoneAndThawsItAgain(FxRobot robot) throws Exception {
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT);
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.CHOOSE);
        assertThat(ui.wizard.choose().options().stream()
                        .filter(o -> o.selectedProperty().get())
                        .map(o -> o.displayName()))
                .containsExactly("plone", "catalog");
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.REVIEW);
        assertThat(ui.wizard.review().files()).hasSize(3);
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.MAINTENANCE);
        robot.clickOn("#confirm-name").write("zeocluster");
        Button apply = robot.lookup("#wizard-next").queryAs(Button.class);
        waitUntil(() -> !apply.isDisabled());
        robot.clickOn(apply);
        waitUntil(() -> ui.page() == ZeoFreezeWizard.RUN);

        // Stopping and starting two Zope clients and ZEO takes a while.
        WaitForAsyncUtils.waitFor(
                8, TimeUnit.MINUTES, () -> ui.wizard.run().finishedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        ui.screenshot("06-run-real-cluster");
        RunEvent.Finished finished = ui.wizard.run().finishedProperty().get();
        assertThat(finished.outcome())
                .as(finished.message() + "\n"
                        + String.join(
                                "\n",
                                ui.wizard.run().board().log().stream()
                                        .map(l -> l.render())
                                        .toList()))
                .isEqualTo(RunEvent.Outcome.DONE);
        assertThat(robot.lookup(".state")
                        .match((Node n) -> n.getPseudoClassStates().contains(PseudoClass.getPseudoClass("failed")))
                        .queryAll())
                .isEmpty();
        assertThat(ui.wizard.run().board().transfers())
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.fractionProperty().get()).isEqualTo(1.0));
        for (String storage : List.of("plone", "catalog")) {
            assertThat(Files.readAllBytes(work.resolve("newserver/var/filestorage/" + storage + ".fs")))
                    .isEqualTo(Files.readAllBytes(cluster.fs(storage)));
        }

        Cluster after = Engines.discover(cluster.dir()).cluster();
        for (Storage storage : after.storages()) {
            assertThat(after.frozenEverywhere(storage))
                    .as(storage.name())
                    .isEqualTo(!storage.name().equals("1"));
        }
        assertThat(cluster.allRunning()).isTrue();
        assertThat(cluster.probe(cluster.zopeConf("client1"), "plone", 30)).isEqualTo("readonly");
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 30)).isEqualTo("committed");

        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.DONE);
        assertThat(robot.lookup("#done-headline").queryAs(Label.class).getText())
                .isEqualTo("2 storages frozen");
        assertThat(ui.wizard.done().journalProperty().get())
                .startsWith(work.resolve("journals").toString());
        ui.screenshot("07-done-real-cluster");

        // And back: from the step list to Choose, thaw what was frozen, through the same pages.
        robot.clickOn("#step-3");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.CHOOSE);
        robot.clickOn("#mode-thaw");
        assertThat(ui.wizard.choose().options().stream()
                        .filter(o -> o.selectedProperty().get())
                        .map(o -> o.displayName()))
                .containsExactly("plone", "catalog");
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.REVIEW);
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.MAINTENANCE);
        assertThat(apply.isDisabled()).isTrue(); // the name is asked for again
        robot.clickOn("#confirm-name").write("zeocluster");
        waitUntil(() -> !apply.isDisabled());
        robot.clickOn(apply);
        waitUntil(() -> ui.page() == ZeoFreezeWizard.RUN);
        WaitForAsyncUtils.waitFor(
                8,
                TimeUnit.MINUTES,
                () -> ui.wizard.run().finishedProperty().get() != null
                        && ui.wizard.run().finishedProperty().get() != finished);
        RunEvent.Finished thawed = ui.wizard.run().finishedProperty().get();
        assertThat(thawed.outcome()).as(thawed.message()).isEqualTo(RunEvent.Outcome.DONE);
        Cluster writable = Engines.discover(cluster.dir()).cluster();
        assertThat(writable.storages()).noneMatch(writable::frozenAnywhere);
        assertThat(cluster.probe(cluster.zopeConf("client2"), "plone", 30)).isEqualTo("committed");
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.DONE);
        assertThat(robot.lookup("#done-headline").queryAs(Label.class).getText())
                .isEqualTo("2 storages thawed");
    }

    private static void type(FxRobot robot, KeyCode... keys) {
        robot.press(keys).release(keys);
    }

    /** The configuration files of the cluster, as they are now. */
    private static Map<String, byte[]> configs() throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        out.put("zeo.conf", Files.readAllBytes(cluster.zeoConf()));
        for (String c : cluster.clientNames()) {
            out.put(c, Files.readAllBytes(cluster.zopeConf(c)));
        }
        return out;
    }

    private static void clear(FxRobot robot, String field) {
        robot.clickOn(field);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        type(robot, KeyCode.BACK_SPACE);
    }

    @Test
    @Order(2)
    void aPersonFreezesWithoutACopyAndRollsItBackFromTheDonePageEveryFileAsBefore(FxRobot robot) throws Exception {
        Map<String, byte[]> before = configs();
        // This time without a copy: the migration target emptied on the Cluster page.
        clear(robot, "#target-dir");
        clear(robot, "#target-bandwidth");
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT);
        assertThat(ui.wizard.session().profileProperty().get().target()).isNull();
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.CHOOSE);
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.REVIEW);
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.MAINTENANCE);
        robot.clickOn("#confirm-name").write("zeocluster");
        Button apply = robot.lookup("#wizard-next").queryAs(Button.class);
        waitUntil(() -> !apply.isDisabled());
        robot.clickOn(apply);
        waitUntil(() -> ui.page() == ZeoFreezeWizard.RUN);
        WaitForAsyncUtils.waitFor(
                8, TimeUnit.MINUTES, () -> ui.wizard.run().finishedProperty().get() != null);
        RunEvent.Finished frozen = ui.wizard.run().finishedProperty().get();
        assertThat(frozen.outcome()).as(frozen.message()).isEqualTo(RunEvent.Outcome.DONE);
        assertThat(cluster.probe(cluster.zopeConf("client1"), "plone", 30)).isEqualTo("readonly");

        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.DONE);
        Button rollBack = robot.lookup("#done-rollback").queryAs(Button.class);
        assertThat(rollBack.isDisabled()).isFalse();
        type(robot, KeyCode.ALT, KeyCode.R); // _Roll back: below the fold of the page, its mnemonic reaches it
        // It asks first; the answer is the dialog's own Roll back.
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        Button confirm = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().replace("_", "").equals("Roll back"))
                .findFirst()
                .orElseThrow();
        robot.clickOn(confirm);
        WaitForAsyncUtils.waitFor(
                8,
                TimeUnit.MINUTES,
                () -> ui.wizard.run().finishedProperty().get() != null
                        && ui.wizard.run().finishedProperty().get() != frozen
                        && !ui.wizard.run().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        RunEvent.Finished rolledBack = ui.wizard.run().finishedProperty().get();
        ui.screenshot("06-run-rolled-back-real-cluster");
        assertThat(rolledBack.outcome()).as(rolledBack.message()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
        assertThat(configs())
                .as("every file byte for byte as before")
                .usingRecursiveComparison()
                .isEqualTo(before);
        assertThat(cluster.allRunning()).isTrue();
        assertThat(cluster.probe(cluster.zopeConf("client2"), "plone", 30)).isEqualTo("committed");
        assertThat(robot.lookup("#run-rollback").tryQuery().map(n -> ((Button) n).isDisabled()))
                .as("nothing left to roll back")
                .contains(true);
    }

    @Test
    @Order(3)
    void aPersonMovesBothStoragesToTheNewServerByKeyboardAndDoneSaysHowLongEachWasReadOnly(FxRobot robot)
            throws Exception {
        robot.clickOn("#profile-name"); // from here on, the keyboard only
        type(robot, KeyCode.ENTER);
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT);
        type(robot, KeyCode.ENTER);
        waitUntil(() -> ui.page() == ZeoFreezeWizard.CHOOSE);
        RadioButton move = robot.lookup("#mode-move").queryAs(RadioButton.class);
        assertThat(move.isDisabled())
                .as(robot.lookup("#move-blocker").queryAs(Label.class).getText())
                .isFalse();
        type(robot, KeyCode.ALT, KeyCode.V); // Mo_ve to the new server
        waitUntil(() -> ui.wizard.session().moves());
        assertThat(ui.wizard.choose().options().stream()
                        .filter(o -> o.selectedProperty().get())
                        .map(o -> o.displayName()))
                .containsExactly("plone", "catalog");
        type(robot, KeyCode.ENTER);
        waitUntil(() -> ui.page() == ZeoFreezeWizard.REVIEW);
        String targetConf = newServer.zeoConf().toString();
        assertThat(ui.wizard.review().files())
                .anySatisfy(f -> assertThat(f.change().path()).isEqualTo(targetConf));
        type(robot, KeyCode.ENTER);
        waitUntil(() -> ui.page() == ZeoFreezeWizard.MAINTENANCE);
        assertThat(robot.lookup("#move-steps").queryAs(VBox.class).getChildren())
                .hasSize(5);
        Button apply = robot.lookup("#wizard-next").queryAs(Button.class);
        assertThat(apply.isDisabled()).isTrue();
        Node confirm = robot.lookup("#confirm-name").query();
        robot.interact(confirm::requestFocus); // Tab order is WizardFocusTest's subject; here the typing
        WaitForAsyncUtils.waitForFxEvents();
        robot.write("zeocluster");
        waitUntil(() -> !apply.isDisabled());
        ui.screenshot("05-maintenance-move-real-cluster");
        type(robot, KeyCode.ALT, KeyCode.A); // _Apply: Enter never applies
        waitUntil(() -> ui.page() == ZeoFreezeWizard.RUN);

        WaitForAsyncUtils.waitFor(
                10, TimeUnit.MINUTES, () -> ui.wizard.run().finishedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        ui.screenshot("06-run-move-real-cluster");
        RunEvent.Finished finished = ui.wizard.run().finishedProperty().get();
        assertThat(finished.outcome())
                .as(finished.message() + "\n"
                        + String.join(
                                "\n",
                                ui.wizard.run().board().log().stream()
                                        .map(l -> l.render())
                                        .toList()))
                .isEqualTo(RunEvent.Outcome.DONE);
        for (String client : cluster.clientNames()) {
            assertThat(Files.readString(cluster.zopeConf(client)))
                    .as(client)
                    .contains("server 127.0.0.1:18560")
                    .doesNotContain("read-only true");
        }
        long before = Files.size(newServer.fs("catalog"));
        assertThat(cluster.probe(cluster.zopeConf("client1"), "catalog", 30)).isEqualTo("committed");
        assertThat(Files.size(newServer.fs("catalog")))
                .as("the commit landed at the new server")
                .isGreaterThan(before);
        assertThat(cluster.probe(cluster.zopeConf("client2"), "main", 30))
                .as("the root, at the old server")
                .isEqualTo("committed");

        type(robot, KeyCode.ALT, KeyCode.F); // _Finish
        waitUntil(() -> ui.page() == ZeoFreezeWizard.DONE);
        assertThat(robot.lookup("#done-headline").queryAs(Label.class).getText())
                .isEqualTo("2 storages moved to the new server");
        assertThat(ui.wizard.done().facts())
                .anySatisfy(
                        l -> assertThat(l)
                                .containsPattern(
                                        "Read-only from the freeze until writable at the new server: plone@local [0-9][^,]* s, catalog@local [0-9].* s"));
        assertThat(ui.wizard.done().timelineProperty().get().bars())
                .as("the timeline draws each storage read-only until writable at the new server")
                .filteredOn(Bar.Moved.class::isInstance)
                .map(Bar::label)
                .containsExactlyInAnyOrder("plone@local", "catalog@local");
        ui.screenshot("07-done-move-real-cluster");
        // Past the second roll the run service refuses a rollback: not offered, and the reason said.
        Button rollBack = robot.lookup("#done-rollback").queryAs(Button.class);
        assertThat(rollBack.isDisabled()).isTrue();
        assertThat(ui.wizard.done().rollBackBlockerProperty().get()).contains("this move reached its second roll");
    }
}
