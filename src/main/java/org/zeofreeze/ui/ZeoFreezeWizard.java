package org.zeofreeze.ui;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.scene.Parent;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.ui.choose.ChoosePage;
import org.zeofreeze.ui.choose.ChooseViewModel;
import org.zeofreeze.ui.cluster.ClusterPage;
import org.zeofreeze.ui.cluster.ClusterViewModel;
import org.zeofreeze.ui.done.DonePage;
import org.zeofreeze.ui.done.DoneViewModel;
import org.zeofreeze.ui.layout.LayoutPage;
import org.zeofreeze.ui.layout.LayoutViewModel;
import org.zeofreeze.ui.maintenance.MaintenancePage;
import org.zeofreeze.ui.maintenance.MaintenanceViewModel;
import org.zeofreeze.ui.review.ReviewPage;
import org.zeofreeze.ui.review.ReviewViewModel;
import org.zeofreeze.ui.run.RunPage;
import org.zeofreeze.ui.run.RunViewModel;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.Pager;
import org.zeofreeze.ui.wizard.WizardStep;
import org.zeofreeze.ui.wizard.WizardView;

/** The seven pages wired to one session, and the window content that shows them. */
public final class ZeoFreezeWizard {
    public static final int CLUSTER = 0;
    public static final int LAYOUT = 1;
    public static final int CHOOSE = 2;
    public static final int REVIEW = 3;
    public static final int MAINTENANCE = 4;
    public static final int RUN = 5;
    public static final int DONE = 6;

    private final Session session;
    private final ClusterViewModel cluster;
    private final LayoutViewModel layout;
    private final ChooseViewModel choose;
    private final ReviewViewModel review;
    private final MaintenanceViewModel maintenance;
    private final RunViewModel run;
    private final DoneViewModel done;
    private final Pager pager;

    public ZeoFreezeWizard(Session session) {
        this.session = session;
        cluster = new ClusterViewModel(session);
        layout = new LayoutViewModel(session);
        choose = new ChooseViewModel(session);
        review = new ReviewViewModel(session);
        maintenance = new MaintenanceViewModel(session);
        run = new RunViewModel(session);
        done = new DoneViewModel(session, new DoneViewModel.FollowUps() {
            @Override
            public void thaw() {
                thawThisCluster();
            }

            @Override
            public Optional<String> rollBackBlocker() {
                return run.rollBackBlocker();
            }

            @Override
            public void rollBack() {
                pager.showWithoutEntering(RUN);
                run.rollBack();
            }

            @Override
            public void move() {
                moveThisCluster();
            }
        });
        pager = new Pager(List.of(
                new WizardStep("Cluster", cluster, () -> new ClusterPage(cluster).build()),
                new WizardStep("Layout", layout, () -> new LayoutPage(layout).build()),
                new WizardStep("Choose", choose, () -> new ChoosePage(choose).build()),
                new WizardStep("Review", review, () -> new ReviewPage(review).build()),
                new WizardStep("Maintenance", maintenance, () -> new MaintenancePage(maintenance).build()),
                new WizardStep("Run", run, () -> new RunPage(run).build()),
                new WizardStep("Done", done, () -> new DonePage(done).build())));
        maintenance.setShowClusterPage(() -> pager.goBackTo(CLUSTER));
    }

    /**
     * Thaw mode on the cluster just frozen: the Choose page, on the cluster as the run left it (the
     * Run page read it again before Done could be reached).
     */
    private void thawThisCluster() {
        session.planProperty().set(null);
        session.moveSetupProperty().set(null);
        session.modeProperty().set(Mode.THAW);
        pager.show(CHOOSE);
    }

    /** Move mode on this cluster: the Choose page, on the cluster as the last run left it. */
    private void moveThisCluster() {
        session.planProperty().set(null);
        session.moveSetupProperty().set(null);
        session.moveProperty().set(true);
        pager.show(CHOOSE);
    }

    /**
     * Reads the cluster again as the journal's profile describes it, then opens the Run page to resume
     * the run or roll it back; {@code onError} hears why it could not.
     */
    public void takeUp(Journal journal, boolean rollBack, Consumer<String> onError) {
        ClusterProfile profile = journal.header().profile();
        ProfileHosts hosts = session.openHosts(profile);
        session.executor()
                .execute(
                        () -> RunPreparation.fromJournal(journal, hosts),
                        setup -> {
                            session.useHosts(hosts);
                            session.profileProperty().set(profile);
                            session.modeProperty().set(setup.choice().mode());
                            session.moveProperty().set(setup.moves()); // a journaled move resumes and rolls back as one
                            session.discoveryProperty().set(setup.discovery());
                            session.moveSetupProperty().set(setup.move());
                            session.planProperty().set(setup.plan());
                            pager.showWithoutEntering(RUN);
                            run.takeUp(journal, rollBack);
                        },
                        error -> {
                            hosts.close();
                            onError.accept(error.getMessage());
                        });
    }

    public Parent view(Runnable onCancel) {
        return new WizardView(pager, Icons.load(64), onCancel, statusText()).build();
    }

    private StringBinding statusText() {
        return Bindings.createStringBinding(
                () -> statusLine(
                        session.profileProperty().get(),
                        session.moveProperty().get()
                                ? "move"
                                : session.modeProperty().get() == Mode.THAW ? "thaw" : "freeze",
                        session.discoveryProperty().get(),
                        session.planProperty().get()),
                session.profileProperty(),
                session.modeProperty(),
                session.moveProperty(),
                session.discoveryProperty(),
                session.planProperty());
    }

    /**
     * The status bar: the open profile, what is being done, and to how many of the cluster's
     * storages once they are chosen ("move 2 of 3 storages"), not the cluster's count beside the mode.
     */
    static String statusLine(ClusterProfile profile, String mode, Discovery discovery, Plan plan) {
        String line = (profile == null ? "No profile yet" : "Profile " + profile.name()) + " · ";
        if (discovery == null) {
            return line + mode;
        }
        int all = discovery.cluster().storages().size();
        if (plan == null) {
            return line + mode + " · the cluster has " + all + (all == 1 ? " storage" : " storages");
        }
        return line + mode + " " + plan.selected().size() + " of " + all + (all == 1 ? " storage" : " storages");
    }

    public Session session() {
        return session;
    }

    public Pager pager() {
        return pager;
    }

    public ClusterViewModel cluster() {
        return cluster;
    }

    public LayoutViewModel layout() {
        return layout;
    }

    public ChooseViewModel choose() {
        return choose;
    }

    public ReviewViewModel review() {
        return review;
    }

    public MaintenanceViewModel maintenance() {
        return maintenance;
    }

    public RunViewModel run() {
        return run;
    }

    public DoneViewModel done() {
        return done;
    }
}
