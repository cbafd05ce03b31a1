package org.zeofreeze.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.testing.Fixtures;

/**
 * The guide's buildout and a new server's buildout beside it, both on this computer, for the
 * wizard's move: the guide's paths made the copy's own (the move plans the copied files from them).
 */
public final class MoveFixtures {
    public static final String SITE = "deepereconomics.org";

    private MoveFixtures() {}

    /** A copy of the guide's buildout at {@code dir}, its absolute paths pointing at the copy. */
    public static Path guide(Path dir) throws Exception {
        Path b = Fixtures.copyTree("guide", dir);
        try (Stream<Path> files = Files.walk(b)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(f, Files.readString(f).replace("/usr/local/Plone/zeocluster", b.toString()));
            }
        }
        return b;
    }

    /** A new server's buildout: one zeoserver part listening on 127.0.0.1:8200 and serving its own root. */
    public static Path target(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("parts/zeoserver/etc"));
        Files.writeString(dir.resolve("parts/zeoserver/etc/zeo.conf"), """
                <zeo>
                  address 127.0.0.1:8200
                </zeo>
                <filestorage 1>
                  path %s/var/filestorage/Data.fs
                </filestorage>
                """.formatted(dir));
        return dir;
    }

    /** The profile of {@code buildout} on this computer with {@code target} (also here) as its migration target. */
    public static ClusterProfile profile(Path buildout, Path target) {
        return new ClusterProfile(
                buildout.getFileName().toString(),
                List.of(HostEntry.local(buildout.toString())),
                null,
                new MigrationTarget("new", "", null, null, target.toString(), List.of()),
                null,
                false);
    }
}
