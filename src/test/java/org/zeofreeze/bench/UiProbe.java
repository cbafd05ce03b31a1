package org.zeofreeze.bench;

import com.sun.glass.ui.monocle.PaintTimedPlatformFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.ui.App;
import org.zeofreeze.ui.ZeoFreezeWizard;
import org.zeofreeze.ui.review.ReviewPage;
import org.zeofreeze.ui.review.ReviewViewModel;
import org.zeofreeze.ui.run.ConfigOnlyLauncher;
import org.zeofreeze.ui.run.RunPage;
import org.zeofreeze.ui.run.RunViewModel;
import org.zeofreeze.ui.session.RunLauncher;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.task.FxTaskExecutor;

/**
 * The wizard measured in a JVM of its own (started by {@link UiBenchmark}, headless Monocle),
 * printing {@code KEY=value} lines:
 * <ul>
 *   <li>{@code launch DIR}: the real App with {@code --buildout DIR}, on Monocle's screen that
 *       notes its first painted frame ({@code -Dmonocle.platform=PaintTimed}, see
 *       {@link PaintTimedPlatformFactory}); milliseconds from the JVM's start to the first pulse
 *       that lays out the shown first page, and to the first frame with that page's content
 *       painted onto the screen;</li>
 *   <li>{@code review DIR}: the review page of the plan for DIR (view-model entered, view built,
 *       laid out in a pulse), first time and again;</li>
 *   <li>{@code wizard-review DIR}: the review page as the wizard shows it: the wizard's window
 *       walked from the Cluster page through Layout and Choose, then the plan for DIR set and the
 *       Review page shown (as Next does once the plan is made) until laid out in a pulse; then
 *       on to Maintenance and back to Review, again and again;</li>
 *   <li>{@code run DIR}: the run page while {@link EventStreamLauncher} streams a run's events;
 *       the longest gap between pulses of the FX thread, and peak memory.</li>
 * </ul>
 */
public final class UiProbe {
    private UiProbe() {}

    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "launch" -> launch(args[1]);
                case "review" -> review(Path.of(args[1]));
                case "wizard-review" -> wizardReview(Path.of(args[1]));
                case "run" -> run(Path.of(args[1]));
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
        Runtime.getRuntime().halt(0);
    }

    private static void launch(String buildout) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Thread app = new Thread(() -> Application.launch(App.class, "--buildout", buildout), "app");
        app.setDaemon(true);
        app.start();
        CountDownLatch shown = new CountDownLatch(1);
        AtomicLong at = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (shown.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                Platform.runLater(() -> {
                    for (Window w : Window.getWindows()) {
                        if (w.isShowing()
                                && w.getScene() != null
                                && w.getScene().getRoot() != null
                                && w.getProperties().putIfAbsent("bench", true) == null) {
                            Scene scene = w.getScene();
                            Runnable[] once = new Runnable[1];
                            once[0] = () -> {
                                at.compareAndSet(0, System.currentTimeMillis());
                                scene.removePostLayoutPulseListener(once[0]);
                                shown.countDown();
                            };
                            scene.addPostLayoutPulseListener(once[0]);
                        }
                    }
                });
            } catch (IllegalStateException toolkitNotUpYet) {
                // keep asking
            }
            shown.await(10, TimeUnit.MILLISECONDS);
        }
        if (shown.getCount() > 0) {
            throw new IllegalStateException("no window shown within 60 s");
        }
        long painted = PaintTimedPlatformFactory.awaitFirstContentFrame(60, TimeUnit.SECONDS);
        if (painted < 0) {
            throw new IllegalStateException("no frame with content painted within 60 s");
        }
        System.out.println("LAID_OUT_MS=" + (at.get() - jvmStart));
        System.out.println("PAINTED_MS=" + (painted - jvmStart));
        System.out.println("FRAMES_WITHOUT_CONTENT=" + PaintTimedPlatformFactory.framesWithoutContent());
    }

    private static void review(Path buildout) throws Exception {
        Discovery discovery = discover(buildout);
        Plan plan = new Planner().plan(discovery, Selection.parse(Mode.FREEZE, List.of()));
        Platform.startup(() -> {});
        Stage stage = onFx(() -> {
            App.installTheme();
            Stage s = new Stage();
            Scene scene = new Scene(new StackPane(), 1280, 800);
            scene.getStylesheets().add(App.class.getResource(App.STYLESHEET).toExternalForm());
            s.setScene(scene);
            s.show();
            return s;
        });
        List<Double> ms = new ArrayList<>();
        Samples modelMs = new Samples();
        for (int i = 0; i < 8; i++) {
            ms.add(laidOutAfter(stage, () -> {
                long start = System.nanoTime();
                Session session = session(buildout, discovery, plan, new ConfigOnlyLauncher(Clock.systemUTC()));
                ReviewViewModel model = new ReviewViewModel(session);
                model.entered();
                modelMs.add((System.nanoTime() - start) / 1e6);
                stage.getScene().setRoot(new StackPane(new ReviewPage(model).build()));
            }));
        }
        Samples warm = new Samples();
        ms.subList(1, ms.size()).forEach(warm::add);
        System.out.println("CHANGED_FILES=" + plan.changes().size());
        System.out.println("REVIEW_FIRST_MS=" + ms.get(0));
        System.out.println("REVIEW_WARM_MS=" + warm.median());
        System.out.println("REVIEW_MODEL_MS=" + modelMs.median());
    }

    private static void wizardReview(Path buildout) throws Exception {
        Discovery discovery = discover(buildout);
        Plan plan = new Planner().plan(discovery, Selection.parse(Mode.FREEZE, List.of()));
        Platform.startup(() -> {});
        AtomicReference<ZeoFreezeWizard> wizard = new AtomicReference<>();
        Stage stage = onFx(() -> {
            App.installTheme();
            Session session = session(buildout, discovery, null, new ConfigOnlyLauncher(Clock.systemUTC()));
            ZeoFreezeWizard w = new ZeoFreezeWizard(session);
            wizard.set(w);
            Stage s = new Stage();
            s.setScene(App.scene(w, () -> {}));
            s.show();
            return s;
        });
        showAndWait(stage, () -> wizard.get().pager().show(ZeoFreezeWizard.LAYOUT));
        showAndWait(stage, () -> wizard.get().pager().show(ZeoFreezeWizard.CHOOSE));
        wizard.get().session().secretsOf(plan); // as the Choose page's Next does, with the plan, in the background
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ms.add(showAndWait(stage, () -> {
                wizard.get().session().planProperty().set(plan);
                wizard.get().pager().show(ZeoFreezeWizard.REVIEW);
            }));
            showAndWait(stage, () -> wizard.get().pager().show(ZeoFreezeWizard.MAINTENANCE));
        }
        String shown = onFx(() -> String.valueOf(wizard.get().review().rows().size()));
        Samples warm = new Samples();
        ms.subList(1, ms.size()).forEach(warm::add);
        System.out.println("CHANGED_FILES=" + plan.changes().size());
        System.out.println("ROWS_SHOWN=" + shown);
        System.out.println("REVIEW_FIRST_MS=" + ms.get(0));
        System.out.println("REVIEW_WARM_MS=" + warm.median());
    }

    /** {@link #laidOutAfter}, then a pause, as a person looks before pressing the next button. */
    private static double showAndWait(Stage stage, Runnable change) throws Exception {
        double ms = laidOutAfter(stage, change);
        Thread.sleep(300);
        return ms;
    }

    /** Runs {@code change} on the FX thread; milliseconds from its start until a pulse has laid the scene out. */
    private static double laidOutAfter(Stage stage, Runnable change) throws Exception {
        CountDownLatch laidOut = new CountDownLatch(1);
        AtomicLong took = new AtomicLong();
        Platform.runLater(() -> {
            long start = System.nanoTime();
            change.run();
            Scene scene = stage.getScene();
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                took.set(System.nanoTime() - start);
                scene.removePostLayoutPulseListener(once[0]);
                laidOut.countDown();
            };
            scene.addPostLayoutPulseListener(once[0]);
        });
        if (!laidOut.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the page was not laid out within 60 s");
        }
        return took.get() / 1e6;
    }

    private static void run(Path buildout) throws Exception {
        Discovery discovery = discover(buildout);
        Plan plan = new Planner().plan(discovery, Selection.parse(Mode.FREEZE, List.of()));
        Platform.startup(() -> {});
        EventStreamLauncher launcher = new EventStreamLauncher(Duration.ofSeconds(10));
        AtomicReference<RunViewModel> model = new AtomicReference<>();
        List<Long> frames = new ArrayList<>();
        List<Integer> logSizes = new ArrayList<>();
        AnimationTimer pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frames.add(System.nanoTime());
                logSizes.add(model.get().board().log().size());
            }
        };
        onFx(() -> {
            App.installTheme();
            Session session = session(buildout, discovery, plan, launcher);
            RunViewModel m = new RunViewModel(session);
            model.set(m);
            Stage s = new Stage();
            Scene scene = new Scene(new StackPane(new RunPage(m).build()), 1280, 800);
            scene.getStylesheets().add(App.class.getResource(App.STYLESHEET).toExternalForm());
            s.setScene(scene);
            s.show();
            return s;
        });
        Thread.sleep(1000); // the page settled before the run starts
        CountDownLatch finished = new CountDownLatch(1);
        onFx(() -> {
            model.get().finishedProperty().addListener((o, a, b) -> {
                if (b != null) {
                    finished.countDown();
                }
            });
            pulses.start();
            model.get().entered();
            return null;
        });
        if (!finished.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the run did not finish within 120 s");
        }
        onFx(() -> {
            pulses.stop();
            return null;
        });
        long longest = 0;
        int at = 0;
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i) - frames.get(i - 1) > longest) {
                longest = frames.get(i) - frames.get(i - 1);
                at = i;
            }
        }
        // Where in the run the longest stall fell: its start after the first pulse, and the log lines before and after.
        System.out.println("STALL_AT=" + (frames.get(at - 1) - frames.get(0)) / 1_000_000 + "ms log "
                + logSizes.get(at - 1) + "->" + logSizes.get(at));
        System.out.println("EVENTS=" + launcher.eventsSent());
        System.out.println(
                "LOG_LINES_SHOWN=" + onFx(() -> model.get().board().log().size()));
        System.out.println("PULSES=" + frames.size());
        System.out.println("LONGEST_STALL_MS=" + longest / 1e6);
        System.out.println("PEAK_RSS_MB=" + peakRssKb() / 1024);
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("PEAK_HEAP_MB=" + heapPeak / 1024 / 1024);
    }

    private static Discovery discover(Path buildout) throws Exception {
        return new Discoverer().discover(List.of(new Discoverer.Source(new LocalHost(), buildout.toString())));
    }

    private static Session session(Path buildout, Discovery discovery, Plan plan, RunLauncher launcher) {
        try {
            // Beside the buildout, in the benchmark's work directory, which is removed at the end.
            Path profiles = Files.createDirectories(
                    buildout.toAbsolutePath().getParent().resolve("profiles"));
            Session session = new Session(
                    new FxTaskExecutor(),
                    p -> new ProfileHosts(p, e -> {
                        throw new IOException("no SSH in the UI benchmark");
                    }),
                    new ProfileStore(profiles),
                    launcher,
                    Clock.systemUTC());
            session.profileProperty().set(App.localProfile(buildout.toString()));
            session.useHosts(session.openHosts(session.profileProperty().get()));
            session.discoveryProperty().set(discovery);
            session.modeProperty().set(Mode.FREEZE);
            session.planProperty().set(plan);
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** VmHWM: the most resident memory this process has had. */
    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        return task.get(60, TimeUnit.SECONDS);
    }
}
