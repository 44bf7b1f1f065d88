package com.warehouseplatform.config;

import java.util.List;

/**
 * How long CloudWatch Logs keeps every log group of the environment (the functions', the deploy-time SQL
 * providers' and the VPC flow logs). The AWS Control Tower control CT.CLOUDWATCH.PR.2 asks for at least 365 days,
 * so that is the default of a protected environment; an unprotected one keeps 90 days by default, and its log
 * groups then carry an acknowledgment of the control that names this key.
 */
public record LogsConfig(int retentionDays) {

    /**
     * The retentions CloudWatch Logs accepts, in days ({@code retentionInDays} of PutRetentionPolicy,
     * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html). Never
     * expiring is not offered: logs are kept for a bounded time on purpose.
     */
    public static final List<Integer> RETENTION_DAYS = List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** CT.CLOUDWATCH.PR.2: "at least 365 days". */
    public static final int CONTROL_MINIMUM_DAYS = 365;

    static final int PROTECTED_DEFAULT_DAYS = CONTROL_MINIMUM_DAYS;
    static final int UNPROTECTED_DEFAULT_DAYS = 90;

    /** The defaults of an environment with the given {@code protect}. */
    static LogsConfig defaults(boolean protect) {
        return new LogsConfig(protect ? PROTECTED_DEFAULT_DAYS : UNPROTECTED_DEFAULT_DAYS);
    }

    static LogsConfig read(YamlObject o, boolean protect) {
        LogsConfig defaults = defaults(protect);
        if (o == null) {
            return defaults;
        }
        Integer days =
                o.integer("retentionDays", defaults.retentionDays(), 1, RETENTION_DAYS.get(RETENTION_DAYS.size() - 1));
        if (days != null && !RETENTION_DAYS.contains(days)) {
            o.problem(
                    "retentionDays",
                    "must be one of the retentions CloudWatch Logs accepts " + RETENTION_DAYS + ", got " + days);
            return null;
        }
        return days == null ? null : new LogsConfig(days);
    }

    /** Whether the retention meets CT.CLOUDWATCH.PR.2. */
    public boolean meetsControl() {
        return retentionDays >= CONTROL_MINIMUM_DAYS;
    }
}
