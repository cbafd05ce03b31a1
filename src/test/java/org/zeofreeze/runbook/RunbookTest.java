package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.testing.Fixtures;

/** Which steps a run has, and in what order. */
class RunbookTest {
    @TempDir
    Path dir;

    List<String> steps(MigrationTarget target, Mode mode, Strategy strategy) throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b" + System.nanoTime()));
        ClusterProfile profile = new ClusterProfile("t", ClusterProfile.local("t", buildout.toString()).hosts(), null, target,
                null, false);
        RunSetup setup = RunPreparation.prepare(profile, Selection.parse(mode, List.of()), LocalHost::new);
        return Runbook.of(setup, strategy).steps().stream().map(Step::id).toList();
    }

    static MigrationTarget target() {
        return new MigrationTarget("new", "", null, null, "/srv/new", List.of());
    }

    @Test
    void aFreezeWithATargetPreSyncsRightAfterThePreflightInBothStrategies() throws Exception {
        for (Strategy s : Strategy.values()) {
            List<String> ids = steps(target(), Mode.FREEZE, s);
            // Before anything is stopped or written: the site is still live and writable.
            assertThat(ids).as(s.text()).startsWith("preflight", "presync").contains("copy");
            assertThat(ids).containsOnlyOnce("presync");
        }
    }

    @Test
    void noPreSyncWhenTheProfileTurnsItOffWithoutATargetOrForAThaw() throws Exception {
        for (Strategy s : Strategy.values()) {
            assertThat(steps(target().withoutPreSync(), Mode.FREEZE, s)).as(s.text()).doesNotContain("presync").contains("copy");
            assertThat(steps(null, Mode.FREEZE, s)).doesNotContain("presync");
            assertThat(steps(target(), Mode.THAW, s)).doesNotContain("presync");
        }
    }
}
