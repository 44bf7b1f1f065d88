package com.warehouseplatform.local;

/** The Data API's status values, in life-cycle order. */
public enum StatementStatus {
    SUBMITTED,
    PICKED,
    STARTED,
    FINISHED,
    ABORTED,
    FAILED;

    public boolean isTerminal() {
        return this == FINISHED || this == ABORTED || this == FAILED;
    }
}
