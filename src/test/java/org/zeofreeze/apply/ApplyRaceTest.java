package org.zeofreeze.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.ForwardingHost;

/** Someone edits a config file while the apply is under way: the edit is never lost. */
class ApplyRaceTest {
    @TempDir
    Path dir;

    /** This computer, where the first file written triggers an admin's edit of another one. */
    static final class EditDuringApply extends ForwardingHost {
        final String trigger;
        final Path edited;
        boolean done;

        EditDuringApply(String trigger, Path edited) {
            super(new LocalHost());
            this.trigger = trigger;
            this.edited = edited;
        }

        @Override
        public void writeAtomically(String path, byte[] content) throws IOException {
            delegate.writeAtomically(path, content);
            edit(path);
        }

        private void edit(String path) throws IOException {
            if (path.equals(trigger) && !done) {
                done = true;
                Files.writeString(edited, Files.readString(edited) + "# edited by an admin during the apply\n");
            }
        }
    }

    @Test
    void anEditMadeAfterTheFirstCheckIsKeptAndWhatWasWrittenIsPutBack() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir);
        Discovery discovery = Engines.discover(buildout);
        Plan plan = new Planner().plan(discovery, Selection.freeze());
        assertThat(plan.changes()).hasSizeGreaterThan(1);
        FileChange first = plan.changes().get(0);
        Path second = Path.of(plan.changes().get(1).path());
        EditDuringApply host = new EditDuringApply(first.path(), second);

        assertThatThrownBy(() -> new ConfigApplier(h -> host, Clock.systemUTC())
                        .apply(plan, discovery.cluster().buildouts()))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining(second + " changed since the plan was made")
                .hasMessageContaining("put back as they were");

        assertThat(Files.readString(second)).endsWith("# edited by an admin during the apply\n");
        assertThat(Path.of(first.path())).hasBinaryContent(first.before());
        try (Stream<Path> files = Files.walk(buildout)) {
            assertThat(files.map(Path::toString)).noneMatch(f -> f.contains("zeofreeze-tmp"));
        }
    }
}
