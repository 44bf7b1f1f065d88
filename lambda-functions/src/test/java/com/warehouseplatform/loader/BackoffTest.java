package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void pollingDoublesFrom200MsAndCapsAt5s() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(Backoff.POLL.delay(i).toMillis());
        }
        assertThat(delays).containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(Backoff.POLL.delay(10_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void invalidBackoffsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.POLL.delay(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A clock that sleeping moves. */
    static final class FakeTime extends Clock {
        long millis = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
        final List<Duration> sleeps = new ArrayList<>();

        Sleeper sleeper() {
            return d -> {
                sleeps.add(d);
                millis += d.toMillis();
            };
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void deadlineRefusesASleepThatWouldCrossIt() {
        FakeTime time = new FakeTime();
        Deadline deadline = Deadline.in(time, Duration.ofMillis(1000));

        assertThat(deadline.sleep(time.sleeper(), Duration.ofMillis(600))).isTrue();
        assertThat(deadline.sleep(time.sleeper(), Duration.ofMillis(600))).isFalse();
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(600));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(400));
        assertThat(deadline.passed()).isFalse();
    }

    @Test
    void deadlineKeepsAMarginOfTheLambdasRemainingTime() {
        FakeTime time = new FakeTime();
        assertThat(Deadline.fromRemaining(time, 900_000).remaining()).isEqualTo(Duration.ofSeconds(890));
        assertThat(Deadline.fromRemaining(time, 15_000).remaining()).isEqualTo(Duration.ofSeconds(10));
        assertThat(Deadline.fromRemaining(time, 0).passed()).isTrue();
    }
}
