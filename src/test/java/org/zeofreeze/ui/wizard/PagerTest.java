package org.zeofreeze.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import org.junit.jupiter.api.Test;

class PagerTest {

    /** A page whose readiness, busyness and way of leaving the test controls. */
    static final class FakePage implements PageModel {
        final BooleanProperty ready = new SimpleBooleanProperty();
        final BooleanProperty busy = new SimpleBooleanProperty();
        final BooleanProperty readyOnEnter = new SimpleBooleanProperty();
        final List<Runnable> pendingAdvance = new ArrayList<>();
        boolean async;
        int entered;

        @Override
        public ObservableBooleanValue readyProperty() {
            return ready;
        }

        @Override
        public ObservableBooleanValue busyProperty() {
            return busy;
        }

        @Override
        public void entered() {
            entered++;
            if (readyOnEnter.get()) {
                ready.set(true);
            }
        }

        @Override
        public void advance(Runnable proceed) {
            if (async) {
                busy.set(true);
                pendingAdvance.add(() -> {
                    busy.set(false);
                    proceed.run();
                });
            } else {
                proceed.run();
            }
        }
    }

    private final FakePage first = new FakePage();
    private final FakePage second = new FakePage();
    private final FakePage third = new FakePage();
    private final Pager pager = new Pager(List.of(
            new WizardStep("One", first, () -> null),
            new WizardStep("Two", second, () -> null),
            new WizardStep("Three", third, () -> null)));

    @Test
    void nextIsEnabledOnlyWhileTheCurrentPageIsReady() {
        assertThat(first.entered).isEqualTo(1);
        assertThat(pager.canGoNextProperty().get()).isFalse();
        first.ready.set(true);
        assertThat(pager.canGoNextProperty().get()).isTrue();
        pager.next();
        assertThat(pager.indexProperty().get()).isEqualTo(1);
        assertThat(second.entered).isEqualTo(1);
        assertThat(pager.canGoNextProperty().get()).isFalse();
        second.ready.set(true);
        assertThat(pager.canGoNextProperty().get()).isTrue();
    }

    @Test
    void aPageThatBecomesReadyWhenEnteredCanBeLeftAtOnce() {
        second.readyOnEnter.set(true);
        first.ready.set(true);
        pager.next();
        assertThat(pager.canGoNextProperty().get()).isTrue();
    }

    @Test
    void theButtonsAreHeldWhileAPageWorksAndItMovesOnWhenTheWorkEnds() {
        first.ready.set(true);
        first.async = true;
        pager.next();
        assertThat(pager.indexProperty().get()).isZero();
        assertThat(pager.busyProperty().get()).isTrue();
        assertThat(pager.canGoNextProperty().get()).isFalse();
        pager.next(); // a second press does nothing
        assertThat(first.pendingAdvance).hasSize(1);
        first.pendingAdvance.get(0).run();
        assertThat(pager.indexProperty().get()).isEqualTo(1);
        assertThat(pager.busyProperty().get()).isFalse();
    }

    @Test
    void backReturnsAndTheStepListOnlyJumpsBackwards() {
        first.ready.set(true);
        second.ready.set(true);
        pager.next();
        pager.next();
        assertThat(pager.indexProperty().get()).isEqualTo(2);
        pager.goBackTo(0);
        assertThat(pager.indexProperty().get()).isZero();
        pager.goBackTo(2);
        assertThat(pager.indexProperty().get()).isZero();
        assertThat(pager.canGoBackProperty().get()).isFalse();
    }
}
