package org.zeofreeze.ui.run;

import java.util.Optional;

/**
 * The headings of a move's steps in the Run page's grid: the two rolls look alike step by step
 * (a restart of each client), so each is labelled where it begins.
 */
public final class StepGroups {
    private StepGroups() {}

    /** The heading to show above the step {@code id}, when a group begins there. */
    public static Optional<String> headingBefore(String id) {
        return switch (id) {
            case "move-target:serve" -> Optional.of("Move, first roll: every client to the target, still read-only");
            case "move-target:writable" ->
                Optional.of("Move, second roll: writable at the target "
                        + "(from its first client on, roll back is refused)");
            case "move-verify" -> Optional.of("Move: checked from outside");
            case "move-retire" ->
                Optional.of("Retire: the moved storages out of the old server, once nothing uses them there");
            default -> Optional.empty();
        };
    }
}
