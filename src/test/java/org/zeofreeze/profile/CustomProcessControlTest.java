package org.zeofreeze.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;

/**
 * A custom process control gets the part and the buildout as whole arguments or in the
 * environment, never spliced into an argument: a part directory named {@code x;touch y} stays data.
 */
class CustomProcessControlTest {
    private static final String HOSTILE_PART = "x;touch pwned";

    @TempDir
    Path dir;

    private Path profileWith(String startCommand) throws Exception {
        Path file = dir.resolve("profile.json");
        Files.writeString(file, """
                {
                  "name": "c",
                  "hosts": [ { "name": "local", "buildoutDir": "/srv/plone" } ],
                  "control": {
                    "kind": "custom",
                    "startCommand": %s,
                    "stopCommand": [ "supervisorctl", "stop", "{part}" ],
                    "statusCommand": [ "supervisorctl", "status", "{part}" ]
                  }
                }
                """.formatted(startCommand));
        return file;
    }

    @Test
    void aPlaceholderInsideAnArgumentIsRefusedWhenTheProfileIsRead() throws Exception {
        for (String command : List.of(
                "[\"sh\", \"-c\", \"bin/{part} start\"]",
                "[\"{buildout}/bin/{part}\", \"start\"]",
                "[\"run\", \"--part={part}\"]")) {
            Path file = profileWith(command);
            assertThatThrownBy(() -> ProfileStore.read(file))
                    .as(command)
                    .hasMessageStartingWith(file + ", line ")
                    .hasMessageContaining("of the custom startCommand has {part} or {buildout} inside it")
                    .hasMessageContaining("a placeholder must be a whole argument")
                    .hasMessageContaining("$ZEOFREEZE_PART")
                    .hasMessageNotContaining("Cannot construct");
        }
    }

    @Test
    void aPlaceholderOrAnOptionIsNeverTheProgram() {
        for (List<String> argv : List.of(
                List.of("{part}", "start"),
                List.of("{buildout}"),
                List.of("-x", "start"),
                List.of("A=b", "start"),
                List.<String>of())) {
            assertThatThrownBy(() -> new ProcessControl.Custom(argv, List.of("true"), List.of("true")))
                    .as(argv.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("startCommand");
        }
    }

    @Test
    void wholeArgumentsAreFilledAndBothValuesAreInTheEnvironment() {
        ProcessControl.Custom control = new ProcessControl.Custom(
                List.of("sudo", "systemctl", "start", "{part}"),
                List.of("/opt/stop", "{buildout}", "{part}"),
                List.of("true"));
        assertThat(control.start("/srv/plone", HOSTILE_PART))
                .containsExactly(
                        "env",
                        "ZEOFREEZE_PART=" + HOSTILE_PART,
                        "ZEOFREEZE_BUILDOUT=/srv/plone",
                        "sudo",
                        "systemctl",
                        "start",
                        HOSTILE_PART);
        assertThat(control.stop("/srv/plone", "client1")).endsWith("/opt/stop", "/srv/plone", "client1");
    }

    @Test
    void aScriptReadsThePartFromTheEnvironmentAndAHostilePartNameRunsNothing() throws Exception {
        ProcessControl.Custom control = new ProcessControl.Custom(
                List.of(
                        "sh",
                        "-c",
                        "printf '%s|%s|%s' \"$ZEOFREEZE_PART\" \"$ZEOFREEZE_BUILDOUT\" \"$1\"",
                        "sh",
                        "{part}"),
                List.of("true"),
                List.of("true"));
        LocalHost local = new LocalHost();
        Path work = Files.createDirectories(dir.resolve("work"));
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", work.toString()));
        argv.addAll(control.start(work.toString(), HOSTILE_PART));

        CommandResult r = local.run(argv, Duration.ofSeconds(20));

        assertThat(r.stdout()).isEqualTo(HOSTILE_PART + "|" + work + "|" + HOSTILE_PART);
        assertThat(work.resolve("pwned")).doesNotExist();
    }

    @Test
    void aPartNamedLikeAnOptionIsRefusedWhenTheBuildoutIsRead() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Files.move(buildout.resolve("parts/client2"), buildout.resolve("parts/--client2"));
        assertThatThrownBy(() -> Engines.discover(buildout))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining(buildout + "/parts/--client2: a part whose name starts with '-'");
    }
}
