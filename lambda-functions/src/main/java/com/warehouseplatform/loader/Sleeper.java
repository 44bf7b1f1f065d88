package com.warehouseplatform.loader;

import java.time.Duration;

/** Waits between polls; tests pass one that only advances a clock. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration);

    /** The real one. */
    static Sleeper system() {
        return d -> {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting", e);
            }
        };
    }
}
