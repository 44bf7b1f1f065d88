package com.warehouseplatform.config;

import com.warehouseplatform.contract.CronSchedule;
import java.util.List;

/**
 * Day-2 operations of a provisioned cluster, all optional: pause and resume on a schedule (UTC, for
 * development clusters), a snapshot schedule, and usage limits on concurrency scaling and Spectrum.
 * Absent parts are {@code null} (schedules) or 0 (limits).
 */
public record ClusterOperationsConfig(
        String pauseSchedule,
        String resumeSchedule,
        String snapshotSchedule,
        int concurrencyScalingMinutes,
        int spectrumTerabytes,
        String usageLimitPeriod,
        String usageLimitAction) {

    static final ClusterOperationsConfig NONE =
            new ClusterOperationsConfig(null, null, null, 0, 0, "daily", "emit-metric");
    static final List<String> PERIODS = List.of("daily", "weekly", "monthly");
    static final List<String> ACTIONS = List.of("log", "emit-metric", "disable");

    public boolean pausesAndResumes() {
        return pauseSchedule != null;
    }

    static ClusterOperationsConfig read(YamlObject o) {
        if (o == null) {
            return NONE;
        }
        String pause = redshiftSchedule(o, "pauseSchedule");
        String resume = redshiftSchedule(o, "resumeSchedule");
        if (o.has("pauseSchedule") != o.has("resumeSchedule")) {
            o.problem(
                    o.has("pauseSchedule") ? "resumeSchedule" : "pauseSchedule",
                    "pauseSchedule and resumeSchedule go together: a paused cluster must resume");
        }
        String snapshot = o.string("snapshotSchedule", false);
        if (snapshot != null) {
            String reason = snapshot.startsWith("rate(") && !snapshot.matches("rate\\(\\d+ (hour|hours|day|days)\\)")
                    ? "\"" + snapshot + "\": a snapshot rate is counted in hours or days, such as rate(12 hours)"
                    : LoaderConfig.scheduleProblem(snapshot);
            if (reason != null) {
                o.problem("snapshotSchedule", reason);
                snapshot = null;
            }
        }
        Integer minutes = o.integer("concurrencyScalingMinutes", 0, 0, 100000);
        Integer terabytes = o.integer("spectrumTerabytes", 0, 0, 100000);
        String period = o.string("usageLimitPeriod", "daily");
        if (period != null && !PERIODS.contains(period)) {
            o.problem("usageLimitPeriod", "must be one of " + PERIODS + ", got \"" + period + "\"");
            period = null;
        }
        String action = o.string("usageLimitAction", "emit-metric");
        if (action != null && !ACTIONS.contains(action)) {
            o.problem("usageLimitAction", "must be one of " + ACTIONS + ", got \"" + action + "\"");
            action = null;
        }
        if ((o.has("pauseSchedule") && pause == null)
                || (o.has("resumeSchedule") && resume == null)
                || (o.has("snapshotSchedule") && snapshot == null)
                || minutes == null
                || terabytes == null
                || period == null
                || action == null
                || o.has("pauseSchedule") != o.has("resumeSchedule")) {
            return null;
        }
        return new ClusterOperationsConfig(pause, resume, snapshot, minutes, terabytes, period, action);
    }

    /**
     * Redshift scheduled actions take cron(6 fields) in UTC, not rate(). The loaders evaluate these two
     * schedules themselves (freshness counts only the hours the cluster is meant to be up), so what their
     * evaluator, {@link CronSchedule}, does not implement (the L, W and # wildcards) is refused here.
     */
    private static String redshiftSchedule(YamlObject o, String key) {
        String schedule = o.string(key, false);
        if (schedule == null) {
            return null;
        }
        String reason = schedule.startsWith("rate(")
                ? "\"" + schedule + "\": Redshift pauses and resumes on cron(...) schedules in UTC, not rate()"
                : LoaderConfig.scheduleProblem(schedule);
        if (reason == null) {
            reason = CronSchedule.problem(schedule);
        }
        if (reason != null) {
            o.problem(key, reason);
            return null;
        }
        return schedule;
    }
}
