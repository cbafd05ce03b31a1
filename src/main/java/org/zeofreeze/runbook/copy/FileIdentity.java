package org.zeofreeze.runbook.copy;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * A file as {@code stat} tells it: size, device and inode, modification time to the nanosecond.
 * A pack replaces a {@code .fs} by another file (a new inode), and a file nobody wrote keeps its
 * time: so a copy step can tell whether the files the pre-sync left are still the same.
 */
record FileIdentity(long size, String inode, String modified) {

    /** The file's identity, or empty when there is none. */
    static Optional<FileIdentity> of(StepRun run, String host, String path) throws StepFailure, InterruptedException {
        CommandResult r;
        try {
            r = run.host(host)
                    .run(
                            List.of("stat", "-L", "-c", "%s %d:%i %.9Y", "--", path),
                            run.setup().timeouts().command());
        } catch (IOException e) {
            throw new StepFailure(host, "cannot stat " + path + " on " + host + ": " + e.getMessage(), e);
        }
        String[] f = r.stdout().strip().split(" ");
        if (!r.ok() || f.length != 3 || !f[0].matches("\\d+")) {
            if (!FsCopy.exists(run, host, path)) {
                return Optional.empty();
            }
            throw new StepFailure(
                    host,
                    "cannot stat " + path + " on " + host + ": " + r.stderr().strip());
        }
        return Optional.of(new FileIdentity(Long.parseLong(f[0]), f[1], f[2]));
    }
}
