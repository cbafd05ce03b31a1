package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.type;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.PartFile;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.run.ConfigOnlyLauncher;

/**
 * A pip-installed Zope whose host names its files, moved from systemd to supervisord on the
 * Cluster page by keyboard alone: the process control is chosen and its programs typed there,
 * not in the profile's JSON.
 */
@ExtendWith(ApplicationExtension.class)
class WizardClusterControlTest {
    @TempDir
    static Path temp;

    private WizardHarness ui;
    private Path profiles;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(temp, "control");
        Path home = dir.resolve("srv/plone");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/zeo.conf"), """
                <zeo>
                  address 127.0.0.1:18910
                </zeo>
                <filestorage 1>
                  path HOME/var/filestorage/Data.fs
                </filestorage>
                """.replace("HOME", home.toString()));
        Files.writeString(home.resolve("etc/zope.conf"), """
                instancehome HOME
                <zodb_db main>
                  <zeoclient>
                    server 127.0.0.1:18910
                    storage 1
                  </zeoclient>
                  mount-point /
                </zodb_db>
                """.replace("HOME", home.toString()));
        profiles = dir.resolve("profiles");
        HostEntry files = Fixtures.localFilesHost(
                "local",
                null,
                new PartFile("zeoserver", home + "/etc/zeo.conf", null),
                List.of(new PartFile("client1", home + "/etc/zope.conf", "127.0.0.1:18911")),
                null);
        ClusterProfile profile = new ClusterProfile(
                "hand-kept", List.of(files), new ProcessControl.Systemd(null, false, null), null, null, false);
        ui = WizardHarness.show(stage, profile, profiles, new ConfigOnlyLauncher(Clock.systemUTC()));
    }

    private static boolean shown(Node n) {
        for (Node x = n; x != null; x = x.getParent()) {
            if (!x.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** Scrolls the page so the section is seen whole, from its title down. */
    private static void showFromItsTitle(FxRobot robot) {
        robot.interact(() -> {
            ScrollPane scroll = robot.lookup(".plain-scroll").queryAs(ScrollPane.class);
            Node title = robot.lookup(".section-title")
                    .match((Label l) -> l.getText().equals("Process control"))
                    .query();
            Node content = scroll.getContent();
            double y = content.sceneToLocal(title.localToScene(0, 0)).getY() - 8;
            double room = content.getLayoutBounds().getHeight()
                    - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(Math.max(0, Math.min(1, y / room)));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void supervisorctlIsChosenAndItsProgramsTypedByKeyboardAndSavedWithTheProfile(FxRobot robot) throws Exception {
        RadioButton systemd = robot.lookup("#control-systemd").queryAs(RadioButton.class);
        assertThat(systemd.isSelected()).as("the opened profile's control").isTrue();
        assertThat(robot.lookup("#control-custom").query().isVisible())
                .as("no custom control in this profile")
                .isFalse();

        robot.clickOn("#profile-name");
        // the section is reached by Tab alone, past the hosts and their named files, at the chosen
        // control (Tab stops once in a group of radio buttons; the arrow keys choose in it)
        for (int i = 0; i < 60 && !"control-systemd".equals(ui.focused()); i++) {
            type(robot, KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(ui.focused()).isEqualTo("control-systemd");

        type(robot, KeyCode.LEFT);
        type(robot, KeyCode.LEFT); // the buildout's scripts: the files host has none
        waitUntil(() -> "control-buildout".equals(ui.focused()));
        assertThat(robot.lookup("#control-buildout").queryAs(RadioButton.class).isSelected())
                .as("the arrow keys choose")
                .isTrue();
        Label refusal = robot.lookup("#profile-problem").queryAs(Label.class);
        waitUntil(refusal::isVisible);
        assertThat(refusal.getText())
                .contains("has the files layout", "Choose supervisorctl or systemctl under Process control");
        assertThat(ui.wizard.pager().canGoNextProperty().get()).isFalse();

        type(robot, KeyCode.RIGHT);
        waitUntil(() -> "control-supervisor".equals(ui.focused()));
        assertThat(robot.lookup("#control-supervisor")
                        .queryAs(RadioButton.class)
                        .isSelected())
                .isTrue();
        waitUntil(() -> !refusal.isVisible());
        ui.tabTo(robot, "control-supervisorctl");
        ui.tabTo(robot, "control-config-file");
        ui.tabTo(robot, "control-programs");
        robot.write("client1");
        Label problem = robot.lookup("#control-problem-programs").queryAs(Label.class);
        waitUntil(problem::isVisible);
        assertThat(problem.getText()).contains("'client1', has no '='", "part=program");
        assertThat(ui.wizard.pager().canGoNextProperty().get()).isFalse();
        robot.write("=plone-client1, zeoserver=plone-zeo");
        waitUntil(() -> !problem.isVisible());
        waitUntil(() -> ui.wizard.pager().canGoNextProperty().get());
        showFromItsTitle(robot);
        ui.screenshot("01-cluster-control");

        type(robot, KeyCode.ALT, KeyCode.N); // _Next reads the named files and saves the profile
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT);
        String json = Files.readString(new ProfileStore(profiles).pathOf("hand-kept"));
        assertThat(json).contains("\"kind\" : \"supervisor\"");
        assertThat(new ProfileStore(profiles).load("hand-kept").control())
                .isEqualTo(new ProcessControl.Supervisor(
                        "supervisorctl", Map.of("client1", "plone-client1", "zeoserver", "plone-zeo"), null));
    }

    @Test
    void anOpenedCustomControlIsShownReadOnlyWithTheFileToEditItIn(FxRobot robot) throws Exception {
        ClusterProfile opened = ui.wizard.session().profileProperty().get();
        ProcessControl.Custom custom = new ProcessControl.Custom(
                List.of("/srv/plone/bin/ctl", "start", "{part}"),
                List.of("/srv/plone/bin/ctl", "stop", "{part}"),
                List.of("/srv/plone/bin/ctl", "status", "{part}"));
        robot.interact(() -> ui.wizard
                .session()
                .profileProperty()
                .set(new ClusterProfile("own-commands", opened.hosts(), custom, null, null, false)));
        RadioButton shown = robot.lookup("#control-custom").queryAs(RadioButton.class);
        waitUntil(shown::isVisible);
        assertThat(shown.isSelected()).isTrue();
        assertThat(robot.lookup("#control-custom-stop").queryAs(Label.class).getText())
                .isEqualTo("/srv/plone/bin/ctl stop {part}");
        assertThat(robot.lookup("#control-custom-where").queryAs(Label.class).getText())
                .contains(new ProfileStore(profiles).pathOf("own-commands").toString());
        assertThat(robot.lookup("#control-supervisorctl").tryQuery())
                .as("nothing of it is edited here")
                .hasValueSatisfying(n -> assertThat(shown(n)).isFalse());
        assertThat(ui.wizard.pager().canGoNextProperty().get()).isTrue();
        showFromItsTitle(robot);
        ui.screenshot("01-cluster-control-custom");

        // the arrow keys leave it and come back to it, the commands kept
        robot.clickOn("#control-custom");
        type(robot, KeyCode.LEFT);
        waitUntil(() ->
                robot.lookup("#control-systemd").queryAs(RadioButton.class).isSelected());
        ui.tabTo(robot, "control-systemctl");
        ui.tabTo(robot, "control-user");
        ui.tabTo(robot, "control-units");
        robot.write("client1=-x");
        Label problem = robot.lookup("#control-problem-units").queryAs(Label.class);
        waitUntil(problem::isVisible);
        assertThat(problem.getText()).startsWith("The systemd unit of part 'client1' is '-x'");
        assertThat(ui.wizard.pager().canGoNextProperty().get()).isFalse();
        showFromItsTitle(robot);
        ui.screenshot("01-cluster-control-systemd-refused");
    }
}
