package org.zeofreeze.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.ui.run.ConfigOnlyLauncher;
import org.zeofreeze.ui.session.RunLauncher;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.task.DirectTaskExecutor;

/** Sessions for view-model tests: work runs on the calling thread, no screen. */
public final class ViewModels {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T17:00:00Z"), ZoneOffset.UTC);

    private ViewModels() {}

    public static Session session(Path profiles, RunLauncher launcher) {
        return new Session(
                new DirectTaskExecutor(), WizardHarness::localHostsOnly, new ProfileStore(profiles), launcher, CLOCK);
    }

    public static Session session(Path profiles) {
        return session(profiles, new ConfigOnlyLauncher(CLOCK));
    }

    /** A session as the Cluster page leaves it: profile, hosts and discovery of a local buildout. */
    public static Session discovered(Path buildout, Path profiles) throws Exception {
        return discovered(App.localProfile(buildout.toString()), buildout, profiles);
    }

    /** The same with a profile of its own (one with a migration target, say). */
    public static Session discovered(ClusterProfile profile, Path buildout, Path profiles) throws Exception {
        Session session = session(profiles);
        session.profileProperty().set(profile);
        session.useHosts(session.openHosts(session.profileProperty().get()));
        Discovery discovery = Engines.discover(buildout);
        session.discoveryProperty().set(discovery);
        return session;
    }

    /** As the Choose page leaves it: with the plan of {@code choice}. */
    public static Session planned(Path buildout, Path profiles, Selection choice) throws Exception {
        Session session = discovered(buildout, profiles);
        session.modeProperty().set(choice.mode());
        session.planProperty()
                .set(new Planner().plan(session.discoveryProperty().get(), choice));
        return session;
    }

    /** As the Choose page leaves a move of {@code choice}: the freeze's plan and the move's, prepared by the engine. */
    public static Session moving(ClusterProfile profile, Path buildout, Path profiles, Selection choice)
            throws Exception {
        Session session = discovered(profile, buildout, profiles);
        session.moveProperty().set(true);
        RunSetup setup = RunPreparation.prepareMove(profile, choice, session.hosts());
        session.discoveryProperty().set(setup.discovery());
        session.moveSetupProperty().set(setup.move());
        session.planProperty().set(setup.plan());
        return session;
    }
}
