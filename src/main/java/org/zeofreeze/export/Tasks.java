package org.zeofreeze.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeofreeze.cluster.Address;

/** The playbook's tasks, one method each, as maps in the key order ansible-lint expects. */
final class Tasks {
    /** How long a process may take to stop, to listen again, to answer HTTP; as ZeoFreeze's own run waits. */
    static final int STOP_SECONDS = 120;

    static final int START_SECONDS = 300;

    private Tasks() {}

    static Map<String, Object> task(String name, String module, Map<String, Object> args) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put(module, args);
        return t;
    }

    static Map<String, Object> args(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Map<String, Object> with(Map<String, Object> task, Object... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            task.put((String) keyValues[i], keyValues[i + 1]);
        }
        return task;
    }

    /** A command run as an argument list (never through a shell), always reported as a change. */
    static Map<String, Object> command(String name, List<String> argv) {
        return with(task(name, "ansible.builtin.command", args("argv", argv)), "changed_when", true);
    }

    static Map<String, Object> stat(String name, String path, String register) {
        return with(
                task(
                        name,
                        "ansible.builtin.stat",
                        args("path", path, "get_checksum", true, "checksum_algorithm", "sha256")),
                "register",
                register);
    }

    /** The ZEO port (or socket) accepts connections, or no longer does. */
    static Map<String, Object> waitZeo(String name, Address a, boolean started) {
        Map<String, Object> args = a.isSocket()
                ? args("path", a.socketPath(), "state", started ? "present" : "absent")
                : args("host", localHost(a), "port", a.port(), "state", started ? "started" : "stopped");
        args.put("timeout", started ? START_SECONDS : STOP_SECONDS);
        return task(name, "ansible.builtin.wait_for", args);
    }

    /** The client's HTTP port is closed: the process is down. */
    static Map<String, Object> waitHttpClosed(String name, String http) {
        int colon = http.lastIndexOf(':');
        return task(
                name,
                "ansible.builtin.wait_for",
                args(
                        "host",
                        http.substring(0, colon),
                        "port",
                        Integer.parseInt(http.substring(colon + 1)),
                        "state",
                        "stopped",
                        "timeout",
                        STOP_SECONDS));
    }

    /** Until the client answers HTTP with any status (it serves; a 401 or 404 is an answer too). */
    static Map<String, Object> answersHttp(String name, String http, String register) {
        Map<String, Object> t = task(
                name,
                "ansible.builtin.uri",
                args("url", "http://" + http + "/", "method", "HEAD", "follow_redirects", "none"));
        // Any status is an answer; until it comes (-1: no connection) the request is retried, and
        // when the retries run out the task fails all the same.
        return with(
                t,
                "register",
                register,
                "failed_when",
                false,
                "until",
                new Yaml.Jinja(register + ".status | default(-1) >= 100"),
                "retries",
                START_SECONDS / 2,
                "delay",
                2);
    }

    static String localHost(Address a) {
        return a.host().isEmpty() || a.host().equals("0.0.0.0")
                ? "127.0.0.1"
                : a.host().equals("::") ? "::1" : a.host();
    }

    static List<String> list(List<String> a, String... more) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
