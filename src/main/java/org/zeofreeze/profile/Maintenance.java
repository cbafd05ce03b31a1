package org.zeofreeze.profile;

import java.util.List;

/**
 * Optional commands for the front end, run on {@code host}: maintenance mode on and off (a Varnish
 * or nginx switch), and taking one Zope client out of the balancer and back before and after its
 * own restart (an HAProxy {@code set server … state drain|ready}). In the drain commands an
 * argument that is exactly {@code {part}} stands for the client's buildout part and {@code {host}}
 * for its host; {@code drainSeconds} is how long requests already sent to it may take to finish.
 * Empty lists mean: nothing to run.
 */
public record Maintenance(String host, List<String> onCommand, List<String> offCommand, List<String> drainCommand,
                          List<String> undrainCommand, Integer drainSeconds) {
    public Maintenance {
        onCommand = onCommand == null ? List.of() : List.copyOf(onCommand);
        offCommand = offCommand == null ? List.of() : List.copyOf(offCommand);
        drainCommand = drainCommand == null ? List.of() : List.copyOf(drainCommand);
        undrainCommand = undrainCommand == null ? List.of() : List.copyOf(undrainCommand);
        if (drainSeconds != null && (drainSeconds < 0 || drainSeconds > 3600)) {
            throw new IllegalArgumentException("drainSeconds must be between 0 and 3600, not " + drainSeconds);
        }
    }

    public Maintenance(String host, List<String> onCommand, List<String> offCommand) {
        this(host, onCommand, offCommand, List.of(), List.of(), null);
    }

    public static Maintenance none() {
        return new Maintenance(null, List.of(), List.of());
    }

    /** The drain (or undrain) command for one client, placeholders filled as whole arguments only. */
    public List<String> drain(boolean drain, String clientHost, String part) {
        return (drain ? drainCommand : undrainCommand).stream()
                .map(a -> a.equals("{part}") ? part : a.equals("{host}") ? clientHost : a).toList();
    }

    public boolean drains() {
        return !drainCommand.isEmpty();
    }

    public int drainWaitSeconds() {
        return drainSeconds == null ? 2 : drainSeconds;
    }
}
