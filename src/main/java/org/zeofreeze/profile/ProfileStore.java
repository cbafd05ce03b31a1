package org.zeofreeze.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Profiles as JSON files in the user's configuration directory
 * ({@code $XDG_CONFIG_HOME/zeofreeze/profiles}, else {@code ~/.config/zeofreeze/profiles}).
 */
public final class ProfileStore {
    /**
     * Made on first read or write, not when the store is: the wizard opens the store on the FX
     * thread before its first page, and building a mapper loads some 300 Jackson classes.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private final Path dir;

    public ProfileStore(Path dir) {
        this.dir = dir;
    }

    public static ProfileStore standard() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new ProfileStore(base.resolve("zeofreeze").resolve("profiles"));
    }

    public Path directory() {
        return dir;
    }

    public Path pathOf(String name) {
        return dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    public void save(ClusterProfile profile) throws IOException {
        Files.createDirectories(dir);
        Path target = pathOf(profile.name());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, Json.MAPPER.writeValueAsBytes(profile));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ClusterProfile read(Path file) throws IOException {
        try {
            return Json.MAPPER.readValue(file.toFile(), ClusterProfile.class);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr();
            // a value the profile's own records refuse says why in their words, not Jackson's
            String why = e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null
                    ? iae.getMessage()
                    : e.getOriginalMessage();
            throw new IOException(file + where + ": not a ZeoFreeze profile: " + why, e);
        }
    }

    public static void write(ClusterProfile profile, Path file) throws IOException {
        Files.write(file, Json.MAPPER.writeValueAsBytes(profile));
    }

    public ClusterProfile load(String name) throws IOException {
        return read(pathOf(name));
    }

    public List<String> names() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted()
                    .toList();
        }
    }
}
