package com.warehouseplatform.loader;

import com.warehouseplatform.contract.CronSchedule;
import com.warehouseplatform.contract.LoaderContract;
import com.warehouseplatform.contract.PauseSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One loader's configuration, read from the environment variables the infrastructure sets.
 * Every problem is reported at once, each naming its variable; nothing falls back silently.
 *
 * <p>Required: LOADER_NAME, TARGET_TABLE, SOURCE_BUCKET, SOURCE_PREFIX (may be empty), OPS_BUCKET,
 * FORMAT_TYPE, COMPRESSION, MODE, MAX_ERRORS, MAX_FILES_PER_RUN, MAX_BYTES_PER_RUN, COPY_ROLE_ARN,
 * DATABASE and exactly one of CLUSTER_IDENTIFIER / WORKGROUP_NAME. CSV_HEADER and CSV_DELIMITER are
 * required when FORMAT_TYPE is csv, MERGE_KEYS when MODE is merge; ORDER_BY (comma-separated columns, merge
 * only) and ALERT_TOPIC_ARN are optional. PAUSE_SCHEDULE and RESUME_SCHEDULE (UTC cron, together, with
 * CLUSTER_IDENTIFIER only) are the cluster's pause and resume scheduled actions: the freshness metric counts
 * only the time they have the cluster up. MULTI_AZ ({@code true} or {@code false}, default false, with
 * CLUSTER_IDENTIFIER only) says the cluster is a Multi-AZ deployment, which has only the SYS monitoring views.
 */
public record LoaderSettings(
        String loaderName,
        TableName targetTable,
        String sourceBucket,
        String sourcePrefix,
        String opsBucket,
        FileFormat format,
        boolean csvHeader,
        String csvDelimiter,
        Compression compression,
        LoadMode mode,
        List<String> mergeKeys,
        List<String> orderBy,
        int maxErrors,
        int maxFilesPerRun,
        long maxBytesPerRun,
        String copyRoleArn,
        String database,
        String clusterIdentifier,
        String workgroupName,
        String alertTopicArn,
        String pauseSchedule,
        String resumeSchedule,
        boolean multiAz) {

    public enum FileFormat {
        CSV,
        JSON,
        PARQUET
    }

    public enum Compression {
        NONE,
        GZIP,
        BZIP2,
        ZSTD
    }

    public enum LoadMode {
        APPEND,
        MERGE,
        REPLACE
    }

    /** A validated {@code schema.table}. */
    public record TableName(String schema, String table) {
        public TableName {
            Sql.identifier(schema);
            Sql.identifier(table);
        }

        /** {@code "schema"."table"}. */
        public String quoted() {
            return Sql.identifier(schema) + "." + Sql.identifier(table);
        }

        @Override
        public String toString() {
            return schema + "." + table;
        }
    }

    static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$");
    static final Pattern TOPIC_ARN = Pattern.compile("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[\\w-]{1,256}(\\.fifo)?$");
    static final Pattern RESOURCE_NAME = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");
    static final Pattern DATABASE = Pattern.compile("^[a-z_][a-z0-9_$]{0,126}$");

    public LoaderSettings {
        mergeKeys = List.copyOf(mergeKeys);
        orderBy = List.copyOf(orderBy);
    }

    /** Settings from the process environment. */
    public static LoaderSettings fromEnvironment() {
        return fromMap(System.getenv());
    }

    /**
     * Settings from a map of variable name to value (the environment, or a test's map). The rules of the
     * loader's own settings are {@link LoaderContract}'s, the ones config validation applies to
     * {@code config/<env>.yaml}; values are taken as given (no trimming, exact lower-case choices), so that
     * the same values pass here and there.
     */
    public static LoaderSettings fromMap(Map<String, String> env) {
        Reader r = new Reader(env);

        String loaderName = r.required("LOADER_NAME");
        if (loaderName != null) {
            r.check("LOADER_NAME", LoaderContract.nameProblem(loaderName));
        }

        TableName target = null;
        String targetText = r.required("TARGET_TABLE");
        if (targetText != null && r.check("TARGET_TABLE", LoaderContract.tableProblem(targetText))) {
            String[] parts = targetText.split("\\.");
            target = new TableName(parts[0], parts[1]);
        }

        String sourceBucket = r.bucket("SOURCE_BUCKET");
        String sourcePrefix = r.requiredAllowEmpty("SOURCE_PREFIX");
        if (sourcePrefix != null) {
            if (sourcePrefix.startsWith("/")) {
                r.problem("SOURCE_PREFIX", "must not start with '/', got '" + sourcePrefix + "'");
            } else if (Sql.literalProblem(sourcePrefix) != null) {
                r.problem("SOURCE_PREFIX", Sql.literalProblem(sourcePrefix));
            }
        }
        String opsBucket = r.bucket("OPS_BUCKET");

        String formatText = r.choice("FORMAT_TYPE", LoaderContract.FORMATS);
        FileFormat format = formatText == null ? null : FileFormat.valueOf(formatText.toUpperCase(Locale.ROOT));
        boolean csvHeader = false;
        String delimiter = LoaderContract.DEFAULT_DELIMITER;
        if (format == FileFormat.CSV) {
            csvHeader = r.bool("CSV_HEADER");
            delimiter = r.delimiter("CSV_DELIMITER");
        }
        String compressionText = r.choice("COMPRESSION", LoaderContract.COMPRESSIONS);
        Compression compression = null;
        if (compressionText != null) {
            compression = Compression.valueOf(compressionText.toUpperCase(Locale.ROOT));
            if (formatText != null) {
                r.check("COMPRESSION", LoaderContract.compressionProblem(formatText, compressionText));
            }
        }

        String modeText = r.choice("MODE", LoaderContract.MODES);
        LoadMode mode = modeText == null ? null : LoadMode.valueOf(modeText.toUpperCase(Locale.ROOT));
        List<String> mergeKeys = r.columns("MERGE_KEYS");
        List<String> orderBy = r.columns("ORDER_BY");
        LoaderContract.keysProblems(modeText, mergeKeys).forEach(p -> r.problem("MERGE_KEYS", p));
        LoaderContract.orderByProblems(modeText, mergeKeys, orderBy).forEach(p -> r.problem("ORDER_BY", p));

        int maxErrors = (int) r.number("MAX_ERRORS", LoaderContract.MAX_ERRORS);
        if (formatText != null) {
            r.check("MAX_ERRORS", LoaderContract.maxErrorsProblem(formatText, maxErrors));
        }
        int maxFiles = (int) r.number("MAX_FILES_PER_RUN", LoaderContract.MAX_FILES_PER_RUN);
        long maxBytes = r.number("MAX_BYTES_PER_RUN", LoaderContract.MAX_BYTES_PER_RUN);

        String roleArn = r.required("COPY_ROLE_ARN");
        if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
            r.problem(
                    "COPY_ROLE_ARN",
                    "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got '" + roleArn + "'");
        }
        String database = r.required("DATABASE");
        if (database != null && !DATABASE.matcher(database).matches()) {
            r.problem("DATABASE", "must match " + DATABASE.pattern() + ", got '" + database + "'");
        }

        String cluster = blankToNull(env.get("CLUSTER_IDENTIFIER"));
        String workgroup = blankToNull(env.get("WORKGROUP_NAME"));
        if ((cluster == null) == (workgroup == null)) {
            r.problem(
                    "CLUSTER_IDENTIFIER/WORKGROUP_NAME",
                    "set exactly one: CLUSTER_IDENTIFIER for a provisioned cluster"
                            + " or WORKGROUP_NAME for Redshift Serverless (" + (cluster == null ? "neither" : "both")
                            + " set)");
        } else if (cluster != null && !RESOURCE_NAME.matcher(cluster).matches()) {
            r.problem("CLUSTER_IDENTIFIER", "must match " + RESOURCE_NAME.pattern() + ", got '" + cluster + "'");
        } else if (workgroup != null && !RESOURCE_NAME.matcher(workgroup).matches()) {
            r.problem("WORKGROUP_NAME", "must match " + RESOURCE_NAME.pattern() + ", got '" + workgroup + "'");
        }

        String pause = blankToNull(env.get("PAUSE_SCHEDULE"));
        String resume = blankToNull(env.get("RESUME_SCHEDULE"));
        if ((pause == null) != (resume == null)) {
            r.problem(
                    pause == null ? "PAUSE_SCHEDULE" : "RESUME_SCHEDULE",
                    "PAUSE_SCHEDULE and RESUME_SCHEDULE go together (set both or neither)");
        } else if (pause != null && cluster == null) {
            r.problem(
                    "PAUSE_SCHEDULE", "a pause schedule needs CLUSTER_IDENTIFIER: Redshift Serverless does not pause");
        } else if (pause != null) {
            r.check("PAUSE_SCHEDULE", CronSchedule.problem(pause));
            r.check("RESUME_SCHEDULE", CronSchedule.problem(resume));
        }

        String multiAz = blankToNull(env.get("MULTI_AZ"));
        if (multiAz != null && !multiAz.equals("true") && !multiAz.equals("false")) {
            r.problem("MULTI_AZ", "must be true or false, got '" + multiAz + "'");
        } else if ("true".equals(multiAz) && cluster == null) {
            r.problem("MULTI_AZ", "Multi-AZ needs CLUSTER_IDENTIFIER: it is a deployment of a provisioned cluster");
        }

        String topic = blankToNull(env.get("ALERT_TOPIC_ARN"));
        if (topic != null && !TOPIC_ARN.matcher(topic).matches()) {
            r.problem("ALERT_TOPIC_ARN", "must be an SNS topic ARN, got '" + topic + "'");
        }

        if (!r.problems.isEmpty()) {
            throw new InvalidSettingsException(r.problems);
        }
        return new LoaderSettings(
                loaderName,
                target,
                sourceBucket,
                sourcePrefix,
                opsBucket,
                format,
                csvHeader,
                delimiter,
                compression,
                mode,
                mergeKeys,
                orderBy,
                maxErrors,
                maxFiles,
                maxBytes,
                roleArn,
                database,
                cluster,
                workgroup,
                topic,
                pause,
                resume,
                "true".equals(multiAz));
    }

    /**
     * True where Redshift offers only the SYS monitoring views, not STL: Redshift Serverless, and a Multi-AZ
     * cluster ("Monitoring a query in a Multi-AZ deployment", monitoring-multi-az-query; the Multi-AZ limitations
     * of overview-multi-az). The load errors of a failed COPY are then read from SYS_LOAD_ERROR_DETAIL.
     */
    public boolean sysViewsOnly() {
        return clusterIdentifier == null || multiAz;
    }

    /** When the cluster is meant to be up: always, without pause and resume schedules. */
    public PauseSchedule schedule() {
        return PauseSchedule.of(pauseSchedule, resumeSchedule);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Thrown with every problem found, one per line, each starting with its variable. */
    public static final class InvalidSettingsException extends IllegalArgumentException {
        private final List<String> problems;

        InvalidSettingsException(List<String> problems) {
            super("invalid loader settings:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final class Reader {
        final Map<String, String> env;
        final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        void problem(String variable, String message) {
            problems.add(variable + ": " + message);
        }

        /** Records the contract's reason, if any; true when there was none. */
        boolean check(String variable, String reason) {
            if (reason != null) {
                problem(variable, reason);
            }
            return reason == null;
        }

        String required(String name) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                problem(name, "required but not set");
                return null;
            }
            return v;
        }

        String requiredAllowEmpty(String name) {
            String v = env.get(name);
            if (v == null) {
                problem(name, "required but not set (may be empty)");
                return null;
            }
            return v;
        }

        String bucket(String name) {
            String v = required(name);
            if (v != null && !BUCKET.matcher(v).matches()) {
                problem(name, "must be an S3 bucket name, got '" + v + "'");
                return null;
            }
            return v;
        }

        /** One of the contract's values, exactly as config/<env>.yaml writes it. */
        String choice(String name, List<String> allowed) {
            String v = env.get(name);
            if (v == null) {
                problem(name, "required but not set");
                return null;
            }
            return check(name, LoaderContract.choiceProblem(allowed, v)) ? v : null;
        }

        boolean bool(String name) {
            String v = required(name);
            if (v == null) {
                return false;
            }
            if (v.equals("true")) {
                return true;
            }
            if (!v.equals("false")) {
                problem(name, "must be true or false, got '" + v + "'");
            }
            return false;
        }

        String delimiter(String name) {
            String v = env.get(name);
            if (v == null) {
                problem(name, "required when FORMAT_TYPE is csv (one character, e.g. ',' or a tab)");
                return LoaderContract.DEFAULT_DELIMITER;
            }
            String delimiter = LoaderContract.delimiter(v);
            return check(name, LoaderContract.delimiterProblem(delimiter))
                    ? delimiter
                    : LoaderContract.DEFAULT_DELIMITER;
        }

        /** A comma-separated list of column names; empty when not set. */
        List<String> columns(String name) {
            String v = env.get(name);
            return v == null || v.isEmpty() ? List.of() : List.of(v.split(",", -1));
        }

        long number(String name, LoaderContract.Range range) {
            String v = required(name);
            if (v == null) {
                return range.min();
            }
            try {
                long n = Long.parseLong(v);
                return check(name, range.problem(n)) ? n : range.min();
            } catch (NumberFormatException e) {
                problem(name, "must be a whole number, got '" + v + "'");
                return range.min();
            }
        }
    }
}
