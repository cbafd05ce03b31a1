package org.zeofreeze.discover;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.cluster.ClusterBuilder;
import org.zeofreeze.cluster.FilesLayout;
import org.zeofreeze.cluster.RuntimeVersions;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.host.Host;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ConfigParser;
import org.zeofreeze.zconfig.ConfigSyntaxError;
import org.zeofreeze.zconfig.ParsedConfig;

/**
 * Reads the cluster layout from buildouts: every {@code parts/NAME/etc/zeo.conf} is a ZEO server,
 * every {@code parts/NAME/etc/zope.conf} a Zope client; so is each configuration that
 * cookiecutter-zope-instance, plonex or the Plone images write at their places in the directory
 * (see {@link GeneratedFile}), a server or a client as its content says.
 */
public final class Discoverer {

    /**
     * A buildout on a host, with the environment its {@code $(VAR)} substitutions see; with
     * {@code files}, a host of the files layout, {@code buildoutDir} being its home directory.
     */
    public record Source(Host host, String buildoutDir, UnaryOperator<String> environment, FilesLayout files) {
        public Source(Host host, String buildoutDir) {
            this(host, buildoutDir, name -> null);
        }

        public Source(Host host, String buildoutDir, UnaryOperator<String> environment) {
            this(host, buildoutDir, environment, null);
        }
    }

    /** What one host holds, read independently of the others so hosts can be read in parallel. */
    public record HostLayout(
            Buildout buildout,
            Map<String, ParsedConfig> servers,
            Map<String, ParsedConfig> clients,
            Map<String, RuntimeVersions> runtimes) {}

    public Discovery discover(List<Source> sources) throws DiscoveryException {
        List<HostLayout> layouts = new ArrayList<>();
        for (Source source : sources) {
            layouts.add(read(source));
        }
        return merge(layouts);
    }

    public HostLayout read(Source source) throws DiscoveryException {
        if (source.files() != null) {
            return readFiles(source);
        }
        Host host = source.host();
        String dir = trimSlash(source.buildoutDir());
        try {
            if (!host.isDirectory(dir)) {
                throw new DiscoveryException(where(host) + "the buildout directory " + dir + " does not exist; "
                        + "give the directory that holds bin/ and parts/ (default " + Buildout.DEFAULT_DIR + ")");
            }
            Map<String, ParsedConfig> servers = new LinkedHashMap<>();
            Map<String, ParsedConfig> clients = new LinkedHashMap<>();
            Map<String, RuntimeVersions> runtimes = new LinkedHashMap<>();
            RuntimeReader runtime = new RuntimeReader(host);
            ConfigParser parser = new ConfigParser(
                    path -> ConfigDocument.read(path, host.readRegularFile(path, ConfigDocument.MAX_BYTES)),
                    source.environment());
            for (String part : host.list(dir + "/parts")) {
                String zeoConf = dir + "/parts/" + part + "/etc/zeo.conf";
                String zopeConf = dir + "/parts/" + part + "/etc/zope.conf";
                if (part.startsWith("-") && (host.exists(zeoConf) || host.exists(zopeConf))) {
                    // the part's name is given to the commands that start and stop it
                    throw new DiscoveryException(where(host) + dir + "/parts/" + part + ": a part whose name starts "
                            + "with '-' would be read as an option by the commands that control it; rename the part");
                }
                if (host.exists(zeoConf)) {
                    servers.put(part, parse(host, parser, dir, zeoConf));
                }
                if (host.exists(zopeConf)) {
                    clients.put(part, parse(host, parser, dir, zopeConf));
                }
                if (servers.containsKey(part) || clients.containsKey(part)) {
                    runtimes.put(part, runtime.read(dir, part));
                }
            }
            for (String file : generatedPlaces(host, dir)) {
                readGenerated(host, parser, dir, file, servers, clients);
            }
            return new HostLayout(new Buildout(host.name(), dir, machineId(host)), servers, clients, runtimes);
        } catch (IOException e) {
            throw new DiscoveryException(where(host) + "cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A host of the files layout: exactly the configurations its profile names, each read and
     * parsed as a buildout's (ZConfig's rules, the host's environment); nothing else is searched.
     * A file that is not there is an error naming the host and the profile's field.
     */
    private HostLayout readFiles(Source source) throws DiscoveryException {
        Host host = source.host();
        String home = trimSlash(source.buildoutDir());
        FilesLayout files = source.files();
        try {
            if (!host.isDirectory(home)) {
                throw new DiscoveryException(where(host) + "the home directory " + home + " (the profile's \"homeDir\" "
                        + "of host '" + host.name() + "') does not exist; create it or name another one");
            }
            Map<String, ParsedConfig> servers = new LinkedHashMap<>();
            Map<String, ParsedConfig> clients = new LinkedHashMap<>();
            Map<String, RuntimeVersions> runtimes = new LinkedHashMap<>();
            ConfigParser parser = new ConfigParser(
                    path -> ConfigDocument.read(path, host.readRegularFile(path, ConfigDocument.MAX_BYTES)),
                    source.environment());
            RuntimeReader runtime = new RuntimeReader(host);
            int client = 0;
            for (FilesLayout.Part part : files.parts()) {
                String field = part.server() ? "server.config" : "clients[" + client++ + "].config";
                if (!host.exists(part.config())) {
                    throw new DiscoveryException(where(host) + part.config() + " does not exist; the profile names it "
                            + "as the "
                            + (part.server() ? "ZEO server's zeo.conf" : "zope.conf of client '" + part.name() + "'")
                            + " of host '" + host.name() + "' (\"" + field + "\")");
                }
                ParsedConfig config = parse(host, parser, home, part.config());
                (part.server() ? servers : clients).put(part.name(), config);
                // no bin/PART to read: the versions of the interpreter the profile names, if it names one
                runtimes.put(
                        part.name(),
                        files.pythonPath().map(runtime::ofInterpreter).orElse(RuntimeVersions.unknown()));
            }
            return new HostLayout(new Buildout(host.name(), home, machineId(host), files), servers, clients, runtimes);
        } catch (IOException e) {
            throw new DiscoveryException(
                    where(host) + "cannot read the configurations the profile names: " + e.getMessage(), e);
        }
    }

    /** The host's systemd machine id, or null where there is none to read. */
    private static String machineId(Host host) {
        for (String file : List.of("/etc/machine-id", "/var/lib/dbus/machine-id")) {
            try {
                String id = new String(host.readRegularFile(file, 256), StandardCharsets.US_ASCII).strip();
                if (id.matches("[0-9a-fA-F]{32}")) {
                    return id.toLowerCase(Locale.ROOT);
                }
            } catch (IOException e) {
                // not there, or not readable: try the next
            }
        }
        return null;
    }

    public Discovery merge(List<HostLayout> layouts) throws DiscoveryException {
        if (layouts.stream().allMatch(l -> l.servers().isEmpty())) {
            throw new DiscoveryException("no ZEO server found: looked for parts/*/etc/zeo.conf (and plonex's "
                    + "tmp/*/etc/zeo.conf, the plone-zeo image's /app/etc/zeo.conf) in "
                    + layouts.stream()
                            .map(l -> l.buildout().host() + ":" + l.buildout().dir())
                            .toList()
                    + "; is this the buildout directory of the ZEO server?");
        }
        ClusterBuilder reader = new ClusterBuilder();
        List<ZeoServer> servers = new ArrayList<>();
        List<ZopeClient> clients = new ArrayList<>();
        Map<HostFile, ParsedConfig> configs = new LinkedHashMap<>();
        for (HostLayout layout : layouts) {
            String host = layout.buildout().host();
            layout.servers().forEach((part, config) -> {
                servers.add(reader.readServer(
                        host, part, config, layout.runtimes().getOrDefault(part, RuntimeVersions.unknown())));
                configs.put(new HostFile(host, config.main().path()), config);
            });
            layout.clients().forEach((part, config) -> {
                clients.add(reader.readClient(
                        host, part, config, layout.runtimes().getOrDefault(part, RuntimeVersions.unknown())));
                configs.put(new HostFile(host, config.main().path()), config);
            });
        }
        return new Discovery(
                reader.assemble(layouts.stream().map(HostLayout::buildout).toList(), servers, clients), configs);
    }

    /**
     * Where other tools than buildout write the configuration of a service, each read only where
     * that tool's own file is found there: cookiecutter-zope-instance's default target
     * {@code instance/}, plonex's {@code tmp/SERVICE/etc/}, and the images' {@code /app/etc/zeo.conf}
     * (the directory being {@code /app}).
     */
    private static List<String> generatedPlaces(Host host, String dir) throws IOException {
        List<String> out = new ArrayList<>();
        out.add(dir + "/instance/etc/zope.conf");
        for (String service : host.list(dir + "/tmp")) {
            out.add(dir + "/tmp/" + service + "/etc/zeo.conf");
            out.add(dir + "/tmp/" + service + "/etc/zope.conf");
        }
        out.add(dir + "/etc/zeo.conf");
        return out;
    }

    private static void readGenerated(
            Host host,
            ConfigParser parser,
            String dir,
            String file,
            Map<String, ParsedConfig> servers,
            Map<String, ParsedConfig> clients)
            throws IOException, DiscoveryException {
        if (!host.exists(file)) {
            return;
        }
        ConfigDocument doc = read(host, file);
        GeneratedFile generated = GeneratedFile.recognise(dir, file, doc).orElse(null);
        if (generated == null || generated.generator() == Generator.BUILDOUT) {
            return; // not a file that tool writes: left alone, as any other file there
        }
        Map<String, ParsedConfig> role = generated.client() ? clients : servers;
        String name = generated.service();
        if (name.startsWith("-") || role.containsKey(name)) {
            throw new DiscoveryException(where(host) + file + " (" + generated.what() + ") would be named '" + name
                    + "', "
                    + (name.startsWith("-")
                            ? "which the commands that control it would read as an option"
                            : "the name of another configuration in " + dir)
                    + "; rename its directory");
        }
        role.put(name, parse(host, parser, dir, doc));
    }

    private static ConfigDocument read(Host host, String path) throws IOException, DiscoveryException {
        try {
            return ConfigDocument.read(path, host.readRegularFile(path, ConfigDocument.MAX_BYTES));
        } catch (ConfigSyntaxError e) {
            throw new DiscoveryException(
                    where(host) + e.getMessage() + " — fix the file (or the buildout that "
                            + "generates it) and discover again",
                    e);
        }
    }

    private static ParsedConfig parse(Host host, ConfigParser parser, String dir, String path)
            throws IOException, DiscoveryException {
        return parse(host, parser, dir, read(host, path));
    }

    private static ParsedConfig parse(Host host, ConfigParser parser, String dir, ConfigDocument doc)
            throws DiscoveryException {
        try {
            return parser.parse(doc);
        } catch (ConfigSyntaxError e) {
            GeneratedFile generated = GeneratedFile.recognise(dir, doc.path(), doc)
                    .filter(g -> g.generator() != Generator.BUILDOUT)
                    .orElse(null);
            if (generated == null) {
                throw new DiscoveryException(
                        where(host) + e.getMessage() + " — fix the file (or the buildout that "
                                + "generates it) and discover again",
                        e);
            }
            // A tool's file is fixed at its source, which is also where a read-only setting belongs.
            throw new DiscoveryException(
                    where(host) + e.getMessage() + " — " + doc.path() + " is " + generated.what()
                            + ": " + generated.rewrittenWhen() + "."
                            + (generated.everyStart()
                                    ? " ZeoFreeze reads $(NAME) "
                                            + "values from the environment of this computer, for a file on it, and of no other host or container."
                                    : "")
                            + " Fix it where it comes from; read-only, too, is set there: " + generated.settingLives()
                            + ".",
                    e);
        }
    }

    private static String where(Host host) {
        return host.name().equals("local") ? "" : host.name() + ": ";
    }

    private static String trimSlash(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
}
