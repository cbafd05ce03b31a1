package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.testing.Fixtures;

class ConfigOnlyRunTest {
    @TempDir
    Path dir;

    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private Path buildout;

    private ConfigOnlyRun run(Selection selection) throws Exception {
        buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        LocalHost local = new LocalHost();
        ClusterReader reader = ClusterReader.of(ClusterProfile.local("prod", buildout.toString()), name -> local);
        Discovery discovery = reader.read(ClusterProfile.local("prod", buildout.toString()));
        Plan plan = new Planner().plan(discovery, selection);
        return new ConfigOnlyRun(discovery, plan, name -> local, reader, Clock.systemUTC());
    }

    private List<String> states() {
        return events.stream()
                .filter(e -> e instanceof RunEvent.StepChanged)
                .map(e -> (RunEvent.StepChanged) e)
                .map(s -> s.step() + " " + s.state())
                .distinct()
                .toList();
    }

    @Test
    void checksThenWritesThenVerifiesEachStepDoneOnlyAfterItRan() throws Exception {
        ConfigOnlyRun run = run(Selection.freeze());

        RunEvent.Outcome outcome = run.run(events::add, new CancelToken());

        assertThat(outcome).isEqualTo(RunEvent.Outcome.DONE);
        assertThat(states())
                .containsExactly(
                        "check RUNNING", "check DONE", "write RUNNING", "write DONE", "verify RUNNING", "verify DONE");
        assertThat(events)
                .filteredOn(e -> e instanceof RunEvent.Verified)
                .isNotEmpty()
                .allMatch(e -> ((RunEvent.Verified) e).ok());
        assertThat(Files.readString(buildout.resolve("parts/zeoserver/etc/zeo.conf")))
                .contains("read-only true");
        assertThat(events.get(events.size() - 1))
                .isInstanceOfSatisfying(
                        RunEvent.Finished.class, f -> assertThat(f.message()).startsWith("Verified"));
    }

    @Test
    void aFileChangedSinceTheReviewFailsTheCheckAndNothingIsWritten() throws Exception {
        ConfigOnlyRun run = run(Selection.freeze());
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(zeo, Files.readString(zeo) + "\n# someone else's edit\n");
        Map<String, byte[]> before = Fixtures.snapshot(buildout);

        RunEvent.Outcome outcome = run.run(events::add, new CancelToken());

        assertThat(outcome).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(states()).containsExactly("check RUNNING", "check FAILED");
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aCancelBeforeTheStartWritesNothing() throws Exception {
        ConfigOnlyRun run = run(Selection.freeze());
        Map<String, byte[]> before = Fixtures.snapshot(buildout);
        CancelToken cancel = new CancelToken();
        cancel.cancel();

        assertThat(run.run(events::add, cancel)).isEqualTo(RunEvent.Outcome.CANCELLED);
        assertThat(states()).isEmpty();
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void rollingBackPutsEveryWrittenFileBack() throws Exception {
        ConfigOnlyRun run = run(Selection.freeze());
        Map<String, byte[]> before = Fixtures.snapshot(buildout.resolve("parts"));
        run.run(events::add, new CancelToken());
        assertThat(Fixtures.snapshot(buildout.resolve("parts")))
                .usingRecursiveComparison()
                .isNotEqualTo(before);

        assertThat(run.rollBack(events::add)).isEqualTo(RunEvent.Outcome.ROLLED_BACK);

        Map<String, byte[]> after = Fixtures.snapshot(buildout.resolve("parts"));
        after.keySet().removeIf(name -> name.contains(".zeofreeze-"));
        assertThat(after).usingRecursiveComparison().isEqualTo(before);
    }
}
