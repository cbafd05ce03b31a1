package org.zeofreeze.runbook.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.PartFile;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.runbook.setup.Strategy;

/** The journal's header is typed in the run and keeps, in the file, the texts journals always held. */
class JournalHeaderTest {
    @TempDir
    Path dir;

    @Test
    void aHeaderReadsBackAsItWasWrittenAndTheFileKeepsItsTexts() throws Exception {
        Instant created = Instant.parse("2026-12-07T06:40:00.123Z");
        JournalHeader header = new JournalHeader(
                "r1",
                created,
                ClusterProfile.local("prod", "/srv/zeocluster"),
                Mode.THAW,
                List.of(new StorageId("local", "zeoserver", "plone")),
                List.of(),
                Strategy.ROLLING,
                null,
                null);
        Path file = dir.resolve("run-r1.json");
        Journal.create(file, header, Clock.systemUTC());

        JournalHeader read = Journal.open(file, Clock.systemUTC()).header();

        assertThat(read).isEqualTo(header);
        assertThat(Files.readString(file))
                .contains(
                        "\"created\" : \"2026-12-07T06:40:00.123Z\"",
                        "\"mode\" : \"THAW\"",
                        "\"strategy\" : \"rolling\"");
    }

    @Test
    void aProfileThatNamesItsFilesReadsBackWithThemForAResumeOrRollback() throws Exception {
        ClusterProfile profile = new ClusterProfile(
                "hand-kept",
                List.of(HostEntry.files(
                        "zeo",
                        "zeo1.example.org",
                        "plone",
                        null,
                        null,
                        "/srv/plone",
                        new PartFile("zeoserver", "/srv/plone/etc/zeo.conf", null),
                        List.of(new PartFile("client1", "/srv/plone/etc/client1.conf", "127.0.0.1:8081")),
                        "/srv/plone/venv/bin/python")),
                new ProcessControl.Systemd(null, true, Map.of("client1", "zope@client1")),
                null,
                null,
                false);
        JournalHeader header = new JournalHeader(
                "r2",
                Instant.parse("2026-12-07T06:40:00Z"),
                profile,
                Mode.FREEZE,
                List.of(new StorageId("zeo", "zeoserver", "catalog")),
                List.of(),
                Strategy.ROLLING,
                null,
                null);
        Path file = dir.resolve("run-r2.json");
        Journal.create(file, header, Clock.systemUTC());

        JournalHeader read = Journal.open(file, Clock.systemUTC()).header();

        assertThat(read).isEqualTo(header);
        assertThat(read.profile().hosts().get(0).filesLayout())
                .isEqualTo(profile.hosts().get(0).filesLayout());
    }

    @Test
    void aJournalFromBeforeTheChoiceOfStrategyRanTheFullStop() throws Exception {
        Path file = dir.resolve("run-old.json");
        Files.writeString(
                file,
                "{\"header\": {\"runId\": \"old\", \"created\": \"2026-11-25T17:00:00Z\", \"profile\": "
                        + "{\"name\": \"c\", \"hosts\": []}, \"mode\": \"FREEZE\", \"storages\": [], \"reviewed\": []}, \"entries\": []}");

        JournalHeader read = Journal.open(file, Clock.systemUTC()).header();

        assertThat(read.strategy()).isEqualTo(Strategy.FULL_STOP);
        assertThat(read.mode()).isEqualTo(Mode.FREEZE);
        assertThat(read.created()).isEqualTo(Instant.parse("2026-11-25T17:00:00Z"));
    }

    @Test
    void aModeThatIsNeitherFreezeNorThawIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("run-odd.json");
        Files.writeString(
                file,
                "{\"header\": {\"runId\": \"odd\", \"created\": \"2026-11-25T17:00:00Z\", \"profile\": "
                        + "{\"name\": \"c\", \"hosts\": []}, \"mode\": \"SIDEWAYS\", \"storages\": [], \"reviewed\": []}, \"entries\": []}");

        assertThatThrownBy(() -> Journal.open(file, Clock.systemUTC()))
                .isInstanceOf(Journal.UnreadableJournalException.class)
                .hasMessageContaining(file.toString());
    }
}
