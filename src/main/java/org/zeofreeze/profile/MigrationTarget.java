package org.zeofreeze.profile;

/**
 * Where the frozen storages are copied: a host of the profile (or an SSH address the source
 * hosts can reach) and the buildout directory there. The files keep their path relative to the
 * source buildout.
 */
public record MigrationTarget(String host, String address, String buildoutDir) {
}
