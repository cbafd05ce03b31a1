package org.zeofreeze.profile;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Optional commands for the front end, run on {@code host}: maintenance mode on and off (a Varnish
 * or nginx switch), and taking one Zope client out of the balancer and back before and after its
 * own restart (an HAProxy {@code set server … state drain|ready}). In the drain commands an
 * argument that is exactly {@code {part}} stands for the client's buildout part and {@code {host}}
 * for its host; {@code drainSeconds} is how long requests already sent to it may take to finish.
 * Empty lists mean: nothing to run. {@code siteUrl}: the site as its users reach it (through the
 * balancer), watched with requests during a run to tell what they saw; none, not watched.
 */
public record Maintenance(
        String host,
        List<String> onCommand,
        List<String> offCommand,
        List<String> drainCommand,
        List<String> undrainCommand,
        Integer drainSeconds,
        String siteUrl) {
    public Maintenance {
        siteUrl = siteUrl == null || siteUrl.isBlank() ? null : siteUrl.strip();
        if (siteUrl != null) {
            URI uri;
            try {
                uri = new URI(siteUrl);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("siteUrl '" + siteUrl + "' is not an address: " + e.getReason());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("siteUrl '" + siteUrl + "' must be an http:// or https:// address "
                        + "with a host, as users reach the site (e.g. http://balancer.example.org/)");
            }
        }
        onCommand = onCommand == null ? List.of() : List.copyOf(onCommand);
        offCommand = offCommand == null ? List.of() : List.copyOf(offCommand);
        drainCommand = drainCommand == null ? List.of() : List.copyOf(drainCommand);
        undrainCommand = undrainCommand == null ? List.of() : List.copyOf(undrainCommand);
        if (drainSeconds != null && (drainSeconds < 0 || drainSeconds > 3600)) {
            throw new IllegalArgumentException("drainSeconds must be between 0 and 3600, not " + drainSeconds);
        }
    }

    public Maintenance(
            String host,
            List<String> onCommand,
            List<String> offCommand,
            List<String> drainCommand,
            List<String> undrainCommand,
            Integer drainSeconds) {
        this(host, onCommand, offCommand, drainCommand, undrainCommand, drainSeconds, null);
    }

    public Maintenance(String host, List<String> onCommand, List<String> offCommand) {
        this(host, onCommand, offCommand, List.of(), List.of(), null);
    }

    /** The same with the site's address as users reach it. */
    public Maintenance withSiteUrl(String url) {
        return new Maintenance(host, onCommand, offCommand, drainCommand, undrainCommand, drainSeconds, url);
    }

    public static Maintenance none() {
        return new Maintenance(null, List.of(), List.of());
    }

    /** The drain (or undrain) command for one client, placeholders filled as whole arguments only. */
    public List<String> drain(boolean drain, String clientHost, String part) {
        return (drain ? drainCommand : undrainCommand)
                .stream()
                        .map(a -> a.equals("{part}") ? part : a.equals("{host}") ? clientHost : a)
                        .toList();
    }

    public boolean drains() {
        return !drainCommand.isEmpty();
    }

    public int drainWaitSeconds() {
        return drainSeconds == null ? 2 : drainSeconds;
    }
}
