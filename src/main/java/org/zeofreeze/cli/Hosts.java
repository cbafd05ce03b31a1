package org.zeofreeze.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.profile.ClusterProfile;

/** The hosts of a profile for the command line: this computer, and SSH hosts asking on the terminal. */
final class Hosts {
    private Hosts() {
    }

    static ProfileHosts of(ClusterProfile profile, BufferedReader in, PrintWriter out) {
        return new ProfileHosts(profile, entry -> {
            throw new IOException("SSH hosts are not available in this build (" + entry.name() + ")");
        });
    }
}
