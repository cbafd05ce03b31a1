package org.zeofreeze.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A buildout directory holding only the configuration files the Plone recipes generate (the
 * fixtures in src/test/resources/fixtures/generated), with their paths moved to the new directory.
 * Enough for discovery and planning; nothing runs in it.
 */
final class FixtureBuildout {
    private static final Path FIXTURES =
            Path.of("src/test/resources/fixtures/generated").toAbsolutePath();
    private static final String RECIPE_DIR = "/usr/local/Plone/zeocluster";

    private FixtureBuildout() {}

    /** Writes parts/zeoserver and parts/client1..clients (the fixtures' two clients repeated) into {@code dir}. */
    static Path create(Path dir, int clients) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("var/filestorage"));
        write(dir, "zeo.conf", "parts/zeoserver/etc/zeo.conf");
        for (int i = 1; i <= clients; i++) {
            String fixture = i % 2 == 1 ? "client1-zope.conf" : "client2-zope.conf";
            Path conf = write(dir, fixture, "parts/client" + i + "/etc/zope.conf");
            // Each client its own HTTP port and instance home, as the recipe would write them.
            String text = Files.readString(conf).replace("/parts/client" + (i % 2 == 1 ? 1 : 2), "/parts/client" + i);
            Files.writeString(conf, text);
        }
        return dir;
    }

    private static Path write(Path dir, String fixture, String relative) throws IOException {
        Path to = dir.resolve(relative);
        Files.createDirectories(to.getParent());
        Files.writeString(to, Files.readString(FIXTURES.resolve(fixture)).replace(RECIPE_DIR, dir.toString()));
        return to;
    }
}
