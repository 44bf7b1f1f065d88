package com.warehouseplatform.loader;

import java.time.Clock;
import java.time.Duration;

/** When this invocation must stop waiting (the Lambda's remaining time minus a margin). */
public record Deadline(Clock clock, long epochMillis) {

    public static Deadline in(Clock clock, Duration budget) {
        return new Deadline(clock, clock.millis() + budget.toMillis());
    }

    /**
     * From a Lambda's remaining time: keeps a margin of 10 s for the bookkeeping after the
     * wait (a third of the time when less than 30 s remain).
     */
    public static Deadline fromRemaining(Clock clock, long remainingMillis) {
        long margin = remainingMillis >= 30_000 ? 10_000 : remainingMillis / 3;
        return new Deadline(clock, clock.millis() + Math.max(0, remainingMillis - margin));
    }

    public Duration remaining() {
        return Duration.ofMillis(Math.max(0, epochMillis - clock.millis()));
    }

    public boolean passed() {
        return clock.millis() >= epochMillis;
    }

    /** Sleeps {@code wanted} if that ends before the deadline; otherwise returns false at once. */
    public boolean sleep(Sleeper sleeper, Duration wanted) {
        if (clock.millis() + wanted.toMillis() > epochMillis) {
            return false;
        }
        sleeper.sleep(wanted);
        return true;
    }
}
