package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.HostileFiles;
import picocli.CommandLine;

/** A real file that exhausts memory when read as ZConfig reads it: bad input, one sentence, nothing changed. */
class HostileFileTest {
    @TempDir
    Path dir;

    @Test
    void aZeoConfThatExpandsBeyondMemoryIsBadInputInOneSentenceAndNothingIsWritten() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        HostileFiles.defineBomb(buildout.resolve("parts/zeoserver/etc/zeo.conf"));
        Map<String, byte[]> before = Fixtures.snapshot(buildout);

        for (String[] command : new String[][] {{"plan"}, {"apply", "--config-only"}}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader("yes\n")));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));

            String[] args = Stream.concat(Stream.of(command), Stream.of("--buildout", buildout.toString()))
                    .toArray(String[]::new);
            int exit = cl.execute(args);

            assertThat(exit).as(command[0] + ": " + err).isEqualTo(2);
            assertThat(err.toString().strip().lines()).as(command[0]).hasSize(1);
            assertThat(err.toString())
                    .startsWith("zeofreeze: ")
                    .contains("out of memory", "far too large")
                    .doesNotContain("\tat ", "java.lang");
        }
        assertThat(Fixtures.snapshot(buildout)).usingRecursiveComparison().isEqualTo(before);
    }
}
