package org.zeofreeze.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the ZEO server and the Zope clients are started, stopped and asked for their status. Each
 * command is an argument list; in a {@link Custom} one, an argument {@code {part}} stands for the
 * buildout part (zeoserver, client1...) and {@code {buildout}} for the buildout directory.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ProcessControl.BuildoutScripts.class, name = "buildout"),
    @JsonSubTypes.Type(value = ProcessControl.Supervisor.class, name = "supervisor"),
    @JsonSubTypes.Type(value = ProcessControl.Custom.class, name = "custom"),
    @JsonSubTypes.Type(value = ProcessControl.Systemd.class, name = "systemd")
})
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
     * program name (the part name itself when absent). {@code configFile}, when given, is passed
     * as {@code supervisorctl -c FILE} (a supervisord of the site's own, not the system's).
     * {@code supervisorctl start} waits for the program's {@code startsecs} and {@code stop} for it
     * to exit, so both end with the program's state settled.
     */
    record Supervisor(String supervisorctl, Map<String, String> programs, String configFile) implements ProcessControl {
        public Supervisor {
            supervisorctl = supervisorctl == null || supervisorctl.isBlank() ? "supervisorctl" : supervisorctl;
            programs = programs == null ? Map.of() : Map.copyOf(programs);
            configFile = configFile == null || configFile.isBlank() ? null : configFile;
            if (configFile != null && !configFile.startsWith("/")) {
                throw new IllegalArgumentException("the supervisor control's \"configFile\" is '" + configFile
                        + "': write it as an absolute path (starting with /)");
            }
            programs.forEach((part, program) -> {
                if (program == null || program.isBlank() || program.startsWith("-")) {
                    throw new IllegalArgumentException("the supervisor program of part '" + part + "' is '" + program
                            + "'; name a program (not empty, not starting with '-')");
                }
            });
        }

        public Supervisor(String supervisorctl, Map<String, String> programs) {
            this(supervisorctl, programs, null);
        }

        private List<String> command(String verb, String part) {
            List<String> argv = new ArrayList<>(List.of(supervisorctl));
            if (configFile != null) {
                argv.add("-c");
                argv.add(configFile);
            }
            argv.add(verb);
            argv.add(programs.getOrDefault(part, part));
            return List.copyOf(argv);
        }

        public List<String> start(String buildout, String part) {
            return command("start", part);
        }

        public List<String> stop(String buildout, String part) {
            return command("stop", part);
        }

        public List<String> status(String buildout, String part) {
            return command("status", part);
        }
    }

    /**
     * systemd units, as pip-installed sites run them: {@code systemctl start|stop UNIT}
     * ({@code --user} for units of the login's own systemd instance); {@code units} maps a part to
     * its unit (the part's name itself when absent). The status is asked with {@code systemctl show
     * --property=ActiveState,SubState,MainPID}, not {@code status}: {@code status} is written for
     * people (it ends with the unit's last journal lines, where "Stopped …" of an earlier restart
     * would read as down) and names the pid only as {@code Main PID:}, while a rolling restart
     * needs the pid to tell the clients' ZEO connections from a stranger's. A unit starting with
     * '-' is refused: it would reach systemctl as an option.
     */
    record Systemd(String systemctl, Boolean user, Map<String, String> units) implements ProcessControl {
        public Systemd {
            systemctl = systemctl == null || systemctl.isBlank() ? "systemctl" : systemctl;
            user = user != null && user;
            units = units == null ? Map.of() : Map.copyOf(units);
            units.forEach((part, unit) -> {
                if (unit == null || unit.isBlank() || unit.startsWith("-") || unit.contains("=")) {
                    throw new IllegalArgumentException("the systemd unit of part '" + part + "' is '" + unit
                            + "'; name a unit (not empty, not starting with '-', without '=')");
                }
            });
        }

        private List<String> command(String verb, String part) {
            List<String> argv = new ArrayList<>(List.of(systemctl));
            if (user) {
                argv.add("--user");
            }
            if (verb.equals("status")) {
                argv.add("show");
                argv.add("--property=ActiveState,SubState,MainPID");
            } else {
                argv.add(verb);
            }
            // "--" ends the options: a part's name is read from the host and must never be one
            argv.add("--");
            argv.add(units.getOrDefault(part, part));
            return List.copyOf(argv);
        }

        public List<String> start(String buildout, String part) {
            return command("start", part);
        }

        public List<String> stop(String buildout, String part) {
            return command("stop", part);
        }

        public List<String> status(String buildout, String part) {
            return command("status", part);
        }
    }

    /**
     * Commands of the admin's own. An argument that is exactly {@code {part}} or {@code {buildout}}
     * is replaced by the part's name or the buildout directory, as one argument; a placeholder
     * inside a longer argument is refused when the profile is read, because the value comes from
     * a directory name on the host and would become shell code in {@code sh -c "... {part}"}.
     * Scripts find both values in the environment instead: {@value #PART_VARIABLE} and
     * {@value #BUILDOUT_VARIABLE} (set with {@code env}, so they reach the command on any host,
     * through SSH and sudo alike).
     */
    record Custom(List<String> startCommand, List<String> stopCommand, List<String> statusCommand)
            implements ProcessControl {
        public static final String PART_VARIABLE = "ZEOFREEZE_PART";
        public static final String BUILDOUT_VARIABLE = "ZEOFREEZE_BUILDOUT";
        private static final String PART = "{part}";
        private static final String BUILDOUT = "{buildout}";

        public Custom {
            startCommand = checked("startCommand", startCommand);
            stopCommand = checked("stopCommand", stopCommand);
            statusCommand = checked("statusCommand", statusCommand);
        }

        private static List<String> checked(String name, List<String> argv) {
            if (argv == null || argv.isEmpty() || argv.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException(
                        "the custom process control needs a " + name + ": a list of arguments, the program first");
            }
            String program = argv.get(0);
            if (program.isBlank()
                    || program.startsWith("-")
                    || program.contains("=")
                    || program.equals(PART)
                    || program.equals(BUILDOUT)) {
                throw new IllegalArgumentException(
                        "the program of the custom " + name + " is '" + program
                                + "'; it must be a program name or path (not a placeholder, not starting with '-', without '=')");
            }
            for (String arg : argv) {
                if (!arg.equals(PART) && !arg.equals(BUILDOUT) && (arg.contains(PART) || arg.contains(BUILDOUT))) {
                    throw new IllegalArgumentException("the argument '" + arg + "' of the custom " + name
                            + " has {part} or {buildout} inside it; a placeholder must be a whole argument. "
                            + "In a script use \"$" + PART_VARIABLE + "\" and \"$" + BUILDOUT_VARIABLE + "\" instead");
                }
            }
            return List.copyOf(argv);
        }

        /** {@code env ZEOFREEZE_PART=... ZEOFREEZE_BUILDOUT=... program args}, placeholders filled whole. */
        private static List<String> fill(List<String> argv, String buildout, String part) {
            List<String> out =
                    new ArrayList<>(List.of("env", PART_VARIABLE + "=" + part, BUILDOUT_VARIABLE + "=" + buildout));
            argv.stream()
                    .map(a -> a.equals(PART) ? part : a.equals(BUILDOUT) ? buildout : a)
                    .forEach(out::add);
            return List.copyOf(out);
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
