package com.warehouseplatform.local;

/** Thrown inside the runner when a CancelStatement asked the running statement to stop. */
final class StatementCancelledException extends Exception {
    StatementCancelledException() {
        super("cancelled", null, false, false);
    }
}
