package org.zeofreeze.ui.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.ViewModels;

class ClusterViewModelTest {
    @TempDir
    Path dir;

    @Test
    void aNewProfileStartsWithThisComputerAndTheStandardBuildout() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        assertThat(model.hosts()).singleElement().satisfies(h -> {
            assertThat(h.isLocal()).isTrue();
            assertThat(h.buildoutDirProperty().get()).isEqualTo(Buildout.DEFAULT_DIR);
        });
        assertThat(model.readyProperty().get()).isFalse(); // no name yet
        model.nameProperty().set("prod");
        assertThat(model.readyProperty().get()).isTrue();
        model.hosts().get(0).buildoutDirProperty().set("relative/dir");
        assertThat(model.readyProperty().get()).isFalse();
    }

    @Test
    void testingConnectionsGivesOneResultLinePerHost() throws Exception {
        Path buildout = Fixtures.copyTree("odd", dir.resolve("b"));
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir.resolve("p")));
        model.nameProperty().set("odd");
        model.hosts().get(0).buildoutDirProperty().set(buildout.toString());
        HostRow remote = model.addHost();
        remote.addressProperty().set("zeo.example.org");
        model.testConnections();
        assertThat(model.hosts().get(0).checkProperty().get()).isEqualTo(HostRow.Check.OK);
        assertThat(model.hosts().get(0).resultProperty().get())
                .isEqualTo("Connected to this computer; " + buildout + " has 2 ZEO servers and 2 Zope clients");
        assertThat(remote.checkProperty().get()).isEqualTo(HostRow.Check.FAILED);
        assertThat(remote.resultProperty().get()).contains("no SSH");
    }

    @Test
    void nextSavesTheProfileAndReadsTheCluster() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Session session = ViewModels.session(dir.resolve("p"));
        ClusterViewModel model = new ClusterViewModel(session);
        model.nameProperty().set("guide");
        model.hosts().get(0).buildoutDirProperty().set(buildout.toString());
        boolean[] proceeded = {false};
        model.advance(() -> proceeded[0] = true);
        assertThat(proceeded[0]).isTrue();
        assertThat(session.discoveryProperty().get().cluster().storages()).hasSize(2);
        ClusterProfile saved = new ProfileStore(dir.resolve("p")).load("guide");
        assertThat(saved.hosts().get(0).buildoutDir()).isEqualTo(buildout.toString());
        assertThat(model.profileNames()).containsExactly("guide");
    }

    @Test
    void aMissingBuildoutStopsOnTheClusterPageWithTheReason() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir.resolve("p")));
        model.nameProperty().set("nowhere");
        model.hosts().get(0).buildoutDirProperty().set(dir.resolve("missing").toString());
        boolean[] proceeded = {false};
        model.advance(() -> proceeded[0] = true);
        assertThat(proceeded[0]).isFalse();
        assertThat(model.messageProperty().get()).contains("does not exist");
        assertThat(model.busyProperty().get()).isFalse();
    }

    @Test
    void aNextThatCannotReadTheBuildoutsSavesNoProfile() throws Exception {
        Session session = ViewModels.session(dir.resolve("p"));
        ClusterViewModel model = new ClusterViewModel(session);
        model.nameProperty().set("stray");
        model.hosts().get(0).buildoutDirProperty().set(dir.resolve("missing").toString());
        model.advance(() -> { });
        assertThat(session.profiles().names()).isEmpty();
        assertThat(model.profileNames()).isEmpty();
    }

    @Test
    void openingASavedProfilePutsItInTheSessionInPlaceOfWhatWasReadBefore() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Session session = ViewModels.discovered(buildout, dir.resolve("p"));
        session.profiles().save(ClusterProfile.local("other", "/srv/other"));
        ClusterViewModel model = new ClusterViewModel(session);
        model.open("other");
        assertThat(model.nameProperty().get()).isEqualTo("other");
        assertThat(session.profileProperty().get().name()).isEqualTo("other");
        assertThat(session.discoveryProperty().get()).as("the cluster read was the other profile's").isNull();
        model.newProfile();
        assertThat(session.profileProperty().get()).isNull();
    }
}
