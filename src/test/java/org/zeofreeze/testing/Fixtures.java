package org.zeofreeze.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.PartFile;

/** Test fixtures under src/test/resources/fixtures, copied where a test may change them. */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture directory (a buildout) into {@code target} and returns the copy. */
    public static Path copyTree(String name, Path target) {
        Path source = path(name);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A buildout laid out from the files the real recipes generated (fixtures/generated), or a
     * fixture directory otherwise.
     */
    public static Path buildout(String name, Path target) {
        if (!name.equals("generated")) {
            return copyTree(name, target);
        }
        try {
            for (String[] f : new String[][] {
                {"zeo.conf", "zeoserver/etc/zeo.conf"},
                {"client1-zope.conf", "client1/etc/zope.conf"},
                {"client2-zope.conf", "client2/etc/zope.conf"}
            }) {
                Path to = target.resolve("parts").resolve(f[1]);
                Files.createDirectories(to.getParent());
                Files.copy(path("generated/" + f[0]), to, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file below a directory with its bytes, for before/after comparisons. */
    public static Map<String, byte[]> snapshot(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            Map<String, byte[]> out = new TreeMap<>();
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every configuration file among the fixtures (zeo.conf, zope.conf and other *.conf). */
    public static List<Path> allConfigFiles() {
        try (Stream<Path> walk = Files.walk(root())) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".conf"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The guide's buildout with its ZEO server on a Unix socket ({@code socket}) and the clients
     * pointed at it: a cluster whose connections to ZEO cannot be listed, so rolling is not safe.
     */
    public static Path guideOnSocket(Path target, Path socket) {
        Path buildout = copyTree("guide", target);
        try {
            Path zeoConf = buildout.resolve("parts/zeoserver/etc/zeo.conf");
            Files.writeString(zeoConf, Files.readString(zeoConf).replace("address 8100", "address " + socket));
            for (String client : List.of("client1", "client2")) {
                Path zopeConf = buildout.resolve("parts/" + client + "/etc/zope.conf");
                Files.writeString(
                        zopeConf, Files.readString(zopeConf).replace("server 127.0.0.1:8100", "server " + socket));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buildout;
    }

    /**
     * A profile host on this computer that names its files (no buildout): its home directory
     * (null: the zeo.conf's directory), its ZEO server's part and zeo.conf (null for none), its
     * clients and the Python it runs (null: found).
     */
    public static HostEntry localFilesHost(
            String name, String homeDir, PartFile server, List<PartFile> clients, String python) {
        return HostEntry.files(name, "", null, null, null, homeDir, server, clients, python);
    }
}
