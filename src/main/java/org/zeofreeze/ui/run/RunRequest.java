package org.zeofreeze.ui.run;

import java.util.function.Function;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.Host;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.profile.ClusterProfile;

/** What a run needs: the profile, the cluster as read, the reviewed plan and the connected hosts by name. */
public record RunRequest(ClusterProfile profile, Discovery discovery, Plan plan, Function<String, Host> hosts,
                         boolean runMaintenanceCommands) {
}
