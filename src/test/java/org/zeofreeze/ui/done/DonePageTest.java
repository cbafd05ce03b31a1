package org.zeofreeze.ui.done;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.timeline.LaneState;
import org.zeofreeze.runbook.timeline.RunEvents;
import org.zeofreeze.runbook.timeline.Timeline;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.App;
import org.zeofreeze.ui.Screenshots;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.Session;

/** The Done page's timeline as drawn: the verdict, a canvas tall enough for every lane and bar, the legend. */
@ExtendWith(ApplicationExtension.class)
class DonePageTest {
    @TempDir
    static Path temp;

    private Session session;
    private DoneViewModel model;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        App.installTheme();
        session = ViewModels.discovered(Fixtures.copyTree("guide", temp.resolve("zeocluster")), temp.resolve("p"));
        model = new DoneViewModel(session, new DoneViewModelTest.Recorded());
        scene = new Scene((Parent) new DonePage(model).build(), 1000, 800);
        scene.getStylesheets().add(App.class.getResource(App.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    /** A summary whose facts tell what its events do: the rolling freeze, or the full stop, of {@link RunEvents}. */
    static RunSummary summary(List<RunEvent> events) {
        Timeline t = Timeline.of(events);
        RunEvent.Finished end = (RunEvent.Finished) events.get(events.size() - 1);
        Map<String, Duration> parts = new LinkedHashMap<>();
        t.lanes().stream()
                .filter(l -> !l.label().equals(Timeline.SITE))
                .forEach(l -> parts.put(
                        l.label(),
                        l.total(LaneState.SERVING).isZero()
                                ? t.length()
                                : t.length().minus(l.total(LaneState.SERVING))));
        Duration site = t.site().orElseThrow().total(LaneState.DOWN);
        RunEvent.FrozenWindow frozen = events.stream()
                .filter(RunEvent.FrozenWindow.class::isInstance)
                .map(RunEvent.FrozenWindow.class::cast)
                .findFirst()
                .orElse(null);
        return new RunSummary(
                "zeocluster",
                Mode.FREEZE,
                List.of("zeoserver/plone", "zeoserver/catalog"),
                List.of(),
                end,
                t.start(),
                t.end(),
                new RunEvent.Outage(end.at(), site, site, parts, false),
                List.of(),
                List.of(),
                List.of(),
                frozen,
                List.of(),
                List.of(),
                t);
    }

    private void show(RunSummary s) {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            session.resultProperty().set(s);
            model.entered();
        }));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theTimelineIsDrawnWithTheVerdictAndALegendOfWhatItShows(FxRobot robot) {
        RunSummary rolling = summary(RunEvents.rollingFreeze().list());
        show(rolling);

        assertThat(robot.lookup("#done-timeline").queryAs(Node.class).isVisible())
                .isTrue();
        assertThat(robot.lookup("#timeline-verdict").queryAs(Label.class).getText())
                .isEqualTo("By the processes' states, the site could not serve for 4.0 s");
        Canvas canvas = robot.lookup("#timeline-canvas").queryAs(Canvas.class);
        int rows = rolling.timeline().lanes().size() + rolling.timeline().bars().size();
        assertThat(canvas.getHeight()).isEqualTo(rows * (TimelineView.ROW + TimelineView.GAP) + TimelineView.AXIS);
        assertThat(canvas.getWidth()).isGreaterThan(500);
        for (String s : List.of("serving", "draining", "down", "starting", "read-only")) {
            assertThat(robot.lookup("#legend-" + s).tryQuery()).as(s).isPresent();
        }
        assertThat(robot.lookup("#legend-maintenance").tryQuery())
                .as("no maintenance window in a rolling run")
                .isEmpty();
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> Screenshots.save(scene, "07-done-timeline-rolling")));

        show(summary(RunEvents.fullStop().list()));
        assertThat(robot.lookup("#legend-maintenance").tryQuery()).isPresent();
        assertThat(robot.lookup("#legend-read-only").tryQuery())
                .as("no copy, no read-only window")
                .isEmpty();
        assertThat(robot.lookup("#timeline-verdict").queryAs(Label.class).getText())
                .isEqualTo("By the processes' states, the site could not serve for 8.0 s");
        WaitForAsyncUtils.waitFor(
                WaitForAsyncUtils.asyncFx(() -> Screenshots.save(scene, "07-done-timeline-full-stop")));
    }

    @Test
    void theTimelineComesBeforeTheVerifiedLinesSoManyOfThemDoNotPushItOutOfSight(FxRobot robot) {
        RunSummary rolling = summary(RunEvents.rollingFreeze().list());
        List<String> many = java.util.stream.IntStream.rangeClosed(1, 30)
                .mapToObj(i -> "Verified: client" + i + " answers HTTP at 127.0.0.1:" + (18500 + i))
                .toList();
        show(new RunSummary(
                rolling.cluster(),
                rolling.mode(),
                rolling.storages(),
                rolling.changes(),
                rolling.finished(),
                rolling.started(),
                rolling.ended(),
                rolling.outage(),
                many,
                rolling.copies(),
                rolling.log(),
                rolling.frozen(),
                rolling.backups(),
                rolling.moved(),
                rolling.timeline()));

        Node timeline = robot.lookup("#done-timeline").queryAs(Node.class);
        Node verified = robot.lookup("#done-verified").queryAs(Node.class);
        assertThat(model.verified()).hasSize(30);
        assertThat(model.facts()).noneMatch(f -> f.startsWith("Verified: "));
        assertThat(timeline.localToScene(timeline.getBoundsInLocal()).getMinY())
                .as("the timeline starts within the window")
                .isLessThan(scene.getHeight())
                .isLessThan(verified.localToScene(verified.getBoundsInLocal()).getMinY());
    }

    @Test
    void aRunThatStoppedNothingShowsNoTimeline(FxRobot robot) {
        show(new RunSummary(
                "zeocluster",
                Mode.FREEZE,
                List.of("zeoserver/plone"),
                List.of(),
                new RunEvent.Finished(RunEvents.at(2), RunEvent.Outcome.DONE, "done", null),
                RunEvents.at(0),
                RunEvents.at(2),
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of(),
                Timeline.of(DoneViewModelTest.configOnlyEvents())));

        assertThat(robot.lookup("#done-timeline").queryAs(Node.class).isVisible())
                .isFalse();
    }
}
