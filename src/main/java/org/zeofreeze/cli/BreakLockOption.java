package org.zeofreeze.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --break-lock RUN} of run, resume and rollback: the same lock, broken the same way by each. */
final class BreakLockOption {
    @Option(
            names = "--break-lock",
            paramLabel = "RUN",
            description = "First remove the cluster's lock left by "
                    + "this run (its id or journal, as the refusal names it), if that run is not running any more.")
    String run;

    /** The run whose lock to break, if one was named. */
    Optional<String> run() {
        return Optional.ofNullable(run);
    }
}
