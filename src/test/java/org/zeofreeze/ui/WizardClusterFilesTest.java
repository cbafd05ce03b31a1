package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.type;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.PartFile;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.run.ConfigOnlyLauncher;

/**
 * A host that is no buildout, named on the Cluster page by keyboard alone: its zeo.conf and each
 * client's zope.conf are typed, tested on the host and saved with the profile.
 */
@ExtendWith(ApplicationExtension.class)
class WizardClusterFilesTest {
    @TempDir
    static Path temp;

    private WizardHarness ui;
    private Path home;
    private Path profiles;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(temp, "files");
        home = dir.resolve("srv/plone");
        Files.createDirectories(home.resolve("etc/client1"));
        Files.createDirectories(home.resolve("etc/client2"));
        Files.writeString(home.resolve("etc/zeo.conf"), """
                <zeo>
                  address 127.0.0.1:18900
                </zeo>
                <filestorage 1>
                  path HOME/var/filestorage/Data.fs
                </filestorage>
                """.replace("HOME", home.toString()));
        for (String client : List.of("client1", "client2")) {
            Files.writeString(home.resolve("etc/" + client + "/zope.conf"), """
                    instancehome HOME
                    <zodb_db main>
                      <zeoclient>
                        server 127.0.0.1:18900
                        storage 1
                      </zeoclient>
                      mount-point /
                    </zodb_db>
                    """.replace("HOME", home.toString()));
        }
        profiles = dir.resolve("profiles");
        // supervisord runs it: the files layout needs a control other than the buildout's scripts
        ClusterProfile profile = new ClusterProfile(
                "hand-kept",
                List.of(HostEntry.local(dir.resolve("no-buildout").toString())),
                new ProcessControl.Supervisor(null, null),
                null,
                null,
                false);
        ui = WizardHarness.show(stage, profile, profiles, new ConfigOnlyLauncher(Clock.systemUTC()));
    }

    @Test
    void aHostsNamedFilesAreTypedTestedAndSavedByKeyboard(FxRobot robot) throws Exception {
        robot.clickOn("#host-name-0");
        type(robot, KeyCode.ALT, KeyCode.I); // Named f_iles
        RadioButton named = robot.lookup("#host-layout-files-0").queryAs(RadioButton.class);
        waitUntil(named::isSelected);
        assertThat(robot.lookup("#host-dir-0").query().isVisible()).isFalse();
        assertThat(robot.lookup("#host-home-0").query().isVisible()).isTrue();

        ui.tabTo(robot, "files-python-0");
        ui.tabTo(robot, "files-server-part-0");
        robot.write("zeoserver");
        ui.tabTo(robot, "files-server-config-0");
        robot.write(home + "/etc/zeo.conf");
        ui.tabTo(robot, "files-client-part-0-0");
        robot.write("client1");
        ui.tabTo(robot, "files-client-config-0-0");
        robot.write(home + "/etc/client1/zope.conf");
        ui.tabTo(robot, "files-client-http-0-0");
        robot.write("18901");

        // the profile's own refusal, beside the client it names; Next waits for it to be fixed
        Label problem = robot.lookup("#files-problem-client-0-0").queryAs(Label.class);
        waitUntil(problem::isVisible);
        assertThat(problem.getText()).contains("\"clients[0].http\" is '18901'", "host:port");
        assertThat(ui.wizard.pager().canGoNextProperty().get()).isFalse();
        type(robot, KeyCode.HOME);
        robot.write("127.0.0.1:");
        waitUntil(() -> !problem.isVisible());

        type(robot, KeyCode.ALT, KeyCode.L); // Add c_lient: the new line's part has the focus
        waitUntil(() -> robot.lookup("#files-client-part-0-1").tryQuery().isPresent());
        ui.screenshot("01-cluster-files-new-client");
        waitUntil(() -> "files-client-part-0-1".equals(ui.focused()));
        robot.write("client2");
        ui.tabTo(robot, "files-client-config-0-1");
        robot.write(home + "/etc/client2/zope.conf");
        ui.tabTo(robot, "files-client-http-0-1");
        robot.write("127.0.0.1:18902");
        waitUntil(() -> ui.wizard.pager().canGoNextProperty().get());

        type(robot, KeyCode.ALT, KeyCode.T); // _Test connections
        Label result = robot.lookup("#host-result-0").queryAs(Label.class);
        waitUntil(() -> result.getText().startsWith("Connected"));
        assertThat(result.getText())
                .isEqualTo("Connected to this computer; the profile names 1 ZEO server and 2 Zope clients, all there");
        ui.screenshot("01-cluster-files");

        type(robot, KeyCode.ALT, KeyCode.N); // _Next reads the named files and saves the profile
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT);
        HostEntry saved = new ProfileStore(profiles).load("hand-kept").hosts().get(0);
        assertThat(saved)
                .isEqualTo(Fixtures.localFilesHost(
                        "local",
                        null,
                        new PartFile("zeoserver", home + "/etc/zeo.conf", null),
                        List.of(
                                new PartFile("client1", home + "/etc/client1/zope.conf", "127.0.0.1:18901"),
                                new PartFile("client2", home + "/etc/client2/zope.conf", "127.0.0.1:18902")),
                        null));
    }
}
