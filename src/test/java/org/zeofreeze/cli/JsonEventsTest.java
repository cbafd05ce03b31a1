package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.journal.JournalHeader;
import org.zeofreeze.testing.Fixtures;
import picocli.CommandLine;

/** {@code --events json}: every run event as one JSON line that docs/run-events.schema.json describes. */
class JsonEventsTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static JsonSchema schema() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("docs/run-events.schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
    }

    /** One of each kind, with and without a host, with the values a run really sends. */
    static List<RunEvent> everyKind() {
        return List.of(
                new RunEvent.StepChanged(AT, "stop", "zeo", StepState.RUNNING, null),
                new RunEvent.StepChanged(
                        AT, "preflight", null, StepState.FAILED, "zeo.conf changed since the plan was reviewed"),
                new RunEvent.Progress(AT, "copy", "zeo", "plone.fs", 512, 2048, 1.5e6, Duration.ofSeconds(3)),
                new RunEvent.Progress(AT, "copy", "zeo", "plone blobs", 0, -1, 0, null),
                new RunEvent.Log(AT, "apply", "web2", RunEvent.Level.WARNING, "writing parts/client1/etc/zope.conf"),
                new RunEvent.Serving(AT, "roll:zeo/client1", "zeo", "client1", false, false),
                new RunEvent.Serving(AT, "roll:zeo/client1", null, null, false, true),
                new RunEvent.Starting(AT, "zeo:zeo/zeoserver", "zeo", "zeoserver", true),
                new RunEvent.Verified(
                        AT, "verify", "zeo", "zeoserver/plone", true, "refuses write access at the ZEO server"),
                new RunEvent.Outage(
                        AT, Duration.ZERO, Duration.ZERO, Map.of("client1@zeo", Duration.ofMillis(4200)), false),
                new RunEvent.SiteSeen(
                        AT, "http://lb.example.org/", 240, 3, 1, Duration.ofMillis(2100), Duration.ofMillis(750)),
                new RunEvent.FrozenWindow(
                        AT,
                        AT.minusSeconds(30),
                        Map.of("zeoserver/plone@zeo", Duration.ofSeconds(12)),
                        List.of("zeoserver/catalog@zeo")),
                new RunEvent.Finished(AT, RunEvent.Outcome.ROLLED_BACK, "rolled back", "/tmp/journal.json"));
    }

    static List<String> lines(List<RunEvent> events, Secrets secrets) {
        StringWriter out = new StringWriter();
        JsonEvents json = new JsonEvents(new PrintWriter(out), secrets);
        events.forEach(json::on);
        return out.toString().lines().toList();
    }

    @Test
    void everyKindOfEventIsOneLineThatTheSchemaAccepts() throws Exception {
        JsonSchema schema = schema();
        List<RunEvent> events = everyKind();
        Set<Class<?>> kinds = new HashSet<>();
        events.forEach(e -> kinds.add(e.getClass()));
        assertThat(kinds)
                .as("the test covers every kind of event")
                .containsExactlyInAnyOrder(RunEvent.class.getPermittedSubclasses());

        List<String> lines = lines(events, Secrets.NONE);

        assertThat(lines).hasSameSizeAs(events);
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            Set<ValidationMessage> errors = schema.validate(node);
            assertThat(errors).as(line).isEmpty();
        }
        assertThat(JSON.readTree(lines.get(0)).get("event").asText()).isEqualTo("step");
        assertThat(JSON.readTree(lines.get(0)).get("state").asText()).isEqualTo("running");
        assertThat(JSON.readTree(lines.get(2)).get("etaSeconds").asDouble()).isEqualTo(3.0);
        assertThat(JSON.readTree(lines.get(7)).get("event").asText()).isEqualTo("starting");
        assertThat(JSON.readTree(lines.get(7)).get("part").asText()).isEqualTo("zeoserver");
        assertThat(JSON.readTree(lines.get(7)).get("server").asBoolean()).isTrue();
        assertThat(JSON.readTree(lines.get(9))
                        .get("perPartSeconds")
                        .get("client1@zeo")
                        .asDouble())
                .isEqualTo(4.2);
        assertThat(JSON.readTree(lines.get(10)).get("event").asText()).isEqualTo("site-seen");
        assertThat(JSON.readTree(lines.get(10)).get("longestWaitSeconds").asDouble())
                .isEqualTo(2.1);
        assertThat(JSON.readTree(lines.get(10)).get("failed").asInt()).isEqualTo(3);
        assertThat(JSON.readTree(lines.get(11))
                        .get("perStorageSeconds")
                        .get("zeoserver/plone@zeo")
                        .asDouble())
                .isEqualTo(12.0);
        assertThat(JSON.readTree(lines.get(12)).get("outcome").asText()).isEqualTo("rolled_back");
    }

    @Test
    void theSchemaRefusesAnEventItDoesNotDescribe() throws Exception {
        JsonSchema schema = schema();
        assertThat(schema.validate(JSON.readTree("{\"event\": \"step\", \"at\": \"2026-12-01T10:00:00Z\"}")))
                .isNotEmpty();
        assertThat(schema.validate(JSON.readTree("{\"event\": \"party\", \"at\": \"2026-12-01T10:00:00Z\"}")))
                .isNotEmpty();
        String finished = lines(List.of(new RunEvent.Finished(AT, RunEvent.Outcome.DONE, "done", null)), Secrets.NONE)
                .get(0);
        assertThat(schema.validate(JSON.readTree(finished.replace("\"done\"", "\"maybe\""))))
                .isNotEmpty();
    }

    @Test
    void secretValuesOfTheRunsFilesAreMaskedInEveryText() throws Exception {
        Secrets secrets = Secrets.in(List.of("<zeoclient>\n  password s3cret-Value\n</zeoclient>\n"));
        List<String> lines = lines(
                List.of(
                        new RunEvent.Log(AT, "apply", "zeo", RunEvent.Level.INFO, "the server said s3cret-Value"),
                        new RunEvent.StepChanged(AT, "apply", "zeo", StepState.FAILED, "bad s3cret-Value"),
                        new RunEvent.Finished(AT, RunEvent.Outcome.FAILED, "failed at s3cret-Value", null)),
                secrets);

        assertThat(String.join("\n", lines)).doesNotContain("s3cret-Value").contains(Secrets.MASK);
    }

    @Test
    void withEventsJsonStandardOutputHoldsOnlyEventsAndTheQuestionGoesToStandardError() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("buildout"));
        Path file = dir.resolve("journals/run-r1.json");
        Journal journal = Journal.create(
                file,
                new JournalHeader(
                        "r1",
                        Instant.parse("2026-11-25T17:00:00Z"),
                        ClusterProfile.local("guide-cluster", buildout.toString()),
                        Mode.FREEZE,
                        List.of(),
                        List.of()),
                Clock.systemUTC());
        journal.append(new JournalEntry.StepMarked(journal.now(), "preflight", null, StepState.DONE, null));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader("")));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("rollback", "--events", "json", "-j", file.toString());

        assertThat(exit).isEqualTo(ZeoFreezeCommand.NOT_DONE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("Type the cluster's name (guide-cluster) to go on", "nothing was done");
    }

    @Test
    void anUnknownEventFormatIsBadInput() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader("")));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int exit = cl.execute(
                "run", "--events", "yaml", "--profile", dir.resolve("none.json").toString());

        assertThat(exit).isEqualTo(ZeoFreezeCommand.BAD_INPUT);
        assertThat(err.toString()).contains("--events must be text or json, not 'yaml'");
    }
}
