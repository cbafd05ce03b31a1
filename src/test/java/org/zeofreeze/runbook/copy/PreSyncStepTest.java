package org.zeofreeze.runbook.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RecordingHost;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.testing.Fixtures;

/** The pre-sync alone, with the real rsync, while "the site" keeps writing to the source between commands. */
class PreSyncStepTest {
    @TempDir
    Path dir;

    final List<RunEvent> events = new ArrayList<>();
    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T18:30:00Z"), ZoneOffset.UTC);
    final Map<String, RecordingHost> hosts = new ConcurrentHashMap<>();
    Path sourceFs;
    Path targetFs;
    RunSetup setup;
    Journal journal;

    @BeforeEach
    void setUp() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("source"));
        Path target = Files.createDirectories(dir.resolve("target"));
        sourceFs = buildout.resolve("var/filestorage/deepereconomics.org.fs");
        targetFs = target.resolve("var/filestorage/deepereconomics.org.fs");
        Files.createDirectories(sourceFs.getParent());
        Files.write(sourceFs, "FS21 the live site's transactions, ".repeat(3000).getBytes(StandardCharsets.US_ASCII));
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

    void preSync() throws Exception {
        PreSyncStep step = new PreSyncStep();
        step.run(new StepRun(step, setup, journal, events::add, new CancelToken(), clock));
    }

    /** After each rsync of the .fs on the source host, {@code site} runs with the number of that rsync. */
    void whileRsyncRuns(IntConsumer site) {
        AtomicInteger n = new AtomicInteger();
        hosts.get("local").after = argv -> {
            if (argv.get(0).equals("rsync") && argv.get(argv.size() - 2).equals(sourceFs.toString())) {
                site.accept(n.incrementAndGet());
            }
        };
    }

    void append(int bytes) {
        try {
            Files.write(sourceFs, "x".repeat(bytes).getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<JournalEntry.PreSynced> records() {
        return journal.entries().stream()
                .filter(JournalEntry.PreSynced.class::isInstance)
                .map(JournalEntry.PreSynced.class::cast)
                .toList();
    }

    String log() {
        return String.join(
                "\n",
                events.stream()
                        .filter(RunEvent.Log.class::isInstance)
                        .map(e -> ((RunEvent.Log) e).text())
                        .toList());
    }

    @Test
    void theLiveFileIsCopiedAndItsPrefixRecordedWithTheSha256OfBothEnds() throws Exception {
        preSync();

        byte[] source = Files.readAllBytes(sourceFs);
        assertThat(targetFs).hasBinaryContent(source);
        JournalEntry.PreSynced last = records().get(records().size() - 1);
        assertThat(last.size()).isEqualTo(source.length);
        assertThat(last.sha256()).isEqualTo(Hashes.sha256(source));
        assertThat(last.target()).isEqualTo(targetFs.toString());
    }

    @Test
    void roundsRepeatWhileWhatTheSiteAppendsShrinksAndStopWhenItDoesNot() throws Exception {
        int[] writes = {5000, 500, 50, 60, 10};
        whileRsyncRuns(n -> append(n <= writes.length ? writes[n - 1] : 0));

        preSync();

        // Sent: the file, then 5000, 500, 50 bytes; 60 is no less than 50, so the rounds stop there.
        List<List<String>> rsyncs = hosts.get("local").commands.stream()
                .filter(a -> a.get(0).equals("rsync"))
                .filter(a -> a.get(a.size() - 2).equals(sourceFs.toString()))
                .toList();
        assertThat(rsyncs).hasSize(4);
        assertThat(rsyncs.subList(1, 4)).allSatisfy(a -> assertThat(a).contains("--append"));
        long sourceNow = Files.size(sourceFs);
        JournalEntry.PreSynced last = records().get(records().size() - 1);
        assertThat(last.size()).isEqualTo(sourceNow - 60);
        byte[] prefix = Arrays.copyOf(Files.readAllBytes(sourceFs), (int) last.size());
        assertThat(targetFs).hasBinaryContent(prefix);
        assertThat(last.sha256()).isEqualTo(Hashes.sha256(prefix));
    }

    @Test
    void aPackDuringThePreSyncStartsItAgainOverItsOwnCopyAndKeepsNothingAside() throws Exception {
        whileRsyncRuns(n -> {
            if (n == 1) {
                try { // the pack: a new, shorter file renamed over the old one
                    Path pack = sourceFs.resolveSibling(sourceFs.getFileName() + ".pack");
                    Files.write(pack, "FS21 packed ".repeat(100).getBytes(StandardCharsets.US_ASCII));
                    Files.move(pack, sourceFs, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        preSync();

        assertThat(log()).contains(sourceFs + " was replaced: a pack; the pre-sync starts again over its own copy");
        assertThat(targetFs).hasBinaryContent(Files.readAllBytes(sourceFs));
        assertThat(records().get(records().size() - 1).sha256()).isEqualTo(Hashes.sha256(Files.readAllBytes(sourceFs)));
        try (var files = Files.list(targetFs.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("deepereconomics.org.fs");
        }
    }

    @Test
    void aFreezeThatHasBegunIsNotPreSynced() throws Exception {
        journal.append(new JournalEntry.ProcessStopped(journal.now(), "local", "client1"));

        preSync();

        assertThat(targetFs).doesNotExist();
        assertThat(log()).contains("the freeze has begun");
    }
}
