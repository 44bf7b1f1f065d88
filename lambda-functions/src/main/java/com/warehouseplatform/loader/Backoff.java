package com.warehouseplatform.loader;

import java.time.Duration;

/** Capped exponential backoff: initial, doubling on each attempt, never above max. */
public record Backoff(Duration initial, Duration max) {

    /** Polling a statement: 200 ms doubling to 5 s. */
    public static final Backoff POLL = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    /** Re-submitting after throttling or too many active statements: 1 s doubling to 10 s. */
    public static final Backoff SUBMIT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The wait before attempt {@code attempt + 1}, counting from 0. */
    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0");
        }
        long millis = initial.toMillis();
        for (int i = 0; i < attempt && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
