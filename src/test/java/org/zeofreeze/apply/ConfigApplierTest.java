package org.zeofreeze.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.ForwardingHost;

class ConfigApplierTest {
    @TempDir
    Path dir;

    private final LocalHost local = new LocalHost();
    private final ConfigApplier applier =
            new ConfigApplier(h -> local, Clock.fixed(Instant.parse("2026-11-25T17:00:00Z"), ZoneOffset.UTC));

    @Test
    void applyThenRevertLeavesEveryFileByteIdentical() throws Exception {
        Path buildout = Fixtures.copyTree("odd", dir);
        Map<String, byte[]> before = Fixtures.snapshot(buildout.resolve("parts"));
        Discovery discovery = Engines.discover(buildout);
        Plan plan = new Planner().plan(discovery, Selection.freeze());

        List<ApplyRecord> records = applier.apply(plan, discovery.cluster().buildouts());

        assertThat(records).singleElement().satisfies(r -> assertThat(r.files()).hasSize(4));
        for (var change : plan.changes()) {
            assertThat(Files.readAllBytes(Path.of(change.path()))).isEqualTo(change.after());
            assertThat(Files.readAllBytes(Path.of(change.path() + ".zeofreeze-20261125T170000.000Z.bak")))
                    .isEqualTo(change.before());
        }
        assertThat(Verification.check(Engines.discover(buildout), plan)).isEmpty();

        applier.revert(local, buildout.toString(), false);

        Map<String, byte[]> after = Fixtures.snapshot(buildout.resolve("parts"));
        before.forEach((file, bytes) -> assertThat(after.get(file)).as(file).isEqualTo(bytes));
        assertThat(applier.latest(local, buildout.toString())).isEmpty();
    }

    @Test
    void permissionBitsAreKept() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir);
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.setPosixFilePermissions(zeo, PosixFilePermissions.fromString("rw-r-----"));
        Discovery discovery = Engines.discover(buildout);
        applier.apply(
                new Planner().plan(discovery, Selection.freeze()),
                discovery.cluster().buildouts());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(zeo)))
                .isEqualTo("rw-r-----");
        assertThat(Files.readString(zeo)).contains("read-only true");
    }

    @Test
    void aFileChangedSinceThePlanStopsTheApplyBeforeAnythingIsWritten() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir);
        Discovery discovery = Engines.discover(buildout);
        Plan plan = new Planner().plan(discovery, Selection.freeze());
        Path client2 = buildout.resolve("parts/client2/etc/zope.conf");
        Files.writeString(client2, Files.readString(client2) + "\n# edited meanwhile");
        Map<String, byte[]> before = Fixtures.snapshot(buildout);

        assertThatThrownBy(() -> applier.apply(plan, discovery.cluster().buildouts()))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining(client2.toString())
                .hasMessageContaining("changed since the plan was made; nothing was written");
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aWriteThatFailsHalfWayPutsBackWhatWasWritten() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir);
        Map<String, byte[]> before = Fixtures.snapshot(buildout.resolve("parts"));
        Discovery discovery = Engines.discover(buildout);
        Plan plan = new Planner().plan(discovery, Selection.freeze());
        String failing = plan.changes().get(2).path();
        Host flaky = new FailingWrites(local, failing);
        ConfigApplier applier = new ConfigApplier(h -> flaky, Clock.systemUTC());

        assertThatThrownBy(() -> applier.apply(plan, discovery.cluster().buildouts()))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining("disk full")
                .hasMessageContaining("put back as they were");
        Map<String, byte[]> after = Fixtures.snapshot(buildout.resolve("parts"));
        before.forEach((file, bytes) -> assertThat(after.get(file)).as(file).isEqualTo(bytes));
    }

    @Test
    void revertRefusesAFileChangedSinceTheApply() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir);
        Discovery discovery = Engines.discover(buildout);
        applier.apply(
                new Planner().plan(discovery, Selection.freeze()),
                discovery.cluster().buildouts());
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(zeo, Files.readString(zeo) + "# admin edit\n");
        byte[] edited = Files.readAllBytes(zeo);

        assertThatThrownBy(() -> applier.revert(local, buildout.toString(), false))
                .hasMessageContaining(zeo + " changed since ZeoFreeze wrote it")
                .hasMessageContaining("--force");
        assertThat(Files.readAllBytes(zeo)).isEqualTo(edited);

        applier.revert(local, buildout.toString(), true);
        assertThat(Files.readAllBytes(zeo)).isEqualTo(Fixtures.bytes("guide/parts/zeoserver/etc/zeo.conf"));
    }

    @Test
    void revertWithoutAnApplySaysSo() {
        assertThatThrownBy(() -> applier.revert(local, dir.toString(), false))
                .hasMessageContaining("nothing to revert");
    }

    /** This computer, except that writing one file fails as a full disk would. */
    private static final class FailingWrites extends ForwardingHost {
        private final String failing;

        FailingWrites(Host delegate, String failing) {
            super(delegate);
            this.failing = failing;
        }

        @Override
        public void writeAtomically(String path, byte[] content) throws IOException {
            if (path.equals(failing)) {
                throw new IOException("disk full");
            }
            delegate.writeAtomically(path, content);
        }
    }
}
