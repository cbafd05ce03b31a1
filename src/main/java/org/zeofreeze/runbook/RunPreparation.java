package org.zeofreeze.runbook;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.zeofreeze.apply.FreezeHistory;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.discover.ClusterReader;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.DiscoveryException;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.MovePlanner;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.plan.ReadOnlyState;
import org.zeofreeze.plan.RetirePlan;
import org.zeofreeze.plan.RetirePlanner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.plan.StorageRef;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalHeader;
import org.zeofreeze.runbook.journal.PlannedFile;
import org.zeofreeze.runbook.setup.MoveSetup;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Timeouts;

/** From a profile and a choice to what a run needs: the cluster read from all hosts at once, and the plan. */
public final class RunPreparation {
    private RunPreparation() {}

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

    /**
     * A move: the freeze of the chosen storages, then their putting into service at the profile's
     * target, whose buildout is read too.
     */
    public static RunSetup prepareMove(ClusterProfile profile, Selection selection, HostProvider hosts)
            throws DiscoveryException, PlanException, InterruptedException {
        return prepareMove(profile, selection, hosts, false);
    }

    /**
     * A move; {@code retire}: it ends by taking the moved storages' sections out of the old
     * server's zeo.conf once no client uses them there.
     */
    public static RunSetup prepareMove(ClusterProfile profile, Selection selection, HostProvider hosts, boolean retire)
            throws DiscoveryException, PlanException, InterruptedException {
        if (selection.mode() != Mode.FREEZE) {
            throw new PlanException("a move freezes the storages it moves: --move and --thaw do not go together");
        }
        RunSetup freeze = prepare(profile, selection, hosts);
        return withMove(freeze, retire);
    }

    /**
     * The retire alone, of storages an earlier move put into service elsewhere: their sections
     * taken out of the old server's zeo.conf, which restarts alone. Nothing is frozen or copied.
     * A storage some client still reads from its server is refused: it has not been moved.
     */
    public static RunSetup prepareRetire(ClusterProfile profile, Selection selection, HostProvider hosts)
            throws DiscoveryException, PlanException, InterruptedException {
        if (selection.mode() != Mode.FREEZE) {
            throw new PlanException("--retire removes moved storages from their old server: --retire and --thaw do not "
                    + "go together");
        }
        Discovery discovery = discover(profile, hosts);
        Choice choice = selection.resolve(discovery.cluster());
        return retireOnly(profile, discovery, choice, hosts, new RetirePlanner(discovery).ofMoved(choice));
    }

    /**
     * A run whose freeze has nothing left to do (the storages are frozen and moved already): a retire
     * on its own, or ({@code retire} null) a move resumed after its retire took them away.
     */
    private static RunSetup retireOnly(
            ClusterProfile profile, Discovery discovery, Choice choice, HostProvider hosts, RetirePlan retire) {
        List<StorageId> ids = List.copyOf(choice.storages());
        Plan nothing = new Plan(
                Mode.FREEZE,
                ids,
                List.of(),
                discovery.cluster().findings(),
                List.of(),
                ReadOnlyState.of(discovery.cluster(), ids));
        return new RunSetup(profile, discovery, nothing, choice, hosts, Timeouts.standard(), null, retire);
    }

    private static RunSetup withMove(RunSetup freeze, boolean retire)
            throws DiscoveryException, PlanException, InterruptedException {
        ClusterProfile profile = freeze.profile();
        MigrationTarget target = profile.target();
        if (target == null) {
            throw new PlanException("the profile names no migration target: add its \"target\" (address, user, "
                    + "buildoutDir of the new server's buildout) to move storages there");
        }
        Discovery targetDiscovery = readTarget(profile, freeze.hosts());
        Map<String, String> addresses = new LinkedHashMap<>();
        profile.hosts().forEach(h -> addresses.put(h.name(), h.address() == null ? "" : h.address()));
        MovePlan move = new MovePlanner(
                        freeze.discovery(),
                        addresses,
                        FreezeHistory.of(freeze.discovery(), freeze.hosts().asFunction()),
                        profile.editGeneratedFiles())
                .plan(
                        freeze.plan(),
                        new MovePlanner.Target(
                                target.name(), target.address(), target.zeoServerAddress(), targetDiscovery),
                        retire);
        return new RunSetup(
                profile,
                freeze.discovery(),
                freeze.plan(),
                freeze.choice(),
                freeze.hosts(),
                freeze.timeouts(),
                new MoveSetup(move, targetDiscovery));
    }

    private static List<ClusterReader.Place> placesWithTarget(ClusterProfile profile) {
        List<ClusterReader.Place> places = new ArrayList<>(profile.hosts().stream()
                .map(e -> new ClusterReader.Place(e.name(), e.buildoutDir(), e.filesLayout()))
                .toList());
        places.add(new ClusterReader.Place(
                profile.target().name(),
                profile.target().buildoutDir(),
                profile.target().filesLayout()));
        return places;
    }

    private static Discovery readTarget(ClusterProfile profile, HostProvider hosts)
            throws DiscoveryException, InterruptedException {
        MigrationTarget target = profile.target();
        return ClusterReader.of(profile, hosts)
                .read(List.of(new ClusterReader.Place(target.name(), target.buildoutDir(), target.filesLayout())));
    }

    private static RunSetup planned(ClusterProfile profile, Discovery discovery, Choice choice, HostProvider hosts)
            throws PlanException {
        Plan plan;
        try {
            plan = FreezeHistory.planner(choice.mode(), discovery, hosts.asFunction(), profile.editGeneratedFiles())
                    .plan(discovery, choice);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanException("interrupted while reading the apply records");
        }
        // From here on the storages are the exact ids, so a resumed run means the same ones.
        Choice exact = new Choice(choice.mode(), new LinkedHashSet<>(plan.selected()));
        return new RunSetup(profile, discovery, plan, exact, hosts, Timeouts.standard());
    }

    /** A new journal for a run of the reviewed plan. */
    public static Journal journal(RunSetup setup, Runbook runbook, Path directory, Clock clock) throws IOException {
        String id = clock.instant().toString().replace(":", "").replace("-", "") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        List<PlannedFile> reviewed = setup.plan().changes().stream()
                .map(c -> new PlannedFile(c.host(), c.path(), c.beforeSha256(), c.afterSha256()))
                .toList();
        JournalHeader header = new JournalHeader(
                id,
                clock.instant(),
                setup.profile(),
                setup.choice().mode(),
                List.copyOf(setup.choice().storages()),
                reviewed,
                runbook.strategy(),
                setup.moves() ? setup.move().plan() : null,
                setup.retiresOnly() ? setup.retire() : null);
        return Journal.create(directory.resolve("run-" + id + ".json"), header, clock);
    }

    /** The setup of a journaled run, read again from its hosts, to resume or roll it back. */
    public static RunSetup fromJournal(Journal journal, HostProvider hosts)
            throws DiscoveryException, PlanException, InterruptedException {
        JournalHeader h = journal.header();
        if (h.retire() != null && h.move() == null) {
            // A retire alone: the storages as the journal names them (gone from the old server once it ran,
            // so not looked up again), the files as reviewed.
            Discovery discovery = discover(h.profile(), hosts);
            Choice choice = new Choice(Mode.FREEZE, new LinkedHashSet<>(h.storages()));
            return retireOnly(h.profile(), discovery, choice, hosts, h.retire());
        }
        // A move's clients may point at the target already: read with the cluster, it is one of its servers.
        Discovery discovery = h.move() == null
                ? discover(h.profile(), hosts)
                : ClusterReader.of(h.profile(), hosts).read(placesWithTarget(h.profile()));
        if (h.move() != null
                && h.move().retires()
                && h.storages().stream()
                        .anyMatch(id -> discovery.cluster().storage(id).isEmpty())) {
            // The move's retire wrote: its storages are gone from the old server, and the freeze, long done,
            // cannot be planned on them again. The run goes on (or is refused its rollback) from its journal.
            Choice choice = new Choice(Mode.FREEZE, new LinkedHashSet<>(h.storages()));
            RunSetup retired = retireOnly(h.profile(), discovery, choice, hosts, null);
            return new RunSetup(
                    retired.profile(),
                    retired.discovery(),
                    retired.plan(),
                    retired.choice(),
                    retired.hosts(),
                    retired.timeouts(),
                    new MoveSetup(h.move(), readTarget(h.profile(), hosts)));
        }
        // Ids as the journal holds them; one written by an earlier version has no host and is found by server/name.
        List<StorageRef> refs = h.storages().stream().map(StorageRef::of).toList();
        RunSetup setup = planned(h.profile(), discovery, Choice.of(h.mode(), refs, discovery.cluster()), hosts);
        if (h.move() == null) {
            return setup;
        }
        // The move as it was reviewed: its phases were planned from the files before the freeze, which are gone now.
        return new RunSetup(
                setup.profile(),
                setup.discovery(),
                setup.plan(),
                setup.choice(),
                setup.hosts(),
                setup.timeouts(),
                new MoveSetup(h.move(), readTarget(h.profile(), hosts)));
    }
}
