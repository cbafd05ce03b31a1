package org.zeofreeze.ui;

/** What Cancel, Esc or closing the window asks, depending on whether a run is under way. */
public record QuitPrompt(String header, String text) {

    public static QuitPrompt of(boolean running) {
        if (running) {
            return new QuitPrompt(
                    "Stop the run and quit?",
                    "A run is in progress. It stops at the next safe point "
                            + "(never half-way through writing a file) and leaves the cluster running; its journal lets you "
                            + "resume it or roll it back when ZeoFreeze starts again.");
        }
        return new QuitPrompt("Quit ZeoFreeze?", "Nothing has been written that you did not apply. Leave ZeoFreeze?");
    }
}
