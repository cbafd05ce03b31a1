package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A journal or an apply record that does not read back is bad input: exit 2, one sentence naming it. */
class UnreadableFilesTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader("")));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private static void assertOneSentenceNaming(Run r, Path file) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err())
                .startsWith("zeofreeze: ")
                .contains(file.toString())
                .doesNotContain("NullPointerException", "Cannot invoke", "org.zeofreeze", "\tat ");
    }

    @Test
    void aJournalThatIsNotOneIsRefusedByResumeAndRollback() throws Exception {
        List<String> contents = List.of(
                "{}",
                "null",
                "[]",
                "",
                "{\"header\": {}, \"entries\": []}",
                "{\"header\": {\"runId\": \"r\", \"profile\": {\"name\": \"c\", \"hosts\": []}, \"mode\": \"SIDEWAYS\","
                        + " \"storages\": [], \"reviewed\": []}, \"entries\": []}",
                "{\"header\": {\"runId\": \"r\", \"profile\": {\"name\": \"c\", \"hosts\": []}, \"mode\": \"FREEZE\","
                        + " \"storages\": [], \"reviewed\": []}, \"entries\": [{\"entry\": \"file-writing\"}]}",
                "{\"header\": {\"runId\": \"r\", \"profile\": {\"name\": \"c\", \"hosts\": []}, \"mode\": \"FREEZE\","
                        + " \"storages\": [], \"reviewed\": []}, \"entries\": [{\"entry\": \"teleported\"}]}");
        for (String content : contents) {
            Path journal = dir.resolve("run.json");
            Files.writeString(journal, content);
            for (String command : List.of("resume", "rollback")) {
                assertOneSentenceNaming(run(command, "--yes", "-j", journal.toString()), journal);
            }
        }
    }

    @Test
    void anApplyRecordThatIsNotOneIsRefusedByRevert() throws Exception {
        Path buildout = Files.createDirectories(dir.resolve("buildout"));
        Path record =
                Files.createDirectories(buildout.resolve("var/zeofreeze")).resolve("apply-20261125T170000.000Z.json");
        for (String content : List.of("{}", "null", "{\"stamp\": 3")) {
            Files.writeString(record, content);
            assertOneSentenceNaming(run("revert", "--yes", "-b", buildout.toString()), record);
        }
    }
}
