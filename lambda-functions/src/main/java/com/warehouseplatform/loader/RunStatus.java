package com.warehouseplatform.loader;

/** How an invocation ended, as the invocation's result reports it ({@link #label()}). */
public enum RunStatus {
    /** A batch committed during this run. */
    LOADED("loaded"),
    /** A batch is still running: the next run resolves it. */
    IN_FLIGHT("in-flight"),
    /** The batch is recorded but could not be submitted in time, or no time was left to plan. */
    DEFERRED("deferred"),
    /** Another batch committed one of this batch's files first: nothing loaded, the next run plans again. */
    CONFLICT("conflict"),
    /** The cluster is paused, pausing or resuming: nothing planned, nothing failed; the first run after resume loads. */
    PAUSED("paused"),
    /** Nothing new. */
    UP_TO_DATE("up-to-date");

    private final String label;

    RunStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
