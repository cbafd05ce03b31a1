package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.session.Session;

/** The status bar says what is done to how many storages, not the cluster's count beside the mode. */
class WizardStatusLineTest {
    @TempDir
    Path dir;

    @Test
    void theStatusLineCountsTheChosenStoragesOfTheCluster() throws Exception {
        Session session =
                ViewModels.planned(Fixtures.copyTree("guide", dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        var profile = session.profileProperty().get();
        var discovery = session.discoveryProperty().get();
        var plan = session.planProperty().get();

        assertThat(ZeoFreezeWizard.statusLine(null, "freeze", null, null)).isEqualTo("No profile yet · freeze");
        assertThat(ZeoFreezeWizard.statusLine(profile, "move", discovery, null))
                .isEqualTo("Profile " + profile.name() + " · move · the cluster has 2 storages");
        assertThat(ZeoFreezeWizard.statusLine(profile, "move", discovery, plan))
                .isEqualTo("Profile " + profile.name() + " · move 1 of 2 storages");
    }
}
