package org.zeofreeze.ui.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.Host;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.HostProvider;

/** What a run needs: the profile, the cluster as read, the reviewed plan and the connected hosts. */
public record RunRequest(ClusterProfile profile, Discovery discovery, Plan plan, HostProvider hosts) {

    /** The hosts as a function, for APIs that take one; a host that cannot be reached throws unchecked. */
    public Function<String, Host> hostFunction() {
        return name -> {
            try {
                return hosts.get(name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
