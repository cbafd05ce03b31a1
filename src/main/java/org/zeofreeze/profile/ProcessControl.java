package org.zeofreeze.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * How the ZEO server and the Zope clients are started, stopped and asked for their status. Each
 * command is an argument list; {@code {part}} stands for the buildout part (zeoserver, client1...)
 * and {@code {buildout}} for the buildout directory.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ProcessControl.BuildoutScripts.class, name = "buildout"),
    @JsonSubTypes.Type(value = ProcessControl.Supervisor.class, name = "supervisor"),
    @JsonSubTypes.Type(value = ProcessControl.Custom.class, name = "custom")})
public sealed interface ProcessControl {

    List<String> start(String buildout, String part);

    List<String> stop(String buildout, String part);

    List<String> status(String buildout, String part);

    /** {@code bin/zeoserver start|stop|status}, {@code bin/client1 ...}: the zdaemon scripts buildout makes. */
    record BuildoutScripts() implements ProcessControl {
        public List<String> start(String buildout, String part) {
            return List.of(buildout + "/bin/" + part, "start");
        }

        public List<String> stop(String buildout, String part) {
            return List.of(buildout + "/bin/" + part, "stop");
        }

        public List<String> status(String buildout, String part) {
            return List.of(buildout + "/bin/" + part, "status");
        }
    }

    /**
     * supervisord programs, as Ansible-built sites run them; {@code programs} maps a part to its
     * program name (the part name itself when absent).
     */
    record Supervisor(String supervisorctl, Map<String, String> programs) implements ProcessControl {
        public Supervisor {
            supervisorctl = supervisorctl == null || supervisorctl.isBlank() ? "supervisorctl" : supervisorctl;
            programs = programs == null ? Map.of() : Map.copyOf(programs);
        }

        private String program(String part) {
            return programs.getOrDefault(part, part);
        }

        public List<String> start(String buildout, String part) {
            return List.of(supervisorctl, "start", program(part));
        }

        public List<String> stop(String buildout, String part) {
            return List.of(supervisorctl, "stop", program(part));
        }

        public List<String> status(String buildout, String part) {
            return List.of(supervisorctl, "status", program(part));
        }
    }

    /** Commands of the admin's own, with {@code {part}} and {@code {buildout}} placeholders. */
    record Custom(List<String> startCommand, List<String> stopCommand, List<String> statusCommand) implements ProcessControl {
        public Custom {
            startCommand = List.copyOf(startCommand);
            stopCommand = List.copyOf(stopCommand);
            statusCommand = List.copyOf(statusCommand);
        }

        private static List<String> fill(List<String> argv, String buildout, String part) {
            return argv.stream().map(a -> a.replace("{part}", part).replace("{buildout}", buildout)).toList();
        }

        public List<String> start(String buildout, String part) {
            return fill(startCommand, buildout, part);
        }

        public List<String> stop(String buildout, String part) {
            return fill(stopCommand, buildout, part);
        }

        public List<String> status(String buildout, String part) {
            return fill(statusCommand, buildout, part);
        }
    }
}
