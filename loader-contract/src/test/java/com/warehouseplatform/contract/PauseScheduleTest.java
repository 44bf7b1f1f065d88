package com.warehouseplatform.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** config/dev.yaml's schedule: paused 19:00-06:00 UTC on weekdays and from Friday 19:00 to Monday 06:00. */
class PauseScheduleTest {

    static final PauseSchedule DEV = PauseSchedule.of("cron(0 19 ? * MON-FRI *)", "cron(0 6 ? * MON-FRI *)");

    @Test
    void upOnWeekdaysBetweenResumeAndPause() {
        assertThat(DEV.upAt(Instant.parse("2026-12-07T05:59:00Z"))).isFalse(); // Monday before the resume
        assertThat(DEV.upAt(Instant.parse("2026-12-07T06:00:00Z"))).isTrue();
        assertThat(DEV.upAt(Instant.parse("2026-12-07T18:59:59Z"))).isTrue();
        assertThat(DEV.upAt(Instant.parse("2026-12-07T19:00:00Z"))).isFalse();
        assertThat(DEV.upAt(Instant.parse("2026-12-12T12:00:00Z"))).isFalse(); // Saturday
    }

    @Test
    void aWeekendCountsNoUpSeconds() {
        Instant fridayEvening = Instant.parse("2026-12-04T18:30:00Z");
        Instant mondayMorning = Instant.parse("2026-12-07T06:00:00Z");
        assertThat(DEV.upSecondsBetween(fridayEvening, mondayMorning)).isEqualTo(30 * 60);
        assertThat(DEV.upSecondsBetween(fridayEvening, mondayMorning.plusSeconds(90)))
                .isEqualTo(30 * 60 + 90);
        assertThat(DEV.upSecondsBetween(Instant.parse("2026-12-07T05:00:00Z"), Instant.parse("2026-12-08T05:00:00Z")))
                .isEqualTo(13 * 3600);
    }

    @Test
    void withoutASchedulePausesNothing() {
        Instant from = Instant.parse("2026-12-05T10:00:00Z");
        assertThat(PauseSchedule.ALWAYS_UP.upSecondsBetween(from, from.plusSeconds(7200)))
                .isEqualTo(7200);
        assertThat(PauseSchedule.of(null, null).pauses()).isFalse();
        assertThat(PauseSchedule.ALWAYS_UP.expectedUp(from, Duration.ofMinutes(30)))
                .isTrue();
        assertThatThrownBy(() -> PauseSchedule.of("cron(0 19 ? * MON-FRI *)", null))
                .hasMessageContaining("go together");
    }

    @Test
    void expectedUpWaitsForTheGraceAfterAResume() {
        Duration grace = Duration.ofMinutes(30);
        assertThat(DEV.expectedUp(Instant.parse("2026-12-07T06:10:00Z"), grace)).isFalse();
        assertThat(DEV.expectedUp(Instant.parse("2026-12-07T06:30:00Z"), grace)).isTrue();
        assertThat(DEV.expectedUp(Instant.parse("2026-12-07T20:00:00Z"), grace)).isFalse();
    }
}
