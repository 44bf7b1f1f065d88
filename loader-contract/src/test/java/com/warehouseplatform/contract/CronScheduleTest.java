package com.warehouseplatform.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    // 2026-12-07 is a Monday
    private static final LocalDateTime MONDAY_19 = LocalDateTime.of(2026, 12, 7, 19, 0);

    @Test
    void weekdaysByNameAndNumber() {
        CronSchedule byName = CronSchedule.parse("cron(0 19 ? * MON-FRI *)");
        CronSchedule byNumber = CronSchedule.parse("cron(0 19 ? * 2-6 *)");
        for (int day = 0; day < 7; day++) {
            LocalDateTime t = MONDAY_19.plusDays(day);
            boolean weekday = day < 5;
            assertThat(byName.firesAt(t)).as(t.toString()).isEqualTo(weekday);
            assertThat(byNumber.firesAt(t)).as(t.toString()).isEqualTo(weekday);
        }
        assertThat(byName.firesAt(MONDAY_19.plusMinutes(1))).isFalse();
        assertThat(byName.firesAt(MONDAY_19.withSecond(59))).isTrue();
    }

    @Test
    void sundayIsOneAndSaturdaySeven() {
        assertThat(CronSchedule.parse("cron(0 0 ? * 1 *)").firesAt(LocalDateTime.of(2026, 12, 6, 0, 0)))
                .isTrue(); // a Sunday
        assertThat(CronSchedule.parse("cron(0 0 ? * SAT *)").firesAt(LocalDateTime.of(2026, 12, 5, 0, 0)))
                .isTrue();
        assertThat(CronSchedule.parse("cron(0 0 ? * 7 *)").firesAt(LocalDateTime.of(2026, 12, 5, 0, 0)))
                .isTrue();
    }

    @Test
    void listsStepsMonthsAndYears() {
        CronSchedule c = CronSchedule.parse("cron(5/15 8,20 1-3 JAN,JUL ? 2026-2027)");
        assertThat(c.firesAt(LocalDateTime.of(2026, 7, 2, 20, 35))).isTrue();
        assertThat(c.firesAt(LocalDateTime.of(2026, 7, 2, 20, 36))).isFalse();
        assertThat(c.firesAt(LocalDateTime.of(2026, 7, 4, 20, 35))).isFalse();
        assertThat(c.firesAt(LocalDateTime.of(2026, 8, 2, 20, 35))).isFalse();
        assertThat(c.firesAt(LocalDateTime.of(2028, 1, 2, 20, 35))).isFalse();
        CronSchedule every = CronSchedule.parse("cron(*/10 * * * ? *)");
        assertThat(every.firesAt(LocalDateTime.of(2030, 2, 28, 3, 50))).isTrue();
        assertThat(every.firesAt(LocalDateTime.of(2030, 2, 28, 3, 55))).isFalse();
        assertThat(CronSchedule.parse("cron(0 10-20/5 * * ? *)").firesAt(LocalDateTime.of(2030, 1, 1, 15, 0)))
                .isTrue();
    }

    @Test
    void refusesWhatItDoesNotImplementNamingTheReason() {
        assertThat(CronSchedule.problem("cron(0 18 L * ? *)")).contains("the 'L' wildcard is not supported");
        assertThat(CronSchedule.problem("cron(0 18 ? * 6L *)")).contains("the 'L' wildcard is not supported");
        assertThat(CronSchedule.problem("cron(0 18 3W * ? *)")).contains("the 'W' wildcard is not supported");
        assertThat(CronSchedule.problem("cron(0 18 ? * 3#2 *)")).contains("the '#' wildcard is not supported");
        assertThat(CronSchedule.problem("cron(0 18 ? JUL WED *)")).isNull(); // names with L and W are names
        assertThat(CronSchedule.problem("cron(0 18 * * * *)")).contains("exactly one of day-of-month and day-of-week");
        assertThat(CronSchedule.problem("cron(0 18 1 * 2 *)")).contains("exactly one of day-of-month and day-of-week");
        assertThat(CronSchedule.problem("cron(0 24 * * ? *)")).contains("hours '24': 24 is outside 0-23");
        assertThat(CronSchedule.problem("cron(0 18 ? * FRI-MON *)")).contains("must not wrap around");
        assertThat(CronSchedule.problem("cron(0 18 ? * MON/2 *)")).contains("'/' is not allowed in day-of-week");
        assertThat(CronSchedule.problem("cron(? 18 * * ? *)")).contains("'?' is allowed in day-of-month");
        assertThat(CronSchedule.problem("cron(0 18 * *)")).contains("takes 6 fields");
        assertThat(CronSchedule.problem("rate(5 minutes)")).contains("must be cron(");
        assertThat(CronSchedule.problem("cron(0 18 ? * FOO *)")).contains("'FOO' is not a number or a name");
        assertThatThrownBy(() -> CronSchedule.parse("cron(0/0 * * * ? *)")).hasMessageContaining("at least 1");
    }
}
