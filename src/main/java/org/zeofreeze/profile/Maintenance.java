package org.zeofreeze.profile;

import java.util.List;

/**
 * Optional commands that put the front end into maintenance mode and back (a Varnish or nginx
 * switch), run on {@code host}. Empty lists mean: nothing to run.
 */
public record Maintenance(String host, List<String> onCommand, List<String> offCommand) {
    public Maintenance {
        onCommand = onCommand == null ? List.of() : List.copyOf(onCommand);
        offCommand = offCommand == null ? List.of() : List.copyOf(offCommand);
    }

    public static Maintenance none() {
        return new Maintenance(null, List.of(), List.of());
    }
}
