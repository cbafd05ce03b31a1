package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
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
        ClusterProfile profile = new ClusterProfile("t", ClusterProfile.local("t", buildout.toString()).hosts(), null,
                new MigrationTarget("new", "", null, null, target.toString(), List.of()), null, false);
        setup = RunPreparation.prepare(profile, Selection.parse(Mode.FREEZE, List.of("deepereconomics.org")), LocalHost::new);
    }

    static byte[] bytes(String text, int times) {
        return text.repeat(times).getBytes(StandardCharsets.US_ASCII);
    }

    void copy() throws Exception {
        Journal journal = RunPreparation.journal(setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), clock);
        CopyStep step = new CopyStep();
        step.run(new StepRun(step, setup, journal, events::add, new CancelToken(), clock));
    }

    List<Path> keptFiles() throws Exception {
        try (Stream<Path> files = Files.list(targetFs.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith("deepereconomics.org.fs.zeofreeze-kept-")).sorted().toList();
        }
    }

    String doneMessage() {
        return events.stream().filter(RunEvent.StepChanged.class::isInstance).map(RunEvent.StepChanged.class::cast)
                .filter(e -> e.state() == StepState.DONE && e.message() != null).map(RunEvent.StepChanged::message)
                .reduce((a, b) -> b).orElseThrow();
    }

    String warnings() {
        return String.join("\n", events.stream().filter(RunEvent.Log.class::isInstance).map(RunEvent.Log.class::cast)
                .filter(l -> l.level() == RunEvent.Level.WARNING).map(RunEvent.Log::text).toList());
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
        Files.write(targetFs, java.util.Arrays.copyOf(all, 5000));

        copy();

        assertThat(targetFs).hasBinaryContent(all);
        assertThat(keptFiles()).isEmpty();
        assertThat(warnings()).isEmpty();
        assertThat(doneMessage()).doesNotContain("kept");
    }
}
