package org.zeofreeze.ui.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.host.OutputListener;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.PartFile;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.Session;

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
    void aHostThatNamesItsFilesIsTestedForThemAndSavedWithThem() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("srv/etc"));
        Files.writeString(etc.resolve("zeo.conf"), "");
        HostEntry files = Fixtures.localFilesHost(
                "zeo",
                null,
                new PartFile("zeoserver", etc + "/zeo.conf", null),
                List.of(new PartFile("client1", etc + "/client1.conf", "127.0.0.1:18901")),
                null);
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir.resolve("p")));
        model.load(new ClusterProfile(
                "hand-kept", List.of(files), new ProcessControl.Supervisor(null, null), null, null, false));

        model.testConnections();
        assertThat(model.hosts().get(0).checkProperty().get()).isEqualTo(HostRow.Check.FAILED);
        assertThat(model.hosts().get(0).resultProperty().get()).contains(etc + "/client1.conf (client1) is not there");

        Files.writeString(etc.resolve("client1.conf"), "");
        model.testConnections();
        assertThat(model.hosts().get(0).resultProperty().get())
                .isEqualTo("Connected to this computer; the profile names 1 ZEO server and 1 Zope client, all there");
        // the page edits the directory only: the named files stay in the profile it makes
        assertThat(model.profile().hosts().get(0)).isEqualTo(files);
    }

    /** A profile of one host whose files are named, under supervisord. */
    private static ClusterProfile supervised(HostEntry host) {
        return new ClusterProfile(
                "hand-kept", List.of(host), new ProcessControl.Supervisor(null, null), null, null, false);
    }

    @Test
    void namedFilesTypedIntoTheFormMakeAHostOfTheFilesLayout() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.load(supervised(HostEntry.local("/srv/old")));
        HostRow row = model.hosts().get(0);
        row.layoutProperty().set(HostRow.Layout.FILES);
        FilesHostForm files = row.files();
        files.pythonProperty().set("/srv/plone/venv/bin/python");
        files.serverPartProperty().set("zeoserver");
        files.serverConfigProperty().set("/srv/plone/etc/zeo.conf");
        files.clients().get(0).partProperty().set("client1");
        files.clients().get(0).configProperty().set("/srv/plone/etc/client1/zope.conf");
        files.clients().get(0).httpProperty().set("127.0.0.1:8081");
        FilesHostForm.Client second = files.addClient();
        second.partProperty().set("client2");
        second.configProperty().set(" /srv/plone/etc/client2/zope.conf ");
        second.httpProperty().set("127.0.0.1:8082");

        assertThat(row.problemProperty().get()).isEmpty();
        assertThat(model.readyProperty().get()).isTrue();
        assertThat(model.profile().hosts())
                .containsExactly(Fixtures.localFilesHost(
                        "local",
                        null,
                        new PartFile("zeoserver", "/srv/plone/etc/zeo.conf", null),
                        List.of(
                                new PartFile("client1", "/srv/plone/etc/client1/zope.conf", "127.0.0.1:8081"),
                                new PartFile("client2", "/srv/plone/etc/client2/zope.conf", "127.0.0.1:8082")),
                        "/srv/plone/venv/bin/python"));
        assertThat(model.profile().hosts().get(0).homeDir())
                .as("left empty, the home directory is the zeo.conf's")
                .isEqualTo("/srv/plone/etc");

        // a host of clients only: the server line left empty, the home directory given
        files.serverPartProperty().set("");
        files.serverConfigProperty().set("");
        files.homeDirProperty().set("/srv/plone");
        files.removeClient(second);
        assertThat(model.profile().hosts().get(0).server()).isNull();
        assertThat(model.profile().hosts().get(0).homeDir()).isEqualTo("/srv/plone");
        assertThat(model.profile().hosts().get(0).clients()).hasSize(1);
    }

    @Test
    void aFieldTheProfileRefusesShowsItsMessageAndHoldsNext() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.load(supervised(HostEntry.local("/srv/old")));
        HostRow row = model.hosts().get(0);
        row.layoutProperty().set(HostRow.Layout.FILES);
        FilesHostForm.Client client = row.files().clients().get(0);
        client.partProperty().set("client1");
        client.configProperty().set("etc/client1/zope.conf");
        client.httpProperty().set("127.0.0.1:8081");

        assertThat(row.problemProperty().get())
                .isEqualTo("Host 'local': \"clients[0].config\" is 'etc/client1/zope.conf': write it as an absolute "
                        + "path (starting with /, without ..)");
        assertThat(row.problemFieldProperty().get())
                .as("the field the page shows it beside")
                .isEqualTo("clients[0].config");
        assertThat(model.readyProperty().get()).isFalse();

        client.configProperty().set("/srv/plone/etc/client1/zope.conf");
        client.httpProperty().set("8081");
        assertThat(row.problemFieldProperty().get()).isEqualTo("clients[0].http");
        assertThat(row.problemProperty().get()).contains("host:port");

        client.httpProperty().set("127.0.0.1:8081");
        row.files().pythonProperty().set("venv/bin/python");
        assertThat(row.problemFieldProperty().get()).isEqualTo("python");
        row.files().pythonProperty().set("");
        row.files().serverConfigProperty().set("/srv/plone/etc/zeo.conf");
        assertThat(row.problemFieldProperty().get()).isEqualTo("server.part");
        assertThat(row.problemProperty().get()).contains("\"server.part\" is ''");

        row.files().serverPartProperty().set("zeoserver");
        assertThat(row.problemProperty().get()).isEmpty();
        assertThat(model.readyProperty().get()).isTrue();
    }

    @Test
    void anOpenedFilesProfileFillsTheFormAndIsSavedAsItWas() {
        HostEntry host = HostEntry.files(
                "zeo",
                "zeo1.example.org",
                "plone",
                2222,
                "plone_daemon",
                "/srv/plone",
                new PartFile("zeoserver", "/srv/plone/etc/zeo.conf", null),
                List.of(
                        new PartFile("client1", "/srv/plone/etc/client1/zope.conf", "127.0.0.1:8081"),
                        new PartFile("client2", "/srv/plone/etc/client2/zope.conf", "127.0.0.1:8082")),
                "/srv/plone/venv/bin/python");
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.load(supervised(host));

        HostRow row = model.hosts().get(0);
        assertThat(row.layoutProperty().get()).isEqualTo(HostRow.Layout.FILES);
        FilesHostForm files = row.files();
        assertThat(files.homeDirProperty().get()).isEqualTo("/srv/plone");
        assertThat(files.pythonProperty().get()).isEqualTo("/srv/plone/venv/bin/python");
        assertThat(files.serverPartProperty().get()).isEqualTo("zeoserver");
        assertThat(files.serverConfigProperty().get()).isEqualTo("/srv/plone/etc/zeo.conf");
        assertThat(files.clients())
                .extracting(c -> c.partProperty().get() + " "
                        + c.configProperty().get() + " " + c.httpProperty().get())
                .containsExactly(
                        "client1 /srv/plone/etc/client1/zope.conf 127.0.0.1:8081",
                        "client2 /srv/plone/etc/client2/zope.conf 127.0.0.1:8082");
        assertThat(model.readyProperty().get()).isTrue();
        assertThat(model.profile().hosts()).as("port and sudo user kept").containsExactly(host);
    }

    @Test
    void switchingTheLayoutBackAndForthKeepsWhatWasTypedInEach() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.load(supervised(HostEntry.local("/srv/old")));
        HostRow row = model.hosts().get(0);
        row.layoutProperty().set(HostRow.Layout.FILES);
        row.files().serverPartProperty().set("zeoserver");
        row.files().serverConfigProperty().set("/srv/plone/etc/zeo.conf");
        row.files().clients().get(0).partProperty().set("client1");

        row.layoutProperty().set(HostRow.Layout.BUILDOUT);
        assertThat(model.profile().hosts()).containsExactly(HostEntry.local("/srv/old"));
        assertThat(row.problemProperty().get())
                .as("the files' half-typed client does not hold a buildout host")
                .isEmpty();
        row.buildoutDirProperty().set("/srv/other");

        row.layoutProperty().set(HostRow.Layout.FILES);
        assertThat(row.files().serverConfigProperty().get()).isEqualTo("/srv/plone/etc/zeo.conf");
        assertThat(row.files().clients().get(0).partProperty().get()).isEqualTo("client1");
        assertThat(row.problemFieldProperty().get()).isEqualTo("clients[0].config");

        row.layoutProperty().set(HostRow.Layout.BUILDOUT);
        assertThat(model.profile().hosts()).containsExactly(HostEntry.local("/srv/other"));
    }

    @Test
    void aFilesHostUnderTheBuildoutScriptsIsRefusedWithTheProfilesReasonAndWhereToNameItsControl() {
        Session session = ViewModels.session(dir);
        ClusterViewModel model = new ClusterViewModel(session);
        model.nameProperty().set("hand-kept");
        HostRow row = model.hosts().get(0);
        row.layoutProperty().set(HostRow.Layout.FILES);
        row.files().serverPartProperty().set("zeoserver");
        row.files().serverConfigProperty().set("/srv/plone/etc/zeo.conf");
        row.files().removeClient(row.files().clients().get(0));
        assertThat(row.problemProperty().get()).isEmpty();

        assertThat(model.profileProblemProperty().get())
                .contains(
                        "has the files layout, which has no bin/PART scripts",
                        "\"supervisor\", \"systemd\" or \"custom\"",
                        session.profiles().pathOf("hand-kept").toString());
        assertThat(model.readyProperty().get()).isFalse();

        assertThat(model.profileProblemProperty().get())
                .as("the page now says where the control is chosen")
                .contains("Choose supervisorctl or systemctl under Process control");
        model.control().kindProperty().set(ControlForm.Kind.SUPERVISOR);
        assertThat(model.profileProblemProperty().get()).isEmpty();
        assertThat(model.readyProperty().get()).isTrue();
        model.control().kindProperty().set(ControlForm.Kind.BUILDOUT);
        assertThat(model.readyProperty().get()).isFalse();

        row.layoutProperty().set(HostRow.Layout.BUILDOUT);
        assertThat(model.profileProblemProperty().get()).isEmpty();
        assertThat(model.readyProperty().get()).isTrue();
    }

    @Test
    void aNewProfileIsControlledByTheBuildoutsScripts() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.nameProperty().set("prod");
        assertThat(model.control().kindProperty().get()).isEqualTo(ControlForm.Kind.BUILDOUT);
        assertThat(model.control().customProperty().get()).isNull();
        assertThat(model.controlProblemProperty().get()).isEqualTo(ControlForm.Problem.NONE);
        assertThat(model.profile().control()).isEqualTo(new ProcessControl.BuildoutScripts());
    }

    @Test
    void supervisorProgramsAndItsConfigFileGoIntoTheProfileAndComeBackFromItsFile() throws Exception {
        Session session = ViewModels.session(dir);
        ClusterViewModel model = new ClusterViewModel(session);
        model.nameProperty().set("prod");
        ControlForm control = model.control();
        control.kindProperty().set(ControlForm.Kind.SUPERVISOR);
        control.configFileProperty().set(" /srv/plone/etc/supervisord.conf ");
        control.programsProperty().set("zeoserver=plone-zeo,client1 = plone-client1, ");
        assertThat(model.controlProblemProperty().get().message())
                .as("a trailing comma is an empty entry")
                .isEqualTo("Entry 3 of the supervisor programs is empty: write each as part=program "
                        + "(e.g. client1=plone-client1), separated by commas");
        control.programsProperty().set("zeoserver=plone-zeo,client1 = plone-client1");

        assertThat(model.readyProperty().get()).isTrue();
        ProcessControl.Supervisor expected = new ProcessControl.Supervisor(
                "supervisorctl",
                Map.of("zeoserver", "plone-zeo", "client1", "plone-client1"),
                "/srv/plone/etc/supervisord.conf");
        assertThat(model.profile().control()).isEqualTo(expected);

        session.profiles().save(model.profile());
        ClusterViewModel reopened = new ClusterViewModel(ViewModels.session(dir));
        reopened.open("prod");
        ControlForm shown = reopened.control();
        assertThat(shown.kindProperty().get()).isEqualTo(ControlForm.Kind.SUPERVISOR);
        assertThat(shown.supervisorctlProperty().get())
                .as("the default shown as the empty field it came from")
                .isEmpty();
        assertThat(shown.configFileProperty().get()).isEqualTo("/srv/plone/etc/supervisord.conf");
        assertThat(shown.programsProperty().get()).isEqualTo("client1=plone-client1, zeoserver=plone-zeo");
        assertThat(reopened.profile().control()).isEqualTo(expected);
    }

    @Test
    void systemdUnitsOfTheLoginsOwnSystemdGoIntoTheProfile() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.nameProperty().set("prod");
        ControlForm control = model.control();
        control.kindProperty().set(ControlForm.Kind.SYSTEMD);
        assertThat(model.profile().control())
                .as("empty: each part's own unit, the system's systemd")
                .isEqualTo(new ProcessControl.Systemd("systemctl", false, Map.of()));
        control.systemctlProperty().set("/usr/bin/systemctl");
        control.userProperty().set(true);
        control.unitsProperty().set("zeoserver=plone-zeo.service, client1=plone-client@1");

        assertThat(model.readyProperty().get()).isTrue();
        ProcessControl systemd = model.profile().control();
        assertThat(systemd)
                .isEqualTo(new ProcessControl.Systemd(
                        "/usr/bin/systemctl",
                        true,
                        Map.of("zeoserver", "plone-zeo.service", "client1", "plone-client@1")));
        assertThat(systemd.stop("/srv/plone", "client1"))
                .containsExactly("/usr/bin/systemctl", "--user", "stop", "--", "plone-client@1");

        control.unitsProperty().set("client1=a=b");
        assertThat(model.controlProblemProperty().get())
                .isEqualTo(new ControlForm.Problem(
                        ControlForm.Field.UNITS,
                        "The systemd unit of part 'client1' is 'a=b'; name a unit (not empty, not starting with "
                                + "'-', without '=')"));
    }

    @Test
    void aControlTheRecordsRefuseShowsTheirMessageUnderItsFieldAndHoldsNext() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.nameProperty().set("prod");
        ControlForm control = model.control();
        control.kindProperty().set(ControlForm.Kind.SUPERVISOR);
        assertThat(model.readyProperty().get()).isTrue();

        control.programsProperty().set("client1=-x");
        assertThat(model.controlProblemProperty().get())
                .isEqualTo(new ControlForm.Problem(
                        ControlForm.Field.PROGRAMS,
                        "The supervisor program of part 'client1' is '-x'; name a program (not empty, not starting "
                                + "with '-')"));
        assertThat(model.readyProperty().get()).isFalse();
        boolean[] proceeded = {false};
        model.advance(() -> proceeded[0] = true);
        assertThat(proceeded[0]).isFalse();
        assertThat(model.messageProperty().get()).contains("'-x'", "name a program");

        control.programsProperty().set("client1");
        assertThat(model.controlProblemProperty().get())
                .isEqualTo(new ControlForm.Problem(
                        ControlForm.Field.PROGRAMS,
                        "Entry 1 of the supervisor programs, 'client1', has no '=': write each as part=program "
                                + "(e.g. client1=plone-client1), separated by commas"));
        control.programsProperty().set("client1=plone-client1, =zeo");
        assertThat(model.controlProblemProperty().get().message())
                .startsWith("Entry 2 of the supervisor programs, '=zeo', names no part before '='");
        control.programsProperty().set("client1=plone client1");
        assertThat(model.controlProblemProperty().get().message()).contains("has a space inside a name");
        control.programsProperty().set("client1=a, client1=b");
        assertThat(model.controlProblemProperty().get().message()).contains("names part 'client1' again");

        control.programsProperty().set("client1=plone-client1");
        control.configFileProperty().set("etc/supervisord.conf");
        assertThat(model.controlProblemProperty().get())
                .isEqualTo(new ControlForm.Problem(
                        ControlForm.Field.CONFIG_FILE,
                        "The supervisor control's \"configFile\" is 'etc/supervisord.conf': write it as an absolute "
                                + "path (starting with /)"));
        assertThat(model.readyProperty().get()).isFalse();

        control.configFileProperty().set("");
        control.supervisorctlProperty().set("-c /etc/s.conf");
        assertThat(model.controlProblemProperty().get().field()).isEqualTo(ControlForm.Field.SUPERVISORCTL);
        control.supervisorctlProperty().set("/srv/plone/venv/bin/supervisorctl");
        assertThat(model.controlProblemProperty().get()).isEqualTo(ControlForm.Problem.NONE);
        assertThat(model.readyProperty().get()).isTrue();

        // what the kind not chosen holds does not hold Next
        control.unitsProperty().set("client1");
        assertThat(model.readyProperty().get()).isTrue();
        control.kindProperty().set(ControlForm.Kind.SYSTEMD);
        assertThat(model.controlProblemProperty().get().field()).isEqualTo(ControlForm.Field.UNITS);
        assertThat(model.readyProperty().get()).isFalse();
        control.kindProperty().set(ControlForm.Kind.SUPERVISOR);
        assertThat(model.profile().control())
                .as("switching back and forth keeps what was typed in each")
                .isEqualTo(new ProcessControl.Supervisor(
                        "/srv/plone/venv/bin/supervisorctl", Map.of("client1", "plone-client1"), null));
    }

    @Test
    void anOpenedCustomControlIsShownAndSavedUnchanged() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        ProcessControl.Custom custom = new ProcessControl.Custom(
                List.of("/srv/plone/bin/ctl", "start", "{part}"),
                List.of("/srv/plone/bin/ctl", "stop", "{part}"),
                List.of("/srv/plone/bin/ctl", "status", "{part}"));
        Session session = ViewModels.session(dir.resolve("p"));
        session.profiles()
                .save(new ClusterProfile(
                        "own", List.of(HostEntry.local(buildout.toString())), custom, null, null, false));
        ClusterViewModel model = new ClusterViewModel(session);
        model.open("own");
        ControlForm control = model.control();
        assertThat(control.kindProperty().get()).isEqualTo(ControlForm.Kind.CUSTOM);
        assertThat(control.customProperty().get()).isEqualTo(custom);
        assertThat(model.profileFileProperty().get())
                .isEqualTo(session.profiles().pathOf("own").toString());

        control.kindProperty().set(ControlForm.Kind.SYSTEMD);
        assertThat(model.profile().control()).isInstanceOf(ProcessControl.Systemd.class);
        control.kindProperty().set(ControlForm.Kind.CUSTOM);
        boolean[] proceeded = {false};
        model.advance(() -> proceeded[0] = true);
        assertThat(proceeded[0]).isTrue();
        assertThat(session.profiles().load("own").control()).isEqualTo(custom);

        model.newProfile();
        assertThat(control.kindProperty().get()).isEqualTo(ControlForm.Kind.BUILDOUT);
        assertThat(control.customProperty().get())
                .as("no other profile's commands")
                .isNull();
    }

    @Test
    void aTargetsOwnControlAndNamedZeoConfAreShownAndSavedAsTheProfileHadThem() {
        MigrationTarget target = new MigrationTarget(
                "new",
                "zeo2.example.org",
                null,
                null,
                "/srv/new",
                List.of(),
                null,
                true,
                null,
                new ProcessControl.Systemd(null, false, null),
                new PartFile("zeoserver", "/srv/new/etc/zeo.conf", null));
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir.resolve("p")));
        model.load(new ClusterProfile("moving", List.of(HostEntry.local("/srv/b")), null, target, null, false));

        assertThat(model.target().layoutProperty().get()).isEqualTo(HostRow.Layout.FILES);
        assertThat(model.target().serverConfigProperty().get()).isEqualTo("/srv/new/etc/zeo.conf");
        assertThat(model.target().control().kindProperty().get()).isEqualTo(ControlForm.Kind.SYSTEMD);
        assertThat(model.profile().target()).isEqualTo(target);
    }

    @Test
    void aTargetThatNamesItsZeoConfWithASupervisorControlOfItsOwnGoesIntoTheProfileAndComesBack() throws Exception {
        Session session = ViewModels.session(dir);
        ClusterViewModel model = new ClusterViewModel(session);
        model.nameProperty().set("moving");
        TargetForm t = model.target();
        t.addressProperty().set("zeo2.example.org");
        t.buildoutDirProperty().set("/srv/plone");
        t.layoutProperty().set(HostRow.Layout.FILES);
        t.serverConfigProperty().set("/srv/plone/etc/zeo.conf");
        t.control().kindProperty().set(ControlForm.Kind.SUPERVISOR);
        t.control().configFileProperty().set("/srv/plone/etc/supervisord.conf");
        t.control().programsProperty().set("zeoserver=plone-zeo");
        assertThat(model.targetProblemProperty().get()).isEmpty();
        assertThat(model.targetControlRefusalProperty().get()).isEmpty();
        assertThat(model.readyProperty().get()).isTrue();

        MigrationTarget expected = new MigrationTarget(
                "target",
                "zeo2.example.org",
                null,
                null,
                "/srv/plone",
                List.of(),
                null,
                true,
                null,
                new ProcessControl.Supervisor(
                        "supervisorctl", Map.of("zeoserver", "plone-zeo"), "/srv/plone/etc/supervisord.conf"),
                new PartFile("zeoserver", "/srv/plone/etc/zeo.conf", null));
        assertThat(model.profile().target()).as("an empty part is zeoserver").isEqualTo(expected);
        assertThat(model.profile().control())
                .as("the cluster's own is not the target's")
                .isEqualTo(new ProcessControl.BuildoutScripts());

        session.profiles().save(model.profile());
        ClusterViewModel reopened = new ClusterViewModel(ViewModels.session(dir));
        reopened.open("moving");
        TargetForm shown = reopened.target();
        assertThat(shown.layoutProperty().get()).isEqualTo(HostRow.Layout.FILES);
        assertThat(shown.buildoutDirProperty().get()).isEqualTo("/srv/plone");
        assertThat(shown.serverPartProperty().get()).isEqualTo("zeoserver");
        assertThat(shown.serverConfigProperty().get()).isEqualTo("/srv/plone/etc/zeo.conf");
        assertThat(shown.control().kindProperty().get()).isEqualTo(ControlForm.Kind.SUPERVISOR);
        assertThat(shown.control().programsProperty().get()).isEqualTo("zeoserver=plone-zeo");
        assertThat(reopened.profile().target()).isEqualTo(expected);

        shown.layoutProperty().set(HostRow.Layout.BUILDOUT);
        assertThat(reopened.profile().target().server())
                .as("a buildout again names no zeo.conf")
                .isNull();
    }

    @Test
    void aTargetThatNamesItsZeoConfUnderTheClustersBuildoutScriptsIsRefusedWithTheProfilesReasonAndHoldsNext() {
        Session session = ViewModels.session(dir);
        ClusterViewModel model = new ClusterViewModel(session);
        model.nameProperty().set("moving");
        TargetForm t = model.target();
        t.buildoutDirProperty().set("/srv/plone");
        assertThat(model.readyProperty().get()).as("a buildout target").isTrue();
        t.layoutProperty().set(HostRow.Layout.FILES);
        t.serverConfigProperty().set("/srv/plone/etc/zeo.conf");
        assertThat(t.control().kindProperty().get()).isEqualTo(ControlForm.Kind.SAME_AS_CLUSTER);

        String refusal = model.targetControlRefusalProperty().get();
        assertThat(refusal)
                .startsWith("Profile 'moving': the migration target 'target' names its zeo.conf (\"server\"), so it "
                        + "has no bin/zeoserver to start and stop")
                .contains("Choose supervisorctl or systemctl here as the target's own");
        assertThat(model.targetProblemProperty().get())
                .as("the target itself is valid")
                .isEmpty();
        assertThat(model.profileProblemProperty().get())
                .as("said once, under the target's control")
                .isEmpty();
        assertThat(model.readyProperty().get()).isFalse();
        boolean[] proceeded = {false};
        model.advance(() -> proceeded[0] = true);
        assertThat(proceeded[0]).isFalse();
        assertThat(model.messageProperty().get()).contains("names its zeo.conf");

        t.control().kindProperty().set(ControlForm.Kind.BUILDOUT);
        assertThat(model.targetControlRefusalProperty().get())
                .as("its own buildout scripts are none either")
                .contains("has no bin/zeoserver");
        model.control().kindProperty().set(ControlForm.Kind.SYSTEMD);
        t.control().kindProperty().set(ControlForm.Kind.SAME_AS_CLUSTER);
        assertThat(model.targetControlRefusalProperty().get())
                .as("the cluster's systemctl starts it")
                .isEmpty();
        assertThat(model.readyProperty().get()).isTrue();
    }

    @Test
    void aTargetThatIsTheSameAsTheClusterSavesNoControlOfItsOwn() throws Exception {
        Session session = ViewModels.session(dir);
        ClusterViewModel model = new ClusterViewModel(session);
        model.nameProperty().set("moving");
        model.control().kindProperty().set(ControlForm.Kind.SYSTEMD);
        TargetForm t = model.target();
        t.buildoutDirProperty().set("/srv/plone");
        t.layoutProperty().set(HostRow.Layout.FILES);
        t.serverPartProperty().set("zeo");
        t.serverConfigProperty().set("/srv/plone/etc/zeo.conf");
        t.control().kindProperty().set(ControlForm.Kind.SUPERVISOR);
        t.control().kindProperty().set(ControlForm.Kind.SAME_AS_CLUSTER);
        assertThat(model.readyProperty().get()).isTrue();
        assertThat(model.profile().target().control()).isNull();
        assertThat(model.profile().target().server()).isEqualTo(new PartFile("zeo", "/srv/plone/etc/zeo.conf", null));

        session.profiles().save(model.profile());
        assertThat(session.profiles().load("moving").target().control()).isNull();
        ClusterViewModel reopened = new ClusterViewModel(ViewModels.session(dir));
        reopened.open("moving");
        assertThat(reopened.target().control().kindProperty().get()).isEqualTo(ControlForm.Kind.SAME_AS_CLUSTER);
        assertThat(reopened.control().kindProperty().get())
                .as("the cluster's own control never inherits")
                .isEqualTo(ControlForm.Kind.SYSTEMD);
    }

    @Test
    void aRelativeZeoConfOfTheTargetIsRefusedWithItsMessageUnderItsField() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.nameProperty().set("moving");
        model.control().kindProperty().set(ControlForm.Kind.SUPERVISOR);
        TargetForm t = model.target();
        t.buildoutDirProperty().set("/srv/plone");
        t.layoutProperty().set(HostRow.Layout.FILES);
        t.serverConfigProperty().set("etc/zeo.conf");
        assertThat(model.targetProblemProperty().get())
                .isEqualTo("The migration target 'target': \"server.config\" is 'etc/zeo.conf': write it as an "
                        + "absolute path (starting with /, without ..)");
        assertThat(model.targetProblemFieldProperty().get()).isEqualTo("server.config");
        assertThat(model.readyProperty().get()).isFalse();

        t.serverConfigProperty().set("");
        assertThat(model.targetProblemProperty().get()).contains("\"server.config\" is missing");
        t.serverConfigProperty().set("/srv/plone/etc/zeo.conf");
        t.serverPartProperty().set("-zeo");
        assertThat(model.targetProblemFieldProperty().get()).isEqualTo("server.part");
        t.serverPartProperty().set("");
        t.buildoutDirProperty().set("srv/plone");
        assertThat(model.targetProblemProperty().get())
                .as("said as the form names it")
                .startsWith("The migration target's home directory is 'srv/plone'");
        t.buildoutDirProperty().set("/srv/plone");
        assertThat(model.targetProblemProperty().get()).isEmpty();
        assertThat(model.readyProperty().get()).isTrue();
    }

    @Test
    void testingConnectionsChecksTheZeoConfATargetNames() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir.resolve("p")));
        model.nameProperty().set("guide");
        model.hosts().get(0).buildoutDirProperty().set(buildout.toString());
        Path home = Files.createDirectories(dir.resolve("new/etc")).getParent();
        TargetForm t = model.target();
        t.buildoutDirProperty().set(home.toString());
        t.layoutProperty().set(HostRow.Layout.FILES);
        t.serverConfigProperty().set(home.resolve("etc/zeo.conf").toString());
        t.control().kindProperty().set(ControlForm.Kind.SYSTEMD);
        model.testConnections();
        assertThat(t.checkProperty().get()).isEqualTo(HostRow.Check.FAILED);
        assertThat(t.resultProperty().get()).endsWith(home.resolve("etc/zeo.conf") + " (zeoserver) is not there");
        Files.writeString(home.resolve("etc/zeo.conf"), "");
        model.testConnections();
        assertThat(t.checkProperty().get()).isEqualTo(HostRow.Check.OK);
        assertThat(t.resultProperty().get())
                .startsWith("Connected to this computer; " + home + " and " + home.resolve("etc/zeo.conf")
                        + " are there and so is rsync");
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
        model.advance(() -> {});
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
        assertThat(session.discoveryProperty().get())
                .as("the cluster read was the other profile's")
                .isNull();
        model.newProfile();
        assertThat(session.profileProperty().get()).isNull();
    }

    @Test
    void theTargetSectionIsTheProfilesMigrationTargetAndLeftEmptyThereIsNone() throws Exception {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.nameProperty().set("prod");
        assertThat(model.profile().target()).isNull();
        TargetForm t = model.target();
        t.buildoutDirProperty().set("/srv/new/zeocluster");
        assertThat(model.profile().target()).satisfies(target -> {
            assertThat(target.isLocal()).as("an empty host is this computer").isTrue();
            assertThat(target.buildoutDir()).isEqualTo("/srv/new/zeocluster");
            assertThat(target.preSyncs()).isTrue();
            assertThat(target.bandwidthLimitKBps()).isNull();
        });
        t.addressProperty().set("new.example.org");
        t.userProperty().set("plone");
        t.zeoAddressProperty().set("10.0.0.5:8100");
        t.bandwidthProperty().set("5000");
        t.preSyncProperty().set(false);
        assertThat(model.readyProperty().get()).isTrue();
        assertThat(model.profile().target())
                .isEqualTo(new MigrationTarget(
                        "target",
                        "new.example.org",
                        "plone",
                        null,
                        "/srv/new/zeocluster",
                        null,
                        5000,
                        false,
                        "10.0.0.5:8100"));
    }

    @Test
    void aTargetThatCannotBeSavedHoldsNextWithTheReason() {
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir));
        model.nameProperty().set("prod");
        TargetForm t = model.target();
        t.addressProperty().set("new.example.org");
        assertThat(model.readyProperty().get()).isFalse();
        assertThat(model.targetProblemProperty().get()).contains("needs a buildout directory");
        t.buildoutDirProperty().set("/srv/new");
        t.zeoAddressProperty().set("new.example.org");
        assertThat(model.targetProblemProperty().get()).contains("zeoAddress", "host:port");
        t.zeoAddressProperty().set("");
        t.bandwidthProperty().set("fast");
        assertThat(model.targetProblemProperty().get()).contains("bandwidth limit", "KB/s");
        t.bandwidthProperty().set("");
        assertThat(model.targetProblemProperty().get()).isEmpty();
        assertThat(model.readyProperty().get()).isTrue();
    }

    @Test
    void theSiteAddressIsSavedInTheProfilesMaintenanceAndABadOneHoldsNextWithTheReason() {
        Session session = ViewModels.session(dir);
        Maintenance balancer =
                new Maintenance(null, List.of(), List.of(), List.of("drain", "{part}"), List.of("ready", "{part}"), 3);
        session.profileProperty()
                .set(new ClusterProfile("prod", List.of(HostEntry.local("/srv/old")), null, null, balancer, false));
        ClusterViewModel model = new ClusterViewModel(session);
        assertThat(model.siteUrlProperty().get()).isEmpty();

        model.siteUrlProperty().set("www.example.org");
        assertThat(model.readyProperty().get()).isFalse();
        assertThat(model.siteProblemProperty().get()).contains("siteUrl 'www.example.org'", "http:// or https://");
        model.siteUrlProperty().set("https://www.example.org/");
        assertThat(model.siteProblemProperty().get()).isEmpty();
        assertThat(model.readyProperty().get()).isTrue();
        assertThat(model.profile().maintenance())
                .as("the drain commands kept")
                .isEqualTo(balancer.withSiteUrl("https://www.example.org/"));
    }

    @Test
    void aSavedTargetIsShownAndKeepsWhatThePageDoesNotEdit() throws Exception {
        MigrationTarget saved = new MigrationTarget(
                "new", "new.example.org", null, 2222, "/srv/new", List.of("ssh", "-i", "k"), null, null, null);
        Session session = ViewModels.session(dir);
        session.profileProperty()
                .set(new ClusterProfile("prod", List.of(HostEntry.local("/srv/old")), null, saved, null, false));
        ClusterViewModel model = new ClusterViewModel(session);
        assertThat(model.target().addressProperty().get()).isEqualTo("new.example.org");
        assertThat(model.target().buildoutDirProperty().get()).isEqualTo("/srv/new");
        assertThat(model.target().preSyncProperty().get()).isTrue();
        assertThat(model.profile().target())
                .isEqualTo(new MigrationTarget(
                        "new", "new.example.org", null, 2222, "/srv/new", List.of("ssh", "-i", "k"), null, true, null));
    }

    @Test
    void testingConnectionsAlsoChecksTheTargetFromEachSourceHost() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        ClusterViewModel model = new ClusterViewModel(ViewModels.session(dir.resolve("p")));
        model.nameProperty().set("guide");
        model.hosts().get(0).buildoutDirProperty().set(buildout.toString());
        model.target().buildoutDirProperty().set(dir.resolve("missing").toString());
        model.testConnections();
        assertThat(model.target().checkProperty().get()).isEqualTo(HostRow.Check.FAILED);
        assertThat(model.target().resultProperty().get()).contains("is not a directory there");
        Files.createDirectories(dir.resolve("new"));
        model.target().buildoutDirProperty().set(dir.resolve("new").toString());
        model.testConnections();
        assertThat(model.target().checkProperty().get()).isEqualTo(HostRow.Check.OK);
        assertThat(model.target().resultProperty().get())
                .startsWith("Connected to this computer; " + dir.resolve("new") + " is there and so is rsync");
    }

    @Test
    void aTargetOverSshIsReachedFromEachSourceWithRsyncsOwnShellCommand() throws Exception {
        // A source host whose every command is recorded and succeeds: the check is the command run there.
        List<List<String>> ran = new ArrayList<>();
        Host recording = new Recording(new LocalHost("zeo"), ran);
        MigrationTarget target = new MigrationTarget(null, "new.example.org", "plone", 2222, "/", null);
        ClusterProfile profile = new ClusterProfile(
                "prod",
                List.of(new HostEntry("zeo", "zeo.example.org", null, null, "/srv/old", null)),
                null,
                target,
                null,
                false);
        ProfileHosts hosts = new ProfileHosts(
                profile, entry -> entry.name().equals("zeo") ? recording : new LocalHost(entry.name()));
        String line = ClusterViewModel.probeTarget(hosts, target, profile.hosts());
        assertThat(ran)
                .contains(
                        List.of("rsync", "--version"),
                        List.of("ssh", "-o", "BatchMode=yes", "-p", "2222", "plone@new.example.org", "true"));
        assertThat(line).endsWith("zeo reaches it with rsync over SSH");
    }

    /** This computer under another name, recording each command instead of running it (each succeeds). */
    private record Recording(LocalHost local, List<List<String>> ran) implements Host {
        @Override
        public String name() {
            return "zeo";
        }

        @Override
        public List<String> list(String d) throws IOException {
            return local.list(d);
        }

        @Override
        public byte[] read(String path) throws IOException {
            return local.read(path);
        }

        @Override
        public Optional<FileStat> stat(String path) throws IOException {
            return local.stat(path);
        }

        @Override
        public void writeAtomically(String path, byte[] content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void createFile(String path, byte[] content, int mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void makeDirectories(String d) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
                throws IOException, InterruptedException {
            ran.add(argv);
            return local.run(List.of("true"), timeout, listener);
        }
    }
}
