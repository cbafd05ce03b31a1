package org.zeofreeze.ui.wizard;

import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * The wizard's page sequence: which page is current, whether Back and Next may be pressed, and
 * moving between pages. Knows nothing of the window; a view binds to it.
 */
public final class Pager {
    private final List<WizardStep> steps;
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyBooleanWrapper canGoBack = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canGoNext = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    /**
     * Listens to the current page only. An invalidation listener, re-armed by reading the values
     * in {@link #update()}, so lazy bindings of the pages keep reporting.
     */
    private final InvalidationListener pageChanged = o -> update();

    public Pager(List<WizardStep> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a wizard needs at least one page");
        }
        this.steps = List.copyOf(steps);
        attach(current());
        current().model().entered();
        update();
    }

    private void attach(WizardStep step) {
        step.model().readyProperty().addListener(pageChanged);
        step.model().busyProperty().addListener(pageChanged);
        step.model().backAllowedProperty().addListener(pageChanged);
    }

    private void detach(WizardStep step) {
        step.model().readyProperty().removeListener(pageChanged);
        step.model().busyProperty().removeListener(pageChanged);
        step.model().backAllowedProperty().removeListener(pageChanged);
    }

    private void update() {
        PageModel model = current().model();
        // A page doing background work (discovering, planning) holds the buttons: no second press.
        boolean working = model.busyProperty().get();
        boolean ready = model.readyProperty().get();
        boolean backAllowed = model.backAllowedProperty().get();
        busy.set(working);
        canGoNext.set(!working && ready && index.get() < steps.size() - 1);
        canGoBack.set(!working && backAllowed && index.get() > 0);
    }

    public List<WizardStep> steps() {
        return steps;
    }

    public ReadOnlyIntegerProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    public WizardStep current() {
        return steps.get(index.get());
    }

    public ReadOnlyBooleanProperty canGoBackProperty() {
        return canGoBack.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canGoNextProperty() {
        return canGoNext.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public void next() {
        if (!canGoNext.get()) {
            return;
        }
        int from = index.get();
        current().model().advance(() -> {
            if (index.get() == from) {
                show(from + 1);
            }
        });
    }

    public void back() {
        if (canGoBack.get()) {
            show(index.get() - 1);
        }
    }

    /** Jumps to a page, as "Thaw this cluster" does; the page reads the session afresh. */
    public void show(int page) {
        detach(current());
        index.set(page);
        attach(current());
        current().model().entered();
        update();
    }

    /** Jumps to a page whose view-model the caller prepares itself (taking up a run from its journal). */
    public void showWithoutEntering(int page) {
        detach(current());
        index.set(page);
        attach(current());
        update();
    }

    /** Jumps to an earlier page from the step list; later pages are reached only through Next. */
    public void goBackTo(int page) {
        if (page < index.get() && canGoBack.get()) {
            show(page);
        }
    }
}
