package org.zeofreeze.ui.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.PartFile;

/**
 * The files a host that is no buildout names, as the Cluster page edits them: its home directory,
 * the cluster's Python, the ZEO server's part and zeo.conf, and each Zope client's part, zope.conf
 * and HTTP address. Whether they make a host is {@link HostEntry}'s to say; this form only
 * collects what was typed.
 */
public final class FilesHostForm {
    /** The field a profile's refusal names, as it names it ({@code "clients[1].http"}). */
    private static final Pattern FIELD = Pattern.compile(
            "\"(homeDir|python|server(?:\\.(?:part|config|http))?|clients\\[\\d+\\](?:\\.(?:part|config|http))?)\"");

    private final StringProperty homeDir = new SimpleStringProperty("");
    private final StringProperty python = new SimpleStringProperty("");
    private final StringProperty serverPart = new SimpleStringProperty("");
    private final StringProperty serverConfig = new SimpleStringProperty("");
    private final ObservableList<Client> clients =
            FXCollections.observableArrayList(c -> new Observable[] {c.part, c.config, c.http});

    /** A new host's form: one empty client row, as nearly every such host runs at least one. */
    public FilesHostForm() {
        clients.add(new Client());
    }

    /** One Zope client: its part, its zope.conf and where it serves HTTP. */
    public static final class Client {
        private final StringProperty part = new SimpleStringProperty("");
        private final StringProperty config = new SimpleStringProperty("");
        private final StringProperty http = new SimpleStringProperty("");

        public StringProperty partProperty() {
            return part;
        }

        public StringProperty configProperty() {
            return config;
        }

        /** host:port */
        public StringProperty httpProperty() {
            return http;
        }
    }

    /** Shows the files a host of the files layout names. */
    public void load(HostEntry entry) {
        homeDir.set(orEmpty(entry.homeDir()));
        python.set(orEmpty(entry.python()));
        serverPart.set(entry.server() == null ? "" : orEmpty(entry.server().part()));
        serverConfig.set(entry.server() == null ? "" : orEmpty(entry.server().config()));
        List<Client> rows = new ArrayList<>();
        for (PartFile f : entry.clients()) {
            Client c = new Client();
            c.part.set(orEmpty(f.part()));
            c.config.set(orEmpty(f.config()));
            c.http.set(orEmpty(f.http()));
            rows.add(c);
        }
        clients.setAll(rows);
    }

    /**
     * The host these files make; refused by the profile's own rules, with its message, when they
     * make none. Blank fields are passed as typed (empty), so the message names the field.
     */
    HostEntry toEntry(String name, String address, String user, Integer port, String sudoUser) {
        // a server row left empty is a host of clients only
        PartFile server = blank(serverPart.get()) && blank(serverConfig.get())
                ? null
                : new PartFile(strip(serverPart.get()), strip(serverConfig.get()), null);
        List<PartFile> named = clients.stream()
                .map(c -> new PartFile(strip(c.part.get()), strip(c.config.get()), strip(c.http.get())))
                .toList();
        return HostEntry.files(
                name,
                address,
                user,
                port,
                sudoUser,
                blank(homeDir.get()) ? null : strip(homeDir.get()),
                server,
                named,
                blank(python.get()) ? null : strip(python.get()));
    }

    public Client addClient() {
        Client c = new Client();
        clients.add(c);
        return c;
    }

    public void removeClient(Client c) {
        clients.remove(c);
    }

    /**
     * The field a refusal of the profile names ({@code "homeDir"}, {@code "python"},
     * {@code "server.config"}, {@code "clients[0].http"}…), so the page can show it beside that
     * field; empty when it names none of this form's.
     */
    public static String fieldNamedIn(String message) {
        if (message == null) {
            return "";
        }
        Matcher m = FIELD.matcher(message);
        return m.find() ? m.group(1) : "";
    }

    /** What the host's validity depends on. */
    Observable[] fields() {
        return new Observable[] {homeDir, python, serverPart, serverConfig, clients};
    }

    public StringProperty homeDirProperty() {
        return homeDir;
    }

    public StringProperty pythonProperty() {
        return python;
    }

    public StringProperty serverPartProperty() {
        return serverPart;
    }

    public StringProperty serverConfigProperty() {
        return serverConfig;
    }

    public ObservableList<Client> clients() {
        return clients;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
