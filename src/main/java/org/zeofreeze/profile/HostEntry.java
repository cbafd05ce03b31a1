package org.zeofreeze.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.cluster.FilesLayout;

/**
 * One machine of the cluster as the profile names it. {@code address} is an SSH host name or a
 * {@code ~/.ssh/config} alias; it is empty for this computer. {@code sudoUser}, when set, is the
 * user owning the buildout ({@code sudo -n -u USER}).
 *
 * <p>{@code layout} is {@code "buildout"} (the default: {@code buildoutDir} is searched) or
 * {@code "files"}: the host is no buildout and names its configurations, the ZEO server's
 * ({@code server}) and each Zope client's ({@code clients}, with the HTTP address each serves at);
 * {@code homeDir} (default: the directory of the first configuration named) then stands in for the
 * buildout directory, and {@code python} may name the cluster's interpreter.
 */
public record HostEntry(
        String name,
        String address,
        String user,
        Integer port,
        String buildoutDir,
        String sudoUser,
        @JsonInclude(JsonInclude.Include.NON_NULL) String layout,
        @JsonInclude(JsonInclude.Include.NON_NULL) String homeDir,
        @JsonInclude(JsonInclude.Include.NON_NULL) PartFile server,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<PartFile> clients,
        @JsonInclude(JsonInclude.Include.NON_NULL) String python) {
    public static final String BUILDOUT = "buildout";
    public static final String FILES = "files";
    /** A part's name reaches the process control's commands and the records: a plain word. */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]*");

    private static final Pattern HTTP = Pattern.compile("[^\\s:/]+:\\d{1,5}");

    public HostEntry {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a host needs a name");
        }
        address = address == null ? "" : address.strip();
        layout = layout == null || layout.isBlank() ? null : layout.strip();
        if (layout != null && !layout.equals(BUILDOUT) && !layout.equals(FILES)) {
            throw new IllegalArgumentException(
                    "host '" + name + "': \"layout\" is '" + layout + "'; write \"buildout\" or \"files\"");
        }
        if (FILES.equals(layout)) {
            clients = clients == null ? List.of() : List.copyOf(clients);
            checkFiles("host '" + name + "'", server, clients, python);
            if (homeDir == null || homeDir.isBlank()) {
                homeDir = parentOf((server != null ? server : clients.get(0)).config());
            }
            absolute("host '" + name + "'", "homeDir", homeDir);
            // a profile written back holds the home directory as the buildout directory too
            if (buildoutDir != null && !buildoutDir.isBlank() && !buildoutDir.equals(homeDir)) {
                throw new IllegalArgumentException("host '" + name + "' has the files layout and a \"buildoutDir\"; "
                        + "a files layout names its configurations instead (its \"homeDir\" is '" + homeDir + "')");
            }
            buildoutDir = homeDir;
        } else {
            if (server != null || (clients != null && !clients.isEmpty()) || homeDir != null || python != null) {
                throw new IllegalArgumentException("host '" + name + "' names \"server\", \"clients\", \"homeDir\" or "
                        + "\"python\" without \"layout\": \"files\"; add it, or give only the buildout directory");
            }
            clients = null;
            buildoutDir = buildoutDir == null || buildoutDir.isBlank() ? Buildout.DEFAULT_DIR : buildoutDir;
            if (!buildoutDir.startsWith("/")) {
                // It reaches commands on the host (df, the buildout's scripts): a relative one would
                // depend on the login directory, and "-x" would read as an option.
                throw new IllegalArgumentException("the buildout directory of host '" + name + "' is '" + buildoutDir
                        + "': write it as an absolute path (starting with /)");
            }
        }
    }

    public HostEntry(String name, String address, String user, Integer port, String buildoutDir, String sudoUser) {
        this(name, address, user, port, buildoutDir, sudoUser, null, null, null, null, null);
    }

    /** A host of the files layout. */
    public static HostEntry files(
            String name,
            String address,
            String user,
            Integer port,
            String sudoUser,
            String homeDir,
            PartFile server,
            List<PartFile> clients,
            String python) {
        return new HostEntry(name, address, user, port, null, sudoUser, FILES, homeDir, server, clients, python);
    }

    public static HostEntry local(String buildoutDir) {
        return new HostEntry("local", "", null, null, buildoutDir, null);
    }

    @JsonIgnore
    public boolean isLocal() {
        return address.isEmpty();
    }

    /** Whether the host names its configurations rather than a buildout. */
    @JsonIgnore
    public boolean isFiles() {
        return FILES.equals(layout);
    }

    /** The configurations the host names, for discovery; null for a buildout. */
    @JsonIgnore
    public FilesLayout filesLayout() {
        if (!isFiles()) {
            return null;
        }
        List<FilesLayout.Part> parts = new ArrayList<>();
        if (server != null) {
            parts.add(new FilesLayout.Part(server.part(), server.config(), true, null));
        }
        clients.forEach(c -> parts.add(new FilesLayout.Part(c.part(), c.config(), false, c.http())));
        return new FilesLayout(parts, python);
    }

    /**
     * Checks the ZEO server's zeo.conf a files layout names, as a host's is checked; {@code who}
     * is whose it is in the messages ("the migration target 'new'").
     */
    static void checkServer(String who, PartFile server) {
        checkFiles(who, server, List.of(), null);
    }

    private static void checkFiles(String who, PartFile server, List<PartFile> clients, String python) {
        if (server == null && clients.isEmpty()) {
            throw new IllegalArgumentException(who + " has the files layout but names no configuration: "
                    + "give \"server\" (the ZEO server's zeo.conf) and/or \"clients\" (each Zope client's zope.conf)");
        }
        Set<String> parts = new HashSet<>();
        Set<String> configs = new HashSet<>();
        List<PartFile> all = new ArrayList<>();
        if (server != null) {
            all.add(server);
        }
        all.addAll(clients);
        for (int i = 0; i < all.size(); i++) {
            PartFile f = all.get(i);
            boolean isServer = server != null && i == 0;
            String field = isServer ? "server" : "clients[" + (server != null ? i - 1 : i) + "]";
            if (f == null) {
                throw new IllegalArgumentException(who + ": \"" + field + "\" is empty");
            }
            if (f.part() == null || !PART.matcher(f.part()).matches()) {
                throw new IllegalArgumentException(who + ": \"" + field + ".part\" is '" + f.part()
                        + "'; name the part with letters, digits, '_', '.', '@' or '-' (not first)");
            }
            if (!parts.add(f.part())) {
                throw new IllegalArgumentException(who + ": \"" + field + ".part\" '" + f.part()
                        + "' is named twice; each " + "configuration needs a part name of its own");
            }
            absolute(who, field + ".config", f.config());
            if (!configs.add(f.config())) {
                throw new IllegalArgumentException(who + ": \"" + field + ".config\" " + f.config()
                        + " is named twice; each part has a configuration of its own");
            }
            if (isServer && f.http() != null) {
                throw new IllegalArgumentException(who + ": \"server.http\" is given; a ZEO server "
                        + "serves no HTTP (its address is read from its zeo.conf)");
            }
            if (!isServer && (f.http() == null || !HTTP.matcher(f.http()).matches())) {
                throw new IllegalArgumentException(who + ": \"" + field + ".http\" is '" + f.http()
                        + "'; give the address the client serves HTTP at, host:port (e.g. 127.0.0.1:8081)");
            }
        }
        if (python != null) {
            absolute(who, "python", python);
        }
    }

    static void absolute(String who, String field, String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(who + ": \"" + field + "\" is missing; give an absolute path");
        }
        if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/..") || path.indexOf('\0') >= 0) {
            // it reaches commands on the host: relative, it would depend on the login directory
            throw new IllegalArgumentException(who + ": \"" + field + "\" is '" + path
                    + "': write it as an absolute path (starting with /, without ..)");
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
