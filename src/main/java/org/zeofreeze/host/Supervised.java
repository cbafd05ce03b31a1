package org.zeofreeze.host;

import java.util.ArrayList;
import java.util.List;

/**
 * A command run under a small sh script that ends it, with its whole process group (SIGTERM, then
 * SIGKILL two seconds later), as soon as the script's standard input ends: when we give up on the
 * command, and when this program dies, killed or not (its end of the pipe, or the SSH connection,
 * closes with it). So no rsync or hash outlives the run that started it and writes to a target a
 * rollback is putting back. The command reads from /dev/null and gets its own session (setsid),
 * so that the group is its own; the script and its watcher ignore SIGINT, so a Ctrl-C reaches
 * only this program, which stops at its next safe point.
 */
public final class Supervised {
    private Supervised() {}

    public static List<String> argv(List<String> command) {
        List<String> out = new ArrayList<>(List.of("sh", "-c", SCRIPT, "zeofreeze-run"));
        out.addAll(command);
        return out;
    }

    private static final String SCRIPT = String.join(
            "\n",
            "trap '' INT",
            "exec 3<&0",
            "if command -v setsid >/dev/null 2>&1; then setsid \"$@\" </dev/null & else \"$@\" </dev/null & fi",
            "pid=$!",
            "{ read -r _ <&3; kill -s TERM -- \"-$pid\" || kill -s TERM \"$pid\"; sleep 2;"
                    + " kill -s KILL -- \"-$pid\" || kill -s KILL \"$pid\"; } >/dev/null 2>&1 &",
            "watcher=$!",
            "exec 3<&-",
            "wait \"$pid\"",
            "status=$?",
            "kill \"$watcher\" 2>/dev/null",
            "exit \"$status\"");
}
