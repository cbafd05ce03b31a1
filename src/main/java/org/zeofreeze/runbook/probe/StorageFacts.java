package org.zeofreeze.runbook.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.zeofreeze.cluster.Address;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.runbook.process.ProcessGroups;
import org.zeofreeze.runbook.process.ProcessSteps;
import org.zeofreeze.runbook.setup.ClusterProcess;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * What a ZEO server says of its storages, asked through ZEO from the server's host with its
 * buildout's own Python: read-only or writable, the last transaction and the object count. Two
 * servers that give the same last transaction and count for a storage serve the same data as far
 * as a client's cache can tell. Nothing is written: a storage is opened for writing only to learn
 * whether the server would allow it, with the fallback to read-only.
 */
public final class StorageFacts {
    /** One storage's answer; {@code error} is set when it could not be asked. */
    public record Fact(String state, String lastTransaction, long length, String error) {
        public boolean ok() {
            return error == null;
        }

        @Override
        public String toString() {
            return ok() ? state + ", last transaction " + lastTransaction + ", " + length + " objects" : error;
        }
    }

    /**
     * The head of every script that asks a ZEO server about storages: {@code ClientStorage}
     * imported, argv[1] (host:port or a socket path) read into {@code addr}, argv[2] the timeout.
     */
    public static final String ADDRESS = String.join(
            "\n",
            "import binascii, os, sys, threading, time",
            "from ZEO.ClientStorage import ClientStorage",
            "a, timeout = sys.argv[1], float(sys.argv[2])",
            "if '/' in a:",
            "    addr = a",
            "else:",
            "    h, _, p = a.rpartition(':')",
            "    addr = (h.strip('[]') or '127.0.0.1', int(p))",
            "");

    /**
     * The tail: {@code ask(name, answer)} (defined between the two) run for each storage named in
     * argv[3:] at once, each in a thread, all given the timeout and two seconds more — ZEO 4 waits
     * for a connection without end — and one line said per storage; then the process ends, since
     * ZEO 4's threads of a storage that never connected would keep it alive.
     */
    public static final String ASK_EACH = String.join(
            "\n",
            "asked = []",
            "for name in sys.argv[3:]:",
            "    answer = []",
            "    t = threading.Thread(target=ask, args=(name, answer))",
            "    t.daemon = True",
            "    t.start()",
            "    asked.append((name, answer, t))",
            "deadline = time.time() + timeout + 2",
            "for name, answer, t in asked:",
            "    t.join(max(0.0, deadline - time.time()))",
            "    say(name, *(answer[0] if answer else NO_ANSWER))",
            "os._exit(0)",
            "");

    /** Runs on Python 2.7 and 3.6+ with ZEO 4 and 5+; one line per storage: NAME STATE TID LEN, or NAME error TEXT. */
    public static final String SCRIPT = ADDRESS
            + String.join(
                    "\n",
                    "NO_ANSWER = ('error', 'no answer within %g s' % timeout)",
                    "def ask(name, answer):",
                    "    try:",
                    "        s = ClientStorage(addr, storage=name, read_only=False, read_only_fallback=True,",
                    "                          wait_timeout=timeout)",
                    "        try:",
                    "            if not s.is_connected():",
                    "                answer.append(('error', 'not connected within %g s' % timeout))",
                    "            else:",
                    "                tid = binascii.hexlify(s.lastTransaction()).decode('ascii')",
                    "                answer.append(('read-only' if s.isReadOnly() else 'writable', tid, len(s)))",
                    "        finally:",
                    "            s.close()",
                    "    except Exception as e:",
                    "        answer.append(('error', '%s: %s' % (type(e).__name__, e)))",
                    "")
            + ASK_EACH;

    private StorageFacts() {}

    public static Map<String, Fact> of(StepRun run, ClusterProcess server, List<String> names)
            throws StepFailure, InterruptedException {
        Map<String, Fact> out = new LinkedHashMap<>();
        Optional<Address> address = server.addresses().stream().findFirst();
        Optional<BuildoutPython> python = BuildoutPython.of(run, server);
        if (address.isEmpty() || python.isEmpty()) {
            String why = address.isEmpty() ? "its address is not known" : BuildoutPython.missing(server);
            names.forEach(n -> out.put(n, new Fact(null, null, -1, "could not ask " + server.label() + ": " + why)));
            return out;
        }
        Address a = address.get();
        String where = a.isSocket() ? a.socketPath() : bracket(ProcessSteps.localHost(a)) + ":" + a.port();
        List<String> args = new ArrayList<>(List.of(where, "15"));
        args.addAll(names);
        CommandResult r = ProcessGroups.quiet(
                run,
                server.host(),
                python.get().command(SCRIPT, args),
                run.setup().timeouts().command());
        for (String line : r.stdout().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length >= 2 && names.contains(parts[0])) {
                if (parts[1].equals("error")) {
                    out.put(parts[0], new Fact(null, null, -1, line.strip().substring(parts[0].length() + 7)));
                } else if (parts.length == 4 && parts[3].matches("\\d+")) {
                    out.put(parts[0], new Fact(parts[1], parts[2], Long.parseLong(parts[3]), null));
                }
            }
        }
        String stderr = r.stderr().strip().lines().reduce((x, y) -> y).orElse("");
        names.forEach(n -> out.putIfAbsent(
                n,
                new Fact(
                        null, null, -1, "no answer from " + server.label() + (stderr.isEmpty() ? "" : ": " + stderr))));
        return out;
    }

    private static String bracket(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
