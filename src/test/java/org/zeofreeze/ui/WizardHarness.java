package org.zeofreeze.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.ui.run.ConfigOnlyLauncher;
import org.zeofreeze.ui.session.RunLauncher;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.task.FxTaskExecutor;

/**
 * The real wizard in a TestFX stage: real views, real background tasks, a buildout on this
 * computer, profiles kept in a temporary directory.
 */
public final class WizardHarness {
    public final ZeoFreezeWizard wizard;
    public final Scene scene;

    private WizardHarness(ZeoFreezeWizard wizard, Scene scene) {
        this.wizard = wizard;
        this.scene = scene;
    }

    public static WizardHarness show(Stage stage, Path buildout, Path profiles) {
        return show(stage, App.localProfile(buildout.toString()), profiles, new ConfigOnlyLauncher(Clock.systemUTC()));
    }

    public static WizardHarness show(Stage stage, ClusterProfile profile, Path profiles, RunLauncher launcher) {
        App.installTheme();
        Session session = new Session(
                new FxTaskExecutor(),
                WizardHarness::localHostsOnly,
                new ProfileStore(profiles),
                launcher,
                Clock.systemUTC());
        session.profileProperty().set(profile);
        ZeoFreezeWizard wizard = new ZeoFreezeWizard(session);
        Scene scene = App.scene(wizard, () -> {});
        stage.setTitle("ZeoFreeze");
        stage.setScene(scene);
        stage.show();
        return new WizardHarness(wizard, scene);
    }

    /** This computer only: the UI tests use no SSH. */
    public static ProfileHosts localHostsOnly(ClusterProfile profile) {
        return new ProfileHosts(profile, entry -> {
            throw new IOException("no SSH in the UI tests (" + entry.name() + ")");
        });
    }

    /** Waits (up to 20 s) until the condition holds, letting the FX thread and background tasks run. */
    public static void waitUntil(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for the wizard", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    public int page() {
        return wizard.pager().indexProperty().get();
    }

    public Path screenshot(String name) {
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> Screenshots.save(scene, name)));
    }

    /** Presses the keys together, then lets them go: Alt+N, Shift+Tab. */
    public static void type(FxRobot robot, KeyCode... keys) {
        robot.press(keys).release(keys);
    }

    /** The id of the control that has the focus, "" for none. */
    public String focused() {
        Node owner = scene.getFocusOwner();
        return owner == null ? "" : String.valueOf(owner.getId());
    }

    /** Tab to the next control, which must be {@code id}. */
    public void tabTo(FxRobot robot, String id) {
        type(robot, KeyCode.TAB);
        waitUntil(() -> id.equals(focused()));
    }
}
