package org.zeofreeze.ui.wizard;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** The paragraph at the top of a wizard page, saying what the page is for. */
public final class PageIntro {
    private PageIntro() {}

    /** A page's intro, styled as every page's is: wrapped, and as tall as its text. */
    public static Label of(String text) {
        Label intro = new Label(text);
        intro.setWrapText(true);
        intro.getStyleClass().add("page-intro");
        intro.setMinHeight(Region.USE_PREF_SIZE); // wrapped whole, never cut to one line with "..."
        return intro;
    }
}
