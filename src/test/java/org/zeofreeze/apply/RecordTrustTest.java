package org.zeofreeze.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Hashes;

/**
 * An apply record is a file in the buildout that anyone who can write there may have made by
 * hand: revert uses it only when it describes what an apply could have written.
 */
class RecordTrustTest {
    private static final String STAMP = "20261125T170000.000Z";

    @TempDir
    Path dir;

    private final LocalHost local = new LocalHost();
    private final ConfigApplier applier =
            new ConfigApplier(h -> local, Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));
    private Path buildout;
    private Path outside;

    @BeforeEach
    void layOut() throws Exception {
        buildout = Files.createDirectories(dir.resolve("buildout"));
        Files.createDirectories(buildout.resolve("var/zeofreeze"));
        outside = Files.createDirectories(dir.resolve("etc"));
    }

    private Path record(ApplyRecord record) throws Exception {
        Path file = buildout.resolve("var/zeofreeze/apply-" + STAMP + ".json");
        Files.write(file, new ObjectMapper().writeValueAsBytes(record));
        return file;
    }

    private Path recordText(String json) throws Exception {
        Path file = buildout.resolve("var/zeofreeze/apply-" + STAMP + ".json");
        Files.writeString(file, json);
        return file;
    }

    private ApplyRecord recordOf(AppliedFile... files) {
        return new ApplyRecord(STAMP, "local", buildout.toString(), "freeze", List.of("zeoserver/x"), List.of(files));
    }

    /** A file holding {@code now}, with a backup beside it (as an apply names it) holding {@code before}. */
    private AppliedFile fileWithBackup(Path file, String before, String now, String written) throws Exception {
        Files.writeString(file, now);
        String backup = ApplyRecord.backupOf(file.toString(), STAMP);
        Files.writeString(Path.of(backup), before);
        return new AppliedFile(file.toString(), backup, sha(before), sha(written));
    }

    private static String sha(String text) {
        return Hashes.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBackupThatIsNotTheOneAnApplyMakesIsRefusedAndNothingIsWritten() throws Exception {
        Path victim = outside.resolve("passwd");
        Files.writeString(victim, "root:x:0:0\n");
        Path evil = buildout.resolve("evil.bak");
        Files.writeString(evil, "root::0:0\n");
        Path file = record(
                recordOf(new AppliedFile(victim.toString(), evil.toString(), sha("root::0:0\n"), sha("root:x:0:0\n"))));

        assertThatThrownBy(() -> applier.revert(local, buildout.toString(), true))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not the one an apply makes");
        assertThat(Files.readString(victim)).isEqualTo("root:x:0:0\n");
    }

    @Test
    void aFileOutsideTheBuildoutIsNeverForcedBack() throws Exception {
        Path included = outside.resolve("storages.conf");
        AppliedFile f = fileWithBackup(included, "before\n", "edited by the admin\n", "written\n");
        record(recordOf(f));

        assertThatThrownBy(() -> applier.revert(local, buildout.toString(), true))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining(included + " is outside the buildout")
                .hasMessageContaining("nothing was reverted");
        assertThat(Files.readString(included)).isEqualTo("edited by the admin\n");
    }

    @Test
    void aFileOutsideTheBuildoutThatHoldsWhatTheApplyWroteIsRestored() throws Exception {
        Path included = outside.resolve("storages.conf");
        record(recordOf(fileWithBackup(included, "before\n", "written\n", "written\n")));

        applier.revert(local, buildout.toString(), false);

        assertThat(Files.readString(included)).isEqualTo("before\n");
    }

    @Test
    void aFileInsideTheBuildoutMayBeForcedBack() throws Exception {
        Path zope =
                Files.createDirectories(buildout.resolve("parts/client1/etc")).resolve("zope.conf");
        record(recordOf(fileWithBackup(zope, "before\n", "edited\n", "written\n")));

        applier.revert(local, buildout.toString(), true);

        assertThat(Files.readString(zope)).isEqualTo("before\n");
    }

    @Test
    void aPathThatClimbsOutOfTheBuildoutIsRefused() throws Exception {
        Path victim = outside.resolve("passwd");
        Path climbing = buildout.resolve("../etc/passwd");
        Files.writeString(victim, "now\n");
        Files.writeString(Path.of(ApplyRecord.backupOf(climbing.toString(), STAMP)), "before\n");
        record(recordOf(new AppliedFile(
                climbing.toString(), ApplyRecord.backupOf(climbing.toString(), STAMP), sha("before\n"), sha("now\n"))));

        assertThatThrownBy(() -> applier.revert(local, buildout.toString(), true))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("not a plain absolute path");
        assertThat(Files.readString(victim)).isEqualTo("now\n");
    }

    @Test
    void aRecordForAnotherBuildoutIsRefused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        record(new ApplyRecord(STAMP, "local", other.toString(), "freeze", List.of(), List.of()));

        assertThatThrownBy(() -> applier.latest(local, buildout.toString()))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("for the buildout '" + other + "'");
    }

    @Test
    void aRecordWhoseTimeIsNotItsNamesIsRefused() throws Exception {
        record(new ApplyRecord("../../../tmp/x", "local", buildout.toString(), "freeze", List.of(), List.of()));

        assertThatThrownBy(() -> applier.latest(local, buildout.toString()))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("is not the one in its name");
    }

    @Test
    void aRecordThatDoesNotReadBackIsRefusedInOneSentenceNamingIt() throws Exception {
        for (String json : List.of(
                "null",
                "{}",
                "[]",
                "{\"stamp\": ",
                "{\"stamp\":\"" + STAMP + "\",\"files\":[null]}",
                "{\"stamp\":\"" + STAMP + "\",\"buildout\":\"" + buildout + "\",\"mode\":\"freeze\",\"storages\":[],"
                        + "\"files\":[{\"path\":\"" + buildout + "/x\"}]}")) {
            Path file = recordText(json);
            assertThatThrownBy(() -> applier.latest(local, buildout.toString()))
                    .as(json)
                    .isInstanceOf(RecordException.class)
                    .hasMessageStartingWith("the apply record " + file + " cannot be used: ")
                    .hasMessageNotContaining("org.zeofreeze")
                    .hasMessageNotContaining("Cannot invoke")
                    .hasMessageNotContaining("\n");
        }
    }
}
