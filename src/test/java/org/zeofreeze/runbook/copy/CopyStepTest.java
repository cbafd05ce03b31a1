package org.zeofreeze.runbook.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RecordingHost;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.testing.Fixtures;

/** The copy step alone, with the real rsync, between two directories of this computer. */
class CopyStepTest {
    @TempDir
    Path dir;

    final List<RunEvent> events = new ArrayList<>();
    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T18:30:00Z"), ZoneOffset.UTC);
    Path sourceFs;
    Path targetFs;
    RunSetup setup;
    Journal journal;
    final Map<String, RecordingHost> hosts = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("source"));
        Path target = Files.createDirectories(dir.resolve("target"));
        sourceFs = buildout.resolve("var/filestorage/deepereconomics.org.fs");
        targetFs = target.resolve("var/filestorage/deepereconomics.org.fs");
        Files.createDirectories(sourceFs.getParent());
        Files.createDirectories(targetFs.getParent());
        Files.write(sourceFs, bytes("FS21 the source's transactions, ", 2000));
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(zeo, Files.readString(zeo).replace("/usr/local/Plone/zeocluster", buildout.toString()));
        ClusterProfile profile = new ClusterProfile(
                "t",
                ClusterProfile.local("t", buildout.toString()).hosts(),
                null,
                new MigrationTarget("new", "", null, null, target.toString(), List.of()),
                null,
                false);
        setup = RunPreparation.prepare(
                profile,
                Selection.parse(Mode.FREEZE, List.of("deepereconomics.org")),
                name -> hosts.computeIfAbsent(name, RecordingHost::new));
        journal = RunPreparation.journal(setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), clock);
    }

    static byte[] bytes(String text, int times) {
        return text.repeat(times).getBytes(StandardCharsets.US_ASCII);
    }

    void copy() throws Exception {
        CopyStep step = new CopyStep();
        step.run(new StepRun(step, setup, journal, events::add, new CancelToken(), clock));
    }

    void preSync() throws Exception {
        PreSyncStep step = new PreSyncStep();
        step.run(new StepRun(step, setup, journal, events::add, new CancelToken(), clock));
    }

    /** The commands run from now on, on any host. */
    List<List<String>> commandsDuring(ThrowingRunnable action) throws Exception {
        hosts.values().forEach(h -> h.commands.clear());
        action.run();
        return hosts.values().stream().flatMap(h -> h.commands.stream()).toList();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static boolean hashes(List<String> argv) {
        return argv.size() > 3 && argv.get(0).equals("sh") && argv.get(2).contains("sha256");
    }

    String infos() {
        return String.join(
                "\n",
                events.stream()
                        .filter(RunEvent.Log.class::isInstance)
                        .map(RunEvent.Log.class::cast)
                        .map(RunEvent.Log::text)
                        .toList());
    }

    void append(Path file, String text) throws Exception {
        Files.write(file, text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    }

    List<Path> keptFiles() throws Exception {
        try (Stream<Path> files = Files.list(targetFs.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith("deepereconomics.org.fs.zeofreeze-kept-"))
                    .sorted()
                    .toList();
        }
    }

    String doneMessage() {
        return events.stream()
                .filter(RunEvent.StepChanged.class::isInstance)
                .map(RunEvent.StepChanged.class::cast)
                .filter(e -> e.state() == StepState.DONE && e.message() != null)
                .map(RunEvent.StepChanged::message)
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    String warnings() {
        return String.join(
                "\n",
                events.stream()
                        .filter(RunEvent.Log.class::isInstance)
                        .map(RunEvent.Log.class::cast)
                        .filter(l -> l.level() == RunEvent.Level.WARNING)
                        .map(RunEvent.Log::text)
                        .toList());
    }

    @Test
    void aTargetFileLongerThanTheSourceIsKeptAsideWithATimeStampAndReported() throws Exception {
        byte[] theirs = bytes("FS21 data that only the target has, ", 3000);
        Files.write(targetFs, theirs);
        Files.writeString(targetFs.resolveSibling("deepereconomics.org.fs.index"), "their index");

        copy();

        assertThat(targetFs).hasBinaryContent(Files.readAllBytes(sourceFs));
        Path kept = targetFs.resolveSibling("deepereconomics.org.fs.zeofreeze-kept-20261201T183000.000Z");
        assertThat(keptFiles()).containsExactly(kept, kept.resolveSibling(kept.getFileName() + ".index"));
        assertThat(kept).hasBinaryContent(theirs);
        assertThat(kept.resolveSibling(kept.getFileName() + ".index")).hasContent("their index");
        assertThat(targetFs.resolveSibling("deepereconomics.org.fs.index")).doesNotExist();
        assertThat(warnings()).contains(targetFs + " on the target is longer than " + sourceFs, "kept as " + kept);
        assertThat(doneMessage()).contains("the target's former file was kept as " + kept);
    }

    @Test
    void aTargetFileThatIsNotAPrefixOfTheSourceIsKeptToo() throws Exception {
        byte[] theirs = bytes("FS21 other data, same length or less ", 100);
        Files.write(targetFs, theirs);

        copy();

        assertThat(targetFs).hasBinaryContent(Files.readAllBytes(sourceFs));
        assertThat(keptFiles()).singleElement().satisfies(k -> assertThat(k).hasBinaryContent(theirs));
        assertThat(warnings()).contains("is not a prefix of " + sourceFs);
    }

    @Test
    void aVerifiedPrefixIsCompletedInPlaceAndNothingIsKept() throws Exception {
        byte[] all = Files.readAllBytes(sourceFs);
        Files.write(targetFs, Arrays.copyOf(all, 5000));

        copy();

        assertThat(targetFs).hasBinaryContent(all);
        assertThat(keptFiles()).isEmpty();
        assertThat(warnings()).isEmpty();
        assertThat(doneMessage()).doesNotContain("kept");
    }

    @Test
    void afterAPreSyncOnlyTheTailIsSentAndThePrefixIsNotHashedAgainButBothEndsAreHashedWhole() throws Exception {
        preSync();
        append(sourceFs, "FS21 written after the pre-sync, before the freeze".repeat(50));

        List<List<String>> commands = commandsDuring(this::copy);

        assertThat(targetFs).hasBinaryContent(Files.readAllBytes(sourceFs));
        assertThat(infos()).contains(targetFs + " is the prefix the pre-sync verified (64000 of");
        assertThat(commands)
                .filteredOn(a -> a.get(0).equals("rsync"))
                .singleElement()
                .satisfies(a -> assertThat(a).contains("--append").doesNotContain("--append-verify"));
        // The proof: the whole of each end hashed once, never a prefix again.
        assertThat(commands)
                .filteredOn(CopyStepTest::hashes)
                .hasSize(2)
                .allSatisfy(a -> assertThat(a).contains("file-hash").doesNotContain("prefix-hash"));
        assertThat(journal.copiesVerified()).containsKey("deepereconomics.org@local");
        assertThat(keptFiles()).isEmpty();
    }

    @Test
    void aTargetThatIsAPrefixWithoutAPreSyncIsCheckedOnBothEndsFirst() throws Exception {
        byte[] all = Files.readAllBytes(sourceFs);
        Files.write(targetFs, Arrays.copyOf(all, 5000));

        List<List<String>> commands = commandsDuring(this::copy);

        assertThat(commands)
                .filteredOn(CopyStepTest::hashes)
                .extracting(a -> a.get(3))
                .containsExactlyInAnyOrder("prefix-hash", "file-hash", "file-hash", "file-hash");
        assertThat(targetFs).hasBinaryContent(all);
    }

    @Test
    void aPackAfterThePreSyncGivesADeltaSyncOverThisRunsOwnCopyNotAKeptFile() throws Exception {
        preSync();
        // A pack writes a new, shorter file and renames it over the old one.
        Path packed = sourceFs.resolveSibling("deepereconomics.org.fs.pack");
        Files.write(packed, bytes("FS21 packed ", 3000));
        Files.move(packed, sourceFs, StandardCopyOption.REPLACE_EXISTING);

        copy();

        assertThat(targetFs).hasBinaryContent(Files.readAllBytes(sourceFs));
        assertThat(keptFiles()).isEmpty();
        assertThat(warnings()).contains("is this run's pre-synced copy, but " + sourceFs + " was replaced (packed)");
    }

    @Test
    void aCommitThatWasUnderWayDuringThePreSyncIsRepairedOverItsOwnCopy() throws Exception {
        preSync();
        // FileStorage writes a transaction's status byte again when the commit finishes.
        try (RandomAccessFile f = new RandomAccessFile(sourceFs.toFile(), "rw")) {
            f.seek(63990);
            f.write('c');
        }
        append(sourceFs, "FS21 the next transaction");

        copy();

        assertThat(targetFs).hasBinaryContent(Files.readAllBytes(sourceFs));
        assertThat(warnings()).contains("after the tail was appended", "a delta sync over this run's pre-synced copy");
        assertThat(keptFiles()).isEmpty();
    }

    @Test
    void blobsAreCopiedAfterTheFsNothingIsDeletedOnTheTargetAndTheCheckNamesWhatItCompared() throws Exception {
        Path blobs = sourceFs.getParent().resolveSibling("blobstorage-deepereconomics.org");
        Path targetBlobs = targetFs.getParent().resolveSibling("blobstorage-deepereconomics.org");
        Files.createDirectories(blobs.resolve("0x00/0x01"));
        Files.writeString(blobs.resolve(".layout"), "bushy");
        Files.writeString(blobs.resolve("0x00/0x01/0x03d4.blob"), "a blob");
        Files.createDirectories(targetBlobs);
        Files.writeString(targetBlobs.resolve("only-on-the-target.blob"), "theirs");

        List<List<String>> commands = commandsDuring(this::copy);

        assertThat(targetBlobs.resolve("0x00/0x01/0x03d4.blob")).hasContent("a blob");
        assertThat(targetBlobs.resolve("only-on-the-target.blob")).hasContent("theirs");
        List<String> rsyncs = commands.stream()
                .filter(a -> a.get(0).equals("rsync"))
                .map(a -> a.get(a.size() - 1))
                .toList();
        assertThat(rsyncs).containsExactly(targetFs.toString(), targetBlobs + "/");
        assertThat(commands).noneMatch(a -> a.contains("--delete"));
        assertThat(infos())
                .contains("all 2 blob files (11 bytes) of " + blobs + " are there with their sizes (and 1 more, kept);"
                        + " the 2 sent now have the same sha256 on both ends");

        // A second copy finds nothing changed and hashes no blob.
        events.clear();
        copy();
        assertThat(infos()).contains("the 0 sent now");
    }
}
