package org.zeofreeze.ui.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.Host;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.ui.HostKeyConsent;
import org.zeofreeze.ui.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Cluster page: open or create a profile, edit its hosts, test the connections. Next saves the
 * profile, connects every host and reads the cluster from their buildouts.
 */
public final class ClusterViewModel implements PageModel {
    private final Session session;
    private final HostKeyConsent consent;
    private final ObservableList<String> profileNames = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final ObservableList<HostRow> hosts = FXCollections.observableArrayList(
            row -> new javafx.beans.Observable[] {row.nameProperty(), row.buildoutDirProperty(), row.addressProperty()});
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanBinding ready;
    /** The profile as opened, so parts this page does not edit (process control, target...) are kept. */
    private ClusterProfile opened;

    public ClusterViewModel(Session session, HostKeyConsent consent) {
        this.session = session;
        this.consent = consent;
        ready = Bindings.createBooleanBinding(() -> !name.get().isBlank() && !hosts.isEmpty()
                && hosts.stream().allMatch(h -> validName(h.nameProperty().get()) && validDir(h.buildoutDirProperty().get()))
                && hosts.stream().map(h -> h.nameProperty().get().strip()).distinct().count() == hosts.size(),
                name, hosts);
        refreshProfileNames();
        if (session.profileProperty().get() != null) {
            load(session.profileProperty().get());
        } else {
            newProfile();
        }
        // "Thaw on the new servers…" puts another profile into the session.
        session.profileProperty().addListener((o, a, b) -> {
            if (b != null && b != opened) {
                load(b);
            }
        });
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
        message.set("");
    }

    public void open(String profileName) {
        try {
            load(session.profiles().load(profileName));
        } catch (IOException e) {
            message.set("Cannot open profile '" + profileName + "': " + e.getMessage());
        }
    }

    public void load(ClusterProfile profile) {
        opened = profile;
        name.set(profile.name());
        hosts.setAll(profile.hosts().stream().map(HostRow::of).toList());
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
        if (opened == null) {
            return new ClusterProfile(name.get().strip(), entries, null, null, null, false);
        }
        return new ClusterProfile(name.get().strip(), entries, opened.control(), opened.target(), opened.maintenance(),
                opened.chmodFrozenFiles());
    }

    /** Connects to every host and looks for the buildout there; one result line per host. */
    public void testConnections() {
        List<HostRow> rows = List.copyOf(hosts);
        for (HostRow row : rows) {
            row.checkProperty().set(HostRow.Check.TESTING);
            row.resultProperty().set("Connecting…");
            HostEntry entry = row.toEntry();
            session.executor().execute(() -> probe(entry), line -> {
                row.checkProperty().set(HostRow.Check.OK);
                row.resultProperty().set(line);
            }, error -> {
                row.checkProperty().set(HostRow.Check.FAILED);
                row.resultProperty().set(reason(error));
            });
        }
    }

    private String probe(HostEntry entry) throws IOException {
        Host host = session.connector().connect(entry, consent);
        String dir = entry.buildoutDir();
        if (!host.isDirectory(dir)) {
            throw new IOException("connected, but " + dir + " is not a directory");
        }
        List<String> parts = host.list(dir + "/parts");
        long servers = 0;
        long clients = 0;
        for (String part : parts) {
            servers += host.exists(dir + "/parts/" + part + "/etc/zeo.conf") ? 1 : 0;
            clients += host.exists(dir + "/parts/" + part + "/etc/zope.conf") ? 1 : 0;
        }
        String where = entry.isLocal() ? "this computer" : entry.address();
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
        ClusterProfile profile;
        try {
            profile = profile();
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return;
        }
        busy.set(true);
        message.set("Reading the cluster…");
        session.executor().execute(() -> discover(profile), result -> {
            busy.set(false);
            message.set("");
            opened = profile;
            session.profileProperty().set(profile);
            session.putHosts(result.hosts());
            session.discoveryProperty().set(result.discovery());
            refreshProfileNames();
            proceed.run();
        }, error -> {
            busy.set(false);
            message.set(reason(error));
        });
    }

    private record Discovered(Map<String, Host> hosts, Discovery discovery) {
    }

    private Discovered discover(ClusterProfile profile) throws IOException, DiscoveryException {
        session.profiles().save(profile);
        Map<String, Host> connected = new LinkedHashMap<>();
        for (HostEntry entry : profile.hosts()) {
            connected.put(entry.name(), session.connector().connect(entry, consent));
        }
        Discoverer discoverer = new Discoverer();
        // Hosts are read in parallel: over SSH each one is a round trip per file.
        List<Discoverer.HostLayout> layouts = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        profile.hosts().parallelStream().map(entry -> {
            Host host = connected.get(entry.name());
            try {
                return discoverer.read(new Discoverer.Source(host, entry.buildoutDir(),
                        entry.isLocal() ? System::getenv : v -> null));
            } catch (DiscoveryException e) {
                synchronized (failures) {
                    failures.add(e);
                }
                return null;
            }
        }).toList().forEach(l -> {
            if (l != null) {
                layouts.add(l);
            }
        });
        if (!failures.isEmpty()) {
            throw (DiscoveryException) failures.get(0);
        }
        return new Discovered(connected, discoverer.merge(layouts));
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
