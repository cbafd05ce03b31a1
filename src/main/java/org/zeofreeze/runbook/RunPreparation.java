package org.zeofreeze.runbook;

import org.zeofreeze.host.HostProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.plan.StorageRef;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.apply.FreezeHistory;
import org.zeofreeze.profile.ClusterProfile;

/** From a profile and a choice to what a run needs: the cluster read from all hosts at once, and the plan. */
public final class RunPreparation {
    private RunPreparation() {
    }

    /** Every host of the profile, each with its own environment. */
    private static Discovery discover(ClusterProfile profile, HostProvider hosts)
            throws DiscoveryException, InterruptedException {
        return ClusterReader.of(profile, hosts).read(profile);
    }

    /** The cluster read from every host, the names resolved against it, and the plan. */
    public static RunSetup prepare(ClusterProfile profile, Selection selection, HostProvider hosts)
            throws DiscoveryException, PlanException, InterruptedException {
        Discovery discovery = discover(profile, hosts);
        return planned(profile, discovery, selection.resolve(discovery.cluster()), hosts);
    }

    private static RunSetup planned(ClusterProfile profile, Discovery discovery, Choice choice, HostProvider hosts)
            throws PlanException {
        Plan plan;
        try {
            plan = FreezeHistory.planner(choice.mode(), discovery, hosts.asFunction()).plan(discovery, choice);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanException("interrupted while reading the apply records");
        }
        // From here on the storages are the exact ids, so a resumed run means the same ones.
        Choice exact = new Choice(choice.mode(), new java.util.LinkedHashSet<>(plan.selected()));
        return new RunSetup(profile, discovery, plan, exact, hosts, Timeouts.standard());
    }

    /** A new journal for a run of the reviewed plan. */
    public static Journal journal(RunSetup setup, Runbook runbook, Path directory, Clock clock) throws IOException {
        String id = clock.instant().toString().replace(":", "").replace("-", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<PlannedFile> reviewed = setup.plan().changes().stream()
                .map(c -> new PlannedFile(c.host(), c.path(), c.beforeSha256(), c.afterSha256())).toList();
        JournalHeader header = new JournalHeader(id, clock.instant().toString(), setup.profile(),
                setup.choice().mode().name(), List.copyOf(setup.choice().storages()), reviewed, runbook.strategy().text());
        return Journal.create(directory.resolve("run-" + id + ".json"), header, clock);
    }

    /** The setup of a journaled run, read again from its hosts, to resume or roll it back. */
    public static RunSetup fromJournal(Journal journal, HostProvider hosts)
            throws DiscoveryException, PlanException, InterruptedException {
        JournalHeader h = journal.header();
        Discovery discovery = discover(h.profile(), hosts);
        // Ids as the journal holds them; one written by an earlier version has no host and is found by server/name.
        List<StorageRef> refs = h.storages().stream().map(StorageRef::of).toList();
        return planned(h.profile(), discovery, Choice.of(org.zeofreeze.plan.Mode.valueOf(h.mode()), refs,
                discovery.cluster()), hosts);
    }
}
