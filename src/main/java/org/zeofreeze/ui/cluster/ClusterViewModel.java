package org.zeofreeze.ui.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.cluster.FilesLayout;
import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.format.Sentences;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Cluster page: open or create a profile, edit its hosts and process control, test the
 * connections. Next saves the profile, connects every host and reads the cluster from their
 * buildouts.
 */
public final class ClusterViewModel implements PageModel {
    private final Session session;
    private final ObservableList<String> profileNames = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final ObservableList<HostRow> hosts = FXCollections.observableArrayList(HostRow::fields);
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final TargetForm target = new TargetForm();
    private final StringBinding targetProblem;
    /** The field of the target's named zeo.conf {@link #targetProblem} names ({@code "server.config"}); empty if none. */
    private final StringBinding targetProblemField;
    /** Why the target's own process control makes no control, and the field it is about. */
    private final ObjectBinding<ControlForm.Problem> targetControlProblem;
    /** The profile's refusal of the target's control (a target that is no buildout has no bin/ scripts). */
    private final StringBinding targetControlRefusal;

    private final ControlForm control = new ControlForm();
    /** Why the process control section makes no control, and the field it is about. */
    private final ObjectBinding<ControlForm.Problem> controlProblem;
    /** The file the profile is saved to, where what the page does not edit is written. */
    private final StringBinding profileFile;
    /** The site as its users reach it (the balancer), watched during a run; empty: not watched. */
    private final StringProperty siteUrl = new SimpleStringProperty("");

    private final StringBinding siteProblem;
    /** Why the hosts, each valid, make no profile together (their names, the process control). */
    private final StringBinding profileProblem;

    private final BooleanBinding ready;
    /** The profile as opened, so parts this page does not edit (maintenance, chmod...) are kept. */
    private ClusterProfile opened;

    public ClusterViewModel(Session session) {
        this.session = session;
        targetProblem = Bindings.createStringBinding(this::checkTarget, concat(target.fields(), hosts));
        controlProblem = Bindings.createObjectBinding(control::check, control.fields());
        targetProblemField =
                Bindings.createStringBinding(() -> FilesHostForm.fieldNamedIn(targetProblem.get()), targetProblem);
        targetControlProblem = Bindings.createObjectBinding(
                target.control()::check, target.control().fields());
        profileFile = Bindings.createStringBinding(
                () -> name.get().isBlank()
                        ? ""
                        : session.profiles().pathOf(name.get().strip()).toString(),
                name);
        siteProblem = Bindings.createStringBinding(
                () -> {
                    try {
                        Maintenance.none().withSiteUrl(siteUrl.get());
                        return "";
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                },
                siteUrl);
        targetControlRefusal = Bindings.createStringBinding(
                this::checkTargetControl,
                concat(
                        concat(
                                concat(target.fields(), control.fields()),
                                target.control().fields()),
                        name,
                        hosts));
        profileProblem = Bindings.createStringBinding(
                this::checkProfile,
                name,
                hosts,
                targetProblem,
                siteProblem,
                controlProblem,
                targetControlProblem,
                targetControlRefusal);
        ready = Bindings.createBooleanBinding(
                () -> siteProblem.get().isEmpty()
                        && !name.get().isBlank()
                        && !hosts.isEmpty()
                        && hosts.stream().allMatch(h -> h.problem().isEmpty())
                        && targetProblem.get().isEmpty()
                        && controlProblem.get() == ControlForm.Problem.NONE
                        && targetControlProblem.get() == ControlForm.Problem.NONE
                        && targetControlRefusal.get().isEmpty()
                        && profileProblem.get().isEmpty(),
                name,
                hosts,
                targetProblem,
                controlProblem,
                targetControlProblem,
                targetControlRefusal,
                siteProblem,
                profileProblem);
        refreshProfileNames();
        if (session.profileProperty().get() != null) {
            load(session.profileProperty().get());
        } else {
            newProfile();
        }
        // Taking up a journaled run puts its profile into the session.
        session.profileProperty().addListener((o, a, b) -> {
            if (b != null && b != opened) {
                load(b);
            }
        });
    }

    private static Observable[] concat(Observable[] some, Observable... more) {
        Observable[] all = Arrays.copyOf(some, some.length + more.length);
        System.arraycopy(more, 0, all, some.length, more.length);
        return all;
    }

    /** Why the target section cannot be saved; empty when it can (or is empty). */
    private String checkTarget() {
        String problem = target.problem();
        if (!problem.isEmpty() || target.isEmpty()) {
            return problem;
        }
        String targetName = target.name();
        if (hosts.stream().anyMatch(h -> h.nameProperty().get().strip().equals(targetName))) {
            return "A host is named '" + targetName + "', the name the migration target goes by: rename the host";
        }
        return "";
    }

    /**
     * The profile's refusal of a target whose control, its own or the cluster's, cannot start the
     * ZEO server it names (a target that is no buildout has no bin/zeoserver): asked of a profile
     * of the target alone, so the refusal is the target's. Empty while the name, the target or a
     * control has a problem of its own.
     */
    private String checkTargetControl() {
        if (name.get().isBlank()
                || target.isEmpty()
                || !targetProblem.get().isEmpty()
                || controlProblem.get() != ControlForm.Problem.NONE
                || targetControlProblem.get() != ControlForm.Problem.NONE) {
            return "";
        }
        try {
            new ClusterProfile(name.get().strip(), List.of(), control.toControl(), target.toTarget(), null, false);
            return "";
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            return Sentences.capitalized(m)
                    + ". Choose supervisorctl or systemctl here as the target's own, or for the whole cluster "
                    + "under Process control above.";
        }
    }

    /**
     * The profile's refusal of hosts that are each valid, such as a host of the files layout under
     * the buildout scripts' control. Empty while a host, the target, the process control or the
     * site address has a problem of its own: that one is shown where it is.
     */
    private String checkProfile() {
        if (name.get().isBlank()
                || !targetProblem.get().isEmpty()
                || controlProblem.get() != ControlForm.Problem.NONE
                || targetControlProblem.get() != ControlForm.Problem.NONE
                || !targetControlRefusal.get().isEmpty()
                || !siteProblem.get().isEmpty()
                || hosts.stream().anyMatch(h -> !h.problem().isEmpty())) {
            return "";
        }
        try {
            profile();
            return "";
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            m = Sentences.capitalized(m);
            if (m.contains("\"control\"")) {
                // the page edits all but a custom control: say where each is chosen
                m += ". Choose supervisorctl or systemctl under Process control below, or write a custom "
                        + "control into the profile's file, " + profileFile.get() + ", and open the profile again.";
            }
            return m;
        }
    }

    public static boolean validDir(String dir) {
        return dir != null && dir.strip().startsWith("/");
    }

    public static boolean validName(String n) {
        return n != null && !n.isBlank();
    }

    private void refreshProfileNames() {
        try {
            profileNames.setAll(session.profiles().names());
        } catch (IOException e) {
            message.set("Cannot list the saved profiles: " + e.getMessage());
        }
    }

    public void newProfile() {
        opened = null;
        name.set("");
        hosts.setAll(HostRow.of(HostEntry.local(Buildout.DEFAULT_DIR)));
        target.load(null);
        control.load(null);
        siteUrl.set("");
        message.set("");
        forgetTheOtherCluster(null);
    }

    /** Opens a saved profile; the session (and with it the status bar) follows it. */
    public void open(String profileName) {
        ClusterProfile profile;
        try {
            profile = session.profiles().load(profileName);
        } catch (IOException e) {
            message.set("Cannot open profile '" + profileName + "': " + e.getMessage());
            return;
        }
        load(profile);
        forgetTheOtherCluster(profile);
    }

    /** What the session read of the previous profile's cluster says nothing of this one. */
    private void forgetTheOtherCluster(ClusterProfile profile) {
        session.discoveryProperty().set(null);
        session.planProperty().set(null);
        session.profileProperty().set(profile);
    }

    public void load(ClusterProfile profile) {
        opened = profile;
        name.set(profile.name());
        hosts.setAll(profile.hosts().stream().map(HostRow::of).toList());
        target.load(profile.target());
        control.load(profile.control());
        siteUrl.set(
                profile.maintenance().siteUrl() == null
                        ? ""
                        : profile.maintenance().siteUrl());
        message.set("");
    }

    public HostRow addHost() {
        int n = hosts.size() + 1;
        String candidate = "host" + n;
        while (hostNamed(candidate)) {
            candidate = "host" + (++n);
        }
        HostRow row = new HostRow(candidate);
        hosts.add(row);
        return row;
    }

    private boolean hostNamed(String n) {
        return hosts.stream().anyMatch(h -> h.nameProperty().get().equals(n));
    }

    public void removeHost(HostRow row) {
        hosts.remove(row);
    }

    /** The profile as the page shows it now. */
    public ClusterProfile profile() {
        List<HostEntry> entries = hosts.stream().map(HostRow::toEntry).toList();
        String problem = targetProblem.get();
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException(problem);
        }
        MigrationTarget to = target.toTarget();
        ProcessControl how = control.toControl();
        if (opened == null) {
            return new ClusterProfile(
                    name.get().strip(), entries, how, to, Maintenance.none().withSiteUrl(siteUrl.get()), false);
        }
        return new ClusterProfile(
                name.get().strip(),
                entries,
                how,
                to,
                opened.maintenance().withSiteUrl(siteUrl.get()),
                opened.chmodFrozenFiles(),
                opened.editGeneratedFiles());
    }

    /** The profile as the page shows it, or null with why not said in the page's message (Test and Next alike). */
    private ClusterProfile profileOrSayWhyNot() {
        try {
            return profile();
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return null;
        }
    }

    /** Connects to every host and looks for the buildout there; one result line per host. */
    public void testConnections() {
        ClusterProfile profile = profileOrSayWhyNot();
        if (profile == null) {
            return;
        }
        message.set("");
        // The connections made here are kept for Next, which replaces them with its own.
        ProfileHosts hosts = session.openHosts(profile);
        session.useHosts(hosts);
        for (HostRow row : List.copyOf(this.hosts)) {
            HostEntry entry = row.toEntry();
            test(row.checkProperty(), row.resultProperty(), () -> probe(hosts, entry));
        }
        MigrationTarget to = profile.target();
        if (to == null) {
            target.checkProperty().set(HostRow.Check.UNTESTED);
            target.resultProperty().set("");
            return;
        }
        List<HostEntry> sources = profile.hosts();
        test(target.checkProperty(), target.resultProperty(), () -> probeTarget(hosts, to, sources));
    }

    /**
     * One connection test, as a host row and the target show it: "Connecting…" while it runs, then
     * the probe's line, or why it failed.
     */
    private void test(ObjectProperty<HostRow.Check> check, StringProperty result, Callable<String> probe) {
        check.set(HostRow.Check.TESTING);
        result.set("Connecting…");
        session.executor()
                .execute(
                        probe,
                        line -> {
                            check.set(HostRow.Check.OK);
                            result.set(line);
                        },
                        error -> {
                            check.set(HostRow.Check.FAILED);
                            result.set(reason(error));
                        });
    }

    /**
     * What the run's preflight checks of the target before it copies, asked now: ZeoFreeze reaches
     * the target and its buildout directory, rsync is there and on every source host, and every
     * source host reaches the target over SSH with rsync's own shell command and no password.
     */
    static String probeTarget(ProfileHosts hosts, MigrationTarget target, List<HostEntry> sources)
            throws IOException, InterruptedException {
        Host host = hosts.get(target.name());
        String where = target.isLocal() ? "this computer" : target.address();
        String dir = target.buildoutDir();
        if (!host.isDirectory(dir)) {
            throw new IOException("Connected to " + where + ", but " + dir + " is not a directory there");
        }
        if (target.server() != null && !host.exists(target.server().config())) {
            throw new IOException("Connected to " + where + ", but "
                    + target.server().config() + " (" + target.server().part() + ") is not there");
        }
        List<String> problems = new ArrayList<>();
        if (!host.run(List.of("rsync", "--version"), PROBE_TIMEOUT).ok()) {
            problems.add("rsync is not installed on the target " + where);
        }
        List<String> reached = new ArrayList<>();
        for (HostEntry source : sources) {
            Host from = hosts.get(source.name());
            if (!from.run(List.of("rsync", "--version"), PROBE_TIMEOUT).ok()) {
                problems.add("rsync is not installed on " + source.name());
                continue;
            }
            if (!target.isLocal()) {
                if (!from.run(target.reachCommand(), PROBE_TIMEOUT).ok()) {
                    problems.add(source.name() + " cannot reach the target over SSH without a password ("
                            + String.join(" ", target.reachCommand()) + "); set up a key for it");
                    continue;
                }
            }
            reached.add(source.name());
        }
        if (!problems.isEmpty()) {
            throw new IOException("Connected to " + where + "; " + String.join("; ", problems));
        }
        String there =
                target.server() == null ? dir : dir + " and " + target.server().config();
        return "Connected to " + where + "; " + there + (target.server() == null ? " is" : " are")
                + " there and so is rsync; "
                + (target.isLocal()
                        ? "rsync is on " + String.join(", ", reached)
                        : String.join(", ", reached) + (reached.size() == 1 ? " reaches" : " reach")
                                + " it with rsync over SSH");
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private static String probe(ProfileHosts hosts, HostEntry entry) throws IOException {
        Host host = hosts.get(entry.name());
        String dir = entry.buildoutDir();
        String where = entry.isLocal() ? "this computer" : entry.address();
        if (!host.isDirectory(dir)) {
            throw new IOException("Connected to " + where + ", but " + dir + " is not a directory there");
        }
        long servers = 0;
        long clients = 0;
        if (entry.isFiles()) {
            // the host names its configurations: each must be there, no parts/ is searched
            for (FilesLayout.Part part : entry.filesLayout().parts()) {
                if (!host.exists(part.config())) {
                    throw new IOException(
                            "Connected to " + where + ", but " + part.config() + " (" + part.name() + ") is not there");
                }
                servers += part.server() ? 1 : 0;
                clients += part.server() ? 0 : 1;
            }
            return "Connected to " + where + "; the profile names " + count(servers, "ZEO server") + " and "
                    + count(clients, "Zope client") + ", all there";
        }
        for (String part : host.list(dir + "/parts")) {
            servers += host.exists(dir + "/parts/" + part + "/etc/zeo.conf") ? 1 : 0;
            clients += host.exists(dir + "/parts/" + part + "/etc/zope.conf") ? 1 : 0;
        }
        return "Connected to " + where + "; " + dir + " has " + count(servers, "ZEO server") + " and "
                + count(clients, "Zope client");
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    static String reason(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void advance(Runnable proceed) {
        ClusterProfile profile = profileOrSayWhyNot();
        if (profile == null) {
            return;
        }
        busy.set(true);
        message.set("");
        ProfileHosts hosts = session.openHosts(profile);
        session.executor()
                .execute(
                        () -> {
                            // Every host is read at once: over SSH each file is a round trip. Saved only once read:
                            // a profile whose buildouts cannot be read is not worth keeping.
                            var discovery = ClusterReader.of(profile, hosts).read(profile);
                            session.profiles().save(profile);
                            return discovery;
                        },
                        discovery -> {
                            busy.set(false);
                            opened = profile;
                            session.useHosts(hosts);
                            session.profileProperty().set(profile);
                            session.discoveryProperty().set(discovery);
                            refreshProfileNames();
                            proceed.run();
                        },
                        error -> {
                            busy.set(false);
                            hosts.close();
                            message.set(reason(error));
                        });
    }

    public ObservableList<String> profileNames() {
        return profileNames;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObservableList<HostRow> hosts() {
        return hosts;
    }

    public TargetForm target() {
        return target;
    }

    /** The profile's process control (the migration target's own is {@link TargetForm#control()}). */
    public ControlForm control() {
        return control;
    }

    /** Why the process control section makes no control, and the field to say it under; NONE when it makes one. */
    public ObjectBinding<ControlForm.Problem> controlProblemProperty() {
        return controlProblem;
    }

    /** The file the profile is saved to (empty while it has no name): where a custom control is edited. */
    public StringBinding profileFileProperty() {
        return profileFile;
    }

    /** Why the target section cannot be saved as it is; empty when it can. */
    public StringProperty siteUrlProperty() {
        return siteUrl;
    }

    /** Why the site address cannot be used; empty when it can (or is empty). */
    public StringBinding siteProblemProperty() {
        return siteProblem;
    }

    public StringBinding targetProblemProperty() {
        return targetProblem;
    }

    /** The field of the target's zeo.conf its problem names ({@code "server.config"}); empty if none. */
    public StringBinding targetProblemFieldProperty() {
        return targetProblemField;
    }

    /** Why the target's own process control makes no control, and the field to say it under. */
    public ObjectBinding<ControlForm.Problem> targetControlProblemProperty() {
        return targetControlProblem;
    }

    /** The profile's refusal of the target's control, with where to choose one; empty when it has none. */
    public StringBinding targetControlRefusalProperty() {
        return targetControlRefusal;
    }

    /** Why the hosts make no profile together (the process control a files layout needs); empty when they do. */
    public StringBinding profileProblemProperty() {
        return profileProblem;
    }

    public StringProperty messageProperty() {
        return message;
    }

    @Override
    public ObservableBooleanValue readyProperty() {
        return ready;
    }

    @Override
    public ObservableBooleanValue busyProperty() {
        return busy;
    }
}
