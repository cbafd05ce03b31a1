package org.zeofreeze.ui.wizard;

import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;

/** The view-model side of a wizard page, as the pager sees it. */
public interface PageModel {
    /** Constant answers for the defaults (one instance each, so listeners can be removed again). */
    ObservableBooleanValue NO = new ReadOnlyBooleanWrapper(false).getReadOnlyProperty();

    ObservableBooleanValue YES = new ReadOnlyBooleanWrapper(true).getReadOnlyProperty();

    /** Whether Next may be pressed now; the same instance on every call. */
    ObservableBooleanValue readyProperty();

    /** Whether the page is waiting for background work (the pager shows it and holds the buttons). */
    default ObservableBooleanValue busyProperty() {
        return NO;
    }

    /** Whether Back may leave this page (not while a run is under way). */
    default ObservableBooleanValue backAllowedProperty() {
        return YES;
    }

    /** The page became current: read what the earlier pages decided. */
    default void entered() {}

    /**
     * Next was pressed. The page does what leaving needs (it may start background work) and calls
     * {@code proceed} once the next page can be shown, or never when it cannot (its message says why).
     */
    default void advance(Runnable proceed) {
        proceed.run();
    }

    /** The Next button's text, with its mnemonic. */
    default String nextText() {
        return "_Next";
    }

    /** The Cancel button's text, with its mnemonic: the last page closes the wizard rather than cancels it. */
    default String cancelText() {
        return "Cancel";
    }

    /** Whether Enter may press Next: not where Next starts something that cannot be taken back lightly. */
    default boolean enterMeansNext() {
        return true;
    }
}
