package org.zeofreeze.runbook.timeline;

/**
 * What a part of the site is doing at a moment of the run. The colours are the timeline's, the
 * same in the wizard, the report and the benchmark's pictures: green, amber, red and blue are
 * told apart at a glance, and red is the one that matters; grey is what had not started yet.
 */
public enum LaneState {
    /** Answers requests (a client) or accepts connections (a ZEO server). */
    SERVING("serving", "#2da44e"),
    /** Out of the balancer's rotation, finishing the requests it still has. */
    DRAINING("draining", "#e3a008"),
    /** Stopped, or stopping: it serves nothing. */
    DOWN("down", "#cf222e"),
    /** Started, not serving yet. */
    STARTING("starting", "#0969da"),
    /**
     * Not running before its first start in this run: a move's new ZEO server, or what an earlier
     * attempt of a resumed run had stopped. Not the site's outage (its own lane says that), so not red.
     */
    NOT_RUNNING("not running", "#afb8c1");

    private final String text;
    private final String colour;

    LaneState(String text, String colour) {
        this.text = text;
        this.colour = colour;
    }

    public String text() {
        return text;
    }

    /** As {@code #rrggbb}. */
    public String colour() {
        return colour;
    }
}
