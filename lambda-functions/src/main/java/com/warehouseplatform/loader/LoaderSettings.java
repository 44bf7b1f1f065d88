package com.warehouseplatform.loader;

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
 * required when FORMAT_TYPE is csv, MERGE_KEYS when MODE is merge. ALERT_TOPIC_ARN is optional.
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
        String alertTopicArn) {

    public enum FileFormat { CSV, JSON, PARQUET }

    public enum Compression { NONE, GZIP, BZIP2, ZSTD }

    public enum LoadMode { APPEND, MERGE, REPLACE }

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

    static final Pattern LOADER_NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");
    static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$");
    static final Pattern TOPIC_ARN = Pattern.compile("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[\\w-]{1,256}(\\.fifo)?$");
    static final Pattern RESOURCE_NAME = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");
    static final Pattern DATABASE = Pattern.compile("^[a-z_][a-z0-9_$]{0,126}$");
    /** Redshift's MAXERROR ceiling. */
    static final int MAX_MAXERROR = 100_000;

    public LoaderSettings {
        mergeKeys = List.copyOf(mergeKeys);
        orderBy = List.copyOf(orderBy);
    }

    /** Settings from the process environment. */
    public static LoaderSettings fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** Settings from a map of variable name to value (the environment, or a test's map). */
    public static LoaderSettings fromMap(Map<String, String> env) {
        Reader r = new Reader(env);

        String loaderName = r.required("LOADER_NAME");
        if (loaderName != null && !LOADER_NAME.matcher(loaderName).matches()) {
            r.problem("LOADER_NAME", "must match " + LOADER_NAME.pattern() + ", got '" + loaderName + "'");
        }

        TableName target = null;
        String targetText = r.required("TARGET_TABLE");
        if (targetText != null) {
            String[] parts = targetText.split("\\.", -1);
            if (parts.length != 2 || !Sql.isIdentifier(parts[0]) || !Sql.isIdentifier(parts[1])) {
                r.problem("TARGET_TABLE", "must be schema.table with both parts matching "
                        + Sql.IDENTIFIER.pattern() + ", got '" + targetText + "'");
            } else if (Sql.RESERVED_TABLE_NAMES.contains(parts[1]) || parts[1].endsWith("__")) {
                r.problem("TARGET_TABLE", "table name '" + parts[1] + "' is reserved for the loader's temporary tables");
            } else {
                target = new TableName(parts[0], parts[1]);
            }
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

        FileFormat format = r.choice("FORMAT_TYPE", FileFormat.class);
        boolean csvHeader = false;
        String delimiter = ",";
        if (format == FileFormat.CSV) {
            csvHeader = r.bool("CSV_HEADER");
            delimiter = r.delimiter("CSV_DELIMITER");
        }
        Compression compression = r.choice("COMPRESSION", Compression.class);
        if (format == FileFormat.PARQUET && compression != null && compression != Compression.NONE) {
            r.problem("COMPRESSION", "must be none when FORMAT_TYPE is parquet (Parquet compresses internally)");
        }

        LoadMode mode = r.choice("MODE", LoadMode.class);
        List<String> mergeKeys = List.of();
        String keysText = env.get("MERGE_KEYS");
        boolean keysGiven = keysText != null && !keysText.isBlank();
        if (mode == LoadMode.MERGE) {
            if (!keysGiven) {
                r.problem("MERGE_KEYS", "required when MODE is merge (comma-separated column names)");
            } else {
                List<String> keys = new ArrayList<>();
                for (String key : keysText.split(",", -1)) {
                    String k = key.trim();
                    if (!Sql.isIdentifier(k) || k.endsWith("__")) {
                        r.problem("MERGE_KEYS", "'" + k + "' is not a column name matching " + Sql.IDENTIFIER.pattern());
                    } else if (keys.contains(k)) {
                        r.problem("MERGE_KEYS", "'" + k + "' is listed twice");
                    } else {
                        keys.add(k);
                    }
                }
                mergeKeys = keys;
            }
        } else if (mode != null && keysGiven) {
            r.problem("MERGE_KEYS", "only allowed when MODE is merge, MODE is " + mode.name().toLowerCase(Locale.ROOT));
        }

        List<String> orderBy = List.of();
        String orderText = env.get("ORDER_BY");
        if (orderText != null && !orderText.isBlank()) {
            List<String> columns = new ArrayList<>();
            for (String column : orderText.split(",", -1)) {
                String c = column.trim();
                if (!Sql.isIdentifier(c) || c.endsWith("__")) {
                    r.problem("ORDER_BY", "'" + c + "' is not a column name matching " + Sql.IDENTIFIER.pattern());
                } else {
                    columns.add(c);
                }
            }
            orderBy = columns;
        }
        int maxErrors = (int) r.number("MAX_ERRORS", 0, MAX_MAXERROR);
        int maxFiles = (int) r.number("MAX_FILES_PER_RUN", 1, 100_000);
        long maxBytes = r.number("MAX_BYTES_PER_RUN", 1, Long.MAX_VALUE);

        String roleArn = r.required("COPY_ROLE_ARN");
        if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
            r.problem("COPY_ROLE_ARN", "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got '" + roleArn + "'");
        }
        String database = r.required("DATABASE");
        if (database != null && !DATABASE.matcher(database).matches()) {
            r.problem("DATABASE", "must match " + DATABASE.pattern() + ", got '" + database + "'");
        }

        String cluster = blankToNull(env.get("CLUSTER_IDENTIFIER"));
        String workgroup = blankToNull(env.get("WORKGROUP_NAME"));
        if ((cluster == null) == (workgroup == null)) {
            r.problem("CLUSTER_IDENTIFIER/WORKGROUP_NAME", "set exactly one: CLUSTER_IDENTIFIER for a provisioned cluster"
                    + " or WORKGROUP_NAME for Redshift Serverless (" + (cluster == null ? "neither" : "both") + " set)");
        } else if (cluster != null && !RESOURCE_NAME.matcher(cluster).matches()) {
            r.problem("CLUSTER_IDENTIFIER", "must match " + RESOURCE_NAME.pattern() + ", got '" + cluster + "'");
        } else if (workgroup != null && !RESOURCE_NAME.matcher(workgroup).matches()) {
            r.problem("WORKGROUP_NAME", "must match " + RESOURCE_NAME.pattern() + ", got '" + workgroup + "'");
        }

        String topic = blankToNull(env.get("ALERT_TOPIC_ARN"));
        if (topic != null && !TOPIC_ARN.matcher(topic).matches()) {
            r.problem("ALERT_TOPIC_ARN", "must be an SNS topic ARN, got '" + topic + "'");
        }

        if (!r.problems.isEmpty()) {
            throw new InvalidSettingsException(r.problems);
        }
        return new LoaderSettings(loaderName, target, sourceBucket, sourcePrefix, opsBucket, format, csvHeader,
                delimiter, compression, mode, mergeKeys, orderBy, maxErrors, maxFiles, maxBytes, roleArn, database,
                cluster, workgroup, topic);
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

        String required(String name) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                problem(name, "required but not set");
                return null;
            }
            return v.trim();
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

        <E extends Enum<E>> E choice(String name, Class<E> type) {
            String v = required(name);
            if (v == null) {
                return null;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v)) {
                    return e;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add(e.name().toLowerCase(Locale.ROOT));
            }
            problem(name, "must be one of " + String.join("|", allowed) + ", got '" + v + "'");
            return null;
        }

        boolean bool(String name) {
            String v = required(name);
            if (v == null) {
                return false;
            }
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (!v.equalsIgnoreCase("false")) {
                problem(name, "must be true or false, got '" + v + "'");
            }
            return false;
        }

        String delimiter(String name) {
            String v = env.get(name);
            if (v == null || v.isEmpty()) {
                problem(name, "required when FORMAT_TYPE is csv (one character, e.g. ',' or '\\t')");
                return ",";
            }
            if (v.equals("\\t")) {
                v = "\t";
            }
            if (v.length() != 1 || v.equals("\"") || v.equals("\n") || v.equals("\r") || v.equals("\\")
                    || (Character.isISOControl(v.charAt(0)) && !v.equals("\t"))) {
                problem(name, "must be a single character other than a quote, backslash or line break, got '"
                        + Sql.printable(v) + "'");
                return ",";
            }
            return v;
        }

        long number(String name, long min, long max) {
            String v = required(name);
            if (v == null) {
                return min;
            }
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    problem(name, "must be between " + min + " and " + max + ", got " + n);
                    return min;
                }
                return n;
            } catch (NumberFormatException e) {
                problem(name, "must be a whole number, got '" + v + "'");
                return min;
            }
        }
    }
}
