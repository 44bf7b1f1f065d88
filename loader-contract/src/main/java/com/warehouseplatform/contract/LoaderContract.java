package com.warehouseplatform.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The loader's settings contract: every rule a loader's settings obey, whether they come from
 * {@code config/<env>.yaml} (platform-config) or from the loader Lambda's environment variables
 * (lambda-functions). Each rule returns the reason a value breaks it, or null; the caller says where
 * (a config key or an environment variable), the reason text comes from here, so both sides accept and
 * refuse the same values with the same words.
 */
public final class LoaderContract {

    /** Loader names: part of resource names (function, alarms, schedule), so short and lower-case. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");

    /**
     * Standard Redshift identifiers, as the loader writes them: lower-case, 1 to 127 bytes
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html).
     */
    public static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,126}");

    public static final List<String> FORMATS = List.of("csv", "json", "parquet");
    public static final List<String> COMPRESSIONS = List.of("none", "gzip", "bzip2", "zstd");
    public static final List<String> MODES = List.of("append", "merge", "replace");

    public static final String DEFAULT_DELIMITER = ",";

    /**
     * The Redshift user group the bootstrap puts every loader's database user in, so that a WLM queue's
     * {@code user_group} can route the loaders (WLM matches user groups, user roles and query groups, never a
     * user name: cm-c-wlm-queue-assignment-rules). A standard identifier, not starting with two underscores,
     * which Redshift reserves for its own groups (r_CREATE_GROUP).
     */
    public static final String LOADERS_GROUP = "loaders";

    /** COPY MAXERROR: 0 to 100,000 (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html). */
    public static final Range MAX_ERRORS = new Range(0, 100_000, 0);
    /** Files one run loads at most (the loader's guarantee 6: up to 10,000 per batch). */
    public static final Range MAX_FILES_PER_RUN = new Range(1, 10_000, 1_000);
    /** Bytes one run loads at most; the platform sets the default, 10 GiB. */
    public static final Range MAX_BYTES_PER_RUN = new Range(1, Long.MAX_VALUE, 10L * 1024 * 1024 * 1024);

    /** Schemas of the platform and of the system: never a loader's target. */
    public static final Set<String> RESERVED_SCHEMAS = Set.of("ops", "information_schema");
    /** Names of the loader's temporary tables: a target must not shadow them. */
    public static final Set<String> RESERVED_TABLE_NAMES =
            Set.of("stage", "stage_merge", "batch_files", "batch_conflicts", "merge_repeats");
    /**
     * A few of Redshift's reserved words that users are likely to try
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html); Redshift rejects them all unquoted.
     */
    public static final Set<String> RESERVED_WORDS = Set.of(
            "all",
            "analyse",
            "analyze",
            "and",
            "any",
            "as",
            "asc",
            "authorization",
            "between",
            "both",
            "case",
            "cast",
            "check",
            "column",
            "constraint",
            "create",
            "current_date",
            "current_user",
            "default",
            "desc",
            "distinct",
            "do",
            "else",
            "end",
            "except",
            "false",
            "for",
            "foreign",
            "from",
            "grant",
            "group",
            "having",
            "in",
            "into",
            "is",
            "join",
            "leading",
            "limit",
            "new",
            "not",
            "null",
            "off",
            "offset",
            "old",
            "on",
            "only",
            "or",
            "order",
            "primary",
            "public",
            "references",
            "select",
            "session_user",
            "similar",
            "table",
            "then",
            "to",
            "true",
            "union",
            "unique",
            "user",
            "using",
            "when",
            "where",
            "with");

    /** A whole-number setting: its bounds and its default. */
    public record Range(long min, long max, long defaultValue) {
        /** Why {@code value} is out of range, or null. */
        public String problem(long value) {
            return value < min || value > max ? "must be between " + min + " and " + max + ", got " + value : null;
        }
    }

    private LoaderContract() {}

    public static String nameProblem(String name) {
        return NAME.matcher(name).matches()
                ? null
                : "\"" + name + "\" must be lower-case letters, digits and -, "
                        + "starting with a letter, at most 30 characters";
    }

    /** A schema, table or column name. Names ending in {@code __} are the loader's own stage columns. */
    public static String identifierProblem(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            return "\"" + printable(name)
                    + "\" is not a valid Redshift identifier (lower-case letters, digits, _ and $, "
                    + "starting with a letter or _, at most 127 characters)";
        }
        if (RESERVED_WORDS.contains(name)) {
            return "\"" + name + "\" is a reserved word in Redshift";
        }
        if (name.endsWith("__")) {
            return "\"" + name + "\" ends in __, which the loader reserves for its own columns";
        }
        return null;
    }

    /** The target, {@code schema.table}. */
    public static String tableProblem(String table) {
        String[] parts = table.split("\\.", -1);
        if (parts.length != 2) {
            return "\"" + printable(table) + "\" must be schema.table";
        }
        for (String part : parts) {
            String reason = identifierProblem(part);
            if (reason != null) {
                return reason;
            }
        }
        if (RESERVED_SCHEMAS.contains(parts[0]) || parts[0].startsWith("pg_")) {
            return "schema \"" + parts[0] + "\" is reserved for the platform and the system";
        }
        if (RESERVED_TABLE_NAMES.contains(parts[1])) {
            return "table name \"" + parts[1] + "\" is reserved for the loader's temporary tables";
        }
        return null;
    }

    /** One of {@code allowed}, exactly (lower-case). */
    public static String choiceProblem(List<String> allowed, String value) {
        return allowed.contains(value) ? null : "must be one of " + allowed + ", got \"" + printable(value) + "\"";
    }

    /**
     * The delimiter as written, with the two characters {@code \t} read as the tab (what a YAML single-quoted
     * {@code '\t'} or an environment variable set by hand holds); every other value as it is.
     */
    public static String delimiter(String written) {
        return "\\t".equals(written) ? "\t" : written;
    }

    /**
     * COPY's DELIMITER is a single ASCII character
     * (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html); the quote is the CSV
     * quote, a line break ends the record, and the loader writes the delimiter in a string literal, where
     * Redshift and PostgreSQL read a backslash differently. Tab is the one control character allowed.
     */
    public static String delimiterProblem(String delimiter) {
        boolean one = delimiter.length() == 1;
        char c = one ? delimiter.charAt(0) : 0;
        if (!one || c > 127 || c == '"' || c == '\\' || (Character.isISOControl(c) && c != '\t')) {
            return "must be one ASCII character other than a quote, a backslash or a line break, got \""
                    + printable(delimiter) + "\"";
        }
        return null;
    }

    /** Parquet files carry their own compression. */
    public static String compressionProblem(String format, String compression) {
        return "parquet".equals(format) && !"none".equals(compression)
                ? "parquet files carry their own compression; leave it none, got " + compression
                : null;
    }

    /**
     * COPY from columnar formats takes no MAXERROR
     * (https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-columnar.html).
     */
    public static String maxErrorsProblem(String format, long maxErrors) {
        return "parquet".equals(format) && maxErrors > 0
                ? "must be 0 for parquet: COPY from columnar formats does not support MAXERROR, got " + maxErrors
                : null;
    }

    /**
     * The merge keys: required with mode merge, refused otherwise; identifiers, no duplicates.
     * {@code mode} null (itself invalid) skips the rules that depend on it.
     */
    public static List<String> keysProblems(String mode, List<String> keys) {
        List<String> problems = new ArrayList<>();
        if ("merge".equals(mode) && keys.isEmpty()) {
            problems.add("required when mode is merge");
        } else if (mode != null && !"merge".equals(mode) && !keys.isEmpty()) {
            problems.add("only used when mode is merge, got mode " + mode);
        }
        problems.addAll(columnProblems(keys));
        return problems;
    }

    /**
     * The merge's order: among rows of one batch with the same keys, the greatest orderBy value wins.
     * Only with mode merge; identifiers, no duplicates, none of the keys (ordering by a key orders nothing).
     */
    public static List<String> orderByProblems(String mode, List<String> keys, List<String> orderBy) {
        List<String> problems = new ArrayList<>();
        if (mode != null && !orderBy.isEmpty() && !"merge".equals(mode)) {
            problems.add("only used when mode is merge, got mode " + mode);
        }
        problems.addAll(columnProblems(orderBy));
        for (String column : orderBy) {
            if (keys.contains(column)) {
                problems.add("\"" + column + "\" is one of keys: rows with the same keys have the same value in it");
            }
        }
        return problems;
    }

    private static List<String> columnProblems(List<String> columns) {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String column : columns) {
            String reason = identifierProblem(column);
            if (reason != null) {
                problems.add(reason);
            } else if (seen.contains(column)) {
                problems.add("\"" + column + "\" is listed twice");
            }
            seen.add(column);
        }
        return problems;
    }

    /** The value with control characters shown as \\uXXXX, for messages. */
    public static String printable(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
