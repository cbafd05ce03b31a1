package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.zeofreeze.runbook.event.RunEvent;

class EventBatcherTest {
    private final Deque<Runnable> uiTasks = new ArrayDeque<>();
    private final List<List<RunEvent>> batches = new ArrayList<>();
    private final EventBatcher batcher = new EventBatcher(uiTasks::add, batches::add);

    private static RunEvent line(int i) {
        return new RunEvent.Log(Instant.EPOCH, "copy", "db1", RunEvent.Level.INFO, "line " + i);
    }

    @Test
    void eventsArrivingBetweenTwoUiTasksAreHandedOverInOrderByOneTask() {
        for (int i = 0; i < 100; i++) {
            batcher.on(line(i));
        }

        assertThat(uiTasks).hasSize(1);
        uiTasks.poll().run();

        assertThat(uiTasks)
                .as("a fast UI thread takes the whole burst in one task")
                .isEmpty();
        assertThat(batches).extracting(List::size).containsExactly(EventBatcher.CHUNK, 100 - EventBatcher.CHUNK);
        assertThat(batches.stream().flatMap(List::stream))
                .containsExactlyElementsOf(
                        IntStream.range(0, 100).mapToObj(EventBatcherTest::line).toList());
    }

    @Test
    void aSlowUiThreadGivesWayToTheNextFrameOnceItsBudgetIsUsed() {
        long[] now = {0};
        long perBatch = TimeUnit.MILLISECONDS.toNanos(EventBatcher.BUDGET_MS) / 2 + 1;
        EventBatcher slow = new EventBatcher(
                uiTasks::add,
                b -> {
                    batches.add(b);
                    now[0] += perBatch; // each batch takes just over half the budget
                },
                () -> now[0]);
        for (int i = 0; i < EventBatcher.CHUNK * 5; i++) {
            slow.on(line(i));
        }

        List<Integer> batchesPerTask = new ArrayList<>();
        while (!uiTasks.isEmpty()) {
            int before = batches.size();
            uiTasks.poll().run();
            batchesPerTask.add(batches.size() - before);
        }

        assertThat(batchesPerTask).as("two batches a task, then the frame").containsExactly(2, 2, 1);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(EventBatcher.CHUNK * 5);
        assertThat(batches.get(4)).endsWith(line(EventBatcher.CHUNK * 5 - 1));
    }

    @Test
    void anEventAfterADrainIsNotLost() throws Exception {
        ExecutorService ui = Executors.newSingleThreadExecutor();
        List<RunEvent> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(10_000);
        EventBatcher threaded = new EventBatcher(
                ui::execute,
                b -> b.forEach(e -> {
                    seen.add(e);
                    all.countDown();
                }));
        Thread[] writers = new Thread[4];
        for (int w = 0; w < writers.length; w++) {
            int base = w * 2500;
            writers[w] = new Thread(() -> {
                for (int i = 0; i < 2500; i++) {
                    threaded.on(line(base + i));
                }
            });
            writers[w].start();
        }
        for (Thread t : writers) {
            t.join();
        }

        assertThat(all.await(10, TimeUnit.SECONDS))
                .as("every event reached the UI thread")
                .isTrue();
        assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
        ui.shutdownNow();
    }
}
