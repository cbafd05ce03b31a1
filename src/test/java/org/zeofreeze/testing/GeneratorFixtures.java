package org.zeofreeze.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.LocalHost;

/**
 * The files of fixtures/generators, shaped as cookiecutter-zope-instance, plonex and the
 * plone-zeo and plone-backend images write them (see the README there), laid out for a test.
 */
public final class GeneratorFixtures {
    /** What the fixtures write where the tool writes the project's absolute directory. */
    public static final String TARGET_PATH = "TARGET_PATH";

    /** The values plone-zeo's start-zeo.sh exports when they are unset. */
    public static final Map<String, String> PLONE_ZEO_DEFAULTS = Map.of(
            "ZEO_READ_ONLY",
            "false",
            "ZEO_INVALIDATION_QUEUE_SIZE",
            "100",
            "ZEO_PACK_KEEP_OLD",
            "true",
            "ZEO_PORT",
            "8100");

    private GeneratorFixtures() {}

    /**
     * The plone-backend entrypoint's values when unset (ZEO branch), with {@code ZEO_ADDRESS}
     * (which selects that branch) and {@code CLIENT_HOME} (which it computes) as given.
     */
    public static Map<String, String> ploneBackendEnvironment(String zeoAddress, String clientHome) {
        return Map.ofEntries(
                Map.entry("CLIENT_HOME", clientHome),
                Map.entry("SECURITY_POLICY_IMPLEMENTATION", "C"),
                Map.entry("VERBOSE_SECURITY", "off"),
                Map.entry("DEFAULT_ZPUBLISHER_ENCODING", "utf-8"),
                Map.entry("DEBUG_MODE", "off"),
                Map.entry("ZOPE_FORM_MEMORY_LIMIT", "4MB"),
                Map.entry("ZODB_CACHE_SIZE", "50000"),
                Map.entry("ZEO_ADDRESS", zeoAddress),
                Map.entry("ZEO_SHARED_BLOB_DIR", "off"),
                Map.entry("ZEO_READ_ONLY", "false"),
                Map.entry("ZEO_CLIENT_READ_ONLY_FALLBACK", "false"),
                Map.entry("ZEO_STORAGE", "1"),
                Map.entry("ZEO_CLIENT_CACHE_SIZE", "128MB"),
                Map.entry("ZEO_DROP_CACHE_RATHER_VERIFY", "false"));
    }

    /** Copies fixtures/generators/NAME into {@code target}, {@link #TARGET_PATH} replaced by its absolute path. */
    public static Path lay(String name, Path target) {
        Path source = Fixtures.path("generators/" + name);
        String absolute = target.toAbsolutePath().toString();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.writeString(to, Files.readString(p).replace(TARGET_PATH, absolute));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends to {@code file} as an admin adds to a configuration by hand. */
    public static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What plone-backend's entrypoint does on a container's first start: each
     * {@code etc/zope.conf.d/*.conf} appended to the configuration after a
     * {@code # Runtime customizations:} line, each after an empty line.
     */
    public static void runtimeCustomizations(Path app) {
        try (Stream<Path> snippets = Files.list(app.resolve("etc/zope.conf.d"))) {
            StringBuilder added = new StringBuilder("\n# Runtime customizations:\n");
            for (Path snippet : snippets.filter(p -> p.toString().endsWith(".conf"))
                    .sorted()
                    .toList()) {
                added.append("\n").append(Files.readString(snippet));
            }
            append(app.resolve("etc/zeo.conf"), added.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This computer with its files below {@code root}: {@code /app/etc/zeo.conf} is
     * {@code root/app/etc/zeo.conf}, so that a test reads the images' files at their real paths.
     */
    public static final class RootedHost extends ForwardingHost {
        private final String name;
        private final Path root;

        public RootedHost(String name, Path root) {
            super(new LocalHost(name));
            this.name = name;
            this.root = root.toAbsolutePath();
        }

        private String at(String path) {
            return root + path;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> list(String dir) throws IOException {
            return delegate.list(at(dir));
        }

        @Override
        public byte[] read(String path) throws IOException {
            return delegate.read(at(path));
        }

        @Override
        public Optional<FileStat> stat(String path) throws IOException {
            return delegate.stat(at(path));
        }

        @Override
        public void writeAtomically(String path, byte[] content) throws IOException {
            delegate.writeAtomically(at(path), content);
        }

        @Override
        public void createFile(String path, byte[] content, int mode) throws IOException {
            delegate.createFile(at(path), content, mode);
        }

        @Override
        public void makeDirectories(String dir) throws IOException {
            delegate.makeDirectories(at(dir));
        }
    }
}
