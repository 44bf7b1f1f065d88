package com.warehouseplatform.config;

import com.warehouseplatform.contract.LoaderContract;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One scheduled loader: files under {@code source} in the raw bucket go into {@code table}. The rules of the
 * settings the loader Lambda reads too (name, table, format, mode, keys, orderBy, ranges) are
 * {@link LoaderContract}'s; this class adds the keys only the infrastructure reads (source, schedule, ...).
 */
public record LoaderConfig(
        String name,
        String table,
        String source,
        Format format,
        String schedule,
        String timezone,
        String mode,
        List<String> keys,
        List<String> orderBy,
        int maxErrors,
        int maxFilesPerRun,
        int freshnessHours,
        boolean tableManagedElsewhere) {

    public LoaderConfig {
        keys = List.copyOf(keys);
        orderBy = List.copyOf(orderBy);
    }

    /** A loader whose table the migrations of config/sql create. */
    public LoaderConfig(
            String name,
            String table,
            String source,
            Format format,
            String schedule,
            String timezone,
            String mode,
            List<String> keys,
            List<String> orderBy,
            int maxErrors,
            int maxFilesPerRun,
            int freshnessHours) {
        this(
                name,
                table,
                source,
                format,
                schedule,
                timezone,
                mode,
                keys,
                orderBy,
                maxErrors,
                maxFilesPerRun,
                freshnessHours,
                false);
    }

    /** How the files are written. */
    public record Format(String type, boolean header, String delimiter, String compression) {}

    // no * or ?: the prefix goes into IAM resource ARNs and s3:prefix conditions, where both are wildcards
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9!_.'()=/-]+/");
    private static final Pattern CRON = Pattern.compile("cron\\((\\S+ ){5}\\S+\\)");
    private static final Pattern RATE = Pattern.compile("rate\\(([1-9]\\d*) (minute|minutes|hour|hours|day|days)\\)");

    /**
     * The freshness alarm's threshold on UpSecondsSinceLastSuccess: {@code freshnessHours} of the time the
     * warehouse was meant to be up (the loader counts that time from the pause schedule).
     */
    public long freshnessThresholdSeconds() {
        return freshnessHours * 3600L;
    }

    public String schemaName() {
        return table.substring(0, table.indexOf('.'));
    }

    public String tableName() {
        return table.substring(table.indexOf('.') + 1);
    }

    /**
     * Reads one loader; with {@code tables} (the tables of config/sql, or null when not known) its table and its
     * keys and orderBy columns must be created by a migration, unless {@code tableManagedElsewhere: true}.
     */
    static LoaderConfig read(YamlObject o, MigratedTables tables) {
        String name = o.string("name", true);
        if (name != null && !o.check("name", LoaderContract.nameProblem(name))) {
            name = null;
        }
        String table = o.string("table", true);
        if (table != null && !o.check("table", LoaderContract.tableProblem(table))) {
            table = null;
        }
        String source = o.string("source", true);
        if (source != null && (source.contains("*") || source.contains("?"))) {
            o.problem(
                    "source",
                    "\"" + source + "\" must not contain * or ?: the prefix becomes part of IAM resources and "
                            + "conditions, where they are wildcards that would reach other loaders' files");
            source = null;
        } else if (source != null
                && (!PREFIX.matcher(source).matches() || source.startsWith("/") || source.contains("//"))) {
            o.problem(
                    "source",
                    "\"" + source + "\" must be a key prefix ending in / such as orders/ (letters, digits, !_.'()=-/)");
            source = null;
        }
        YamlObject formatObject = o.object("format", true);
        Format format = formatObject == null ? null : readFormat(formatObject);
        if (formatObject != null) {
            formatObject.rejectUnknownKeys();
        }
        String schedule = o.string("schedule", true);
        if (schedule != null) {
            String reason = scheduleProblem(schedule);
            if (reason != null) {
                o.problem("schedule", reason);
                schedule = null;
            }
        }
        String timezone = o.string("timezone", "UTC");
        if (timezone != null) {
            try {
                ZoneId.of(timezone);
            } catch (DateTimeException e) {
                o.problem("timezone", "\"" + timezone + "\" is not an IANA time zone such as Europe/Berlin");
                timezone = null;
            }
        }
        String mode = o.string("mode", "append");
        if (mode != null && !o.check("mode", LoaderContract.choiceProblem(LoaderContract.MODES, mode))) {
            mode = null;
        }
        List<String> keys = o.strings("keys", false);
        List<String> orderBy = o.strings("orderBy", false);
        int problemsBefore = o.problemCount();
        LoaderContract.keysProblems(mode, keys).forEach(reason -> o.problem("keys", reason));
        LoaderContract.orderByProblems(mode, keys, orderBy).forEach(reason -> o.problem("orderBy", reason));
        boolean columnsValid = o.problemCount() == problemsBefore;
        Integer maxErrors = o.integer("maxErrors", LoaderContract.MAX_ERRORS);
        if (maxErrors != null
                && format != null
                && !o.check("maxErrors", LoaderContract.maxErrorsProblem(format.type(), maxErrors))) {
            maxErrors = null;
        }
        Integer maxFiles = o.integer("maxFilesPerRun", LoaderContract.MAX_FILES_PER_RUN);
        Integer freshness = o.integer("freshnessHours", 24, 1, 24 * 14);
        Boolean managedElsewhere = o.bool("tableManagedElsewhere", false);
        if (tables != null && table != null && Boolean.FALSE.equals(managedElsewhere)) {
            checkTable(o, tables, table, columnsValid ? keys : List.of(), columnsValid ? orderBy : List.of());
        }
        if (name == null
                || table == null
                || source == null
                || format == null
                || schedule == null
                || timezone == null
                || mode == null
                || !columnsValid
                || maxErrors == null
                || maxFiles == null
                || freshness == null
                || managedElsewhere == null) {
            return null;
        }
        return new LoaderConfig(
                name,
                table,
                source,
                format,
                schedule,
                timezone,
                mode,
                keys,
                orderBy,
                maxErrors,
                maxFiles,
                freshness,
                managedElsewhere);
    }

    /** What deploy would meet: the migrations create the table, and the keys and orderBy are its columns. */
    private static void checkTable(
            YamlObject o, MigratedTables tables, String table, List<String> keys, List<String> orderBy) {
        MigratedTables.Table created = tables.table(table);
        if (created == null) {
            o.problem(
                    "table",
                    table + " is created by no migration in " + tables.folder() + " (" + tables.describe()
                            + "): add a migration that creates it, or set tableManagedElsewhere: true if it is created outside "
                            + "the platform");
            return;
        }
        if (created.columns() != null) {
            checkColumns(o, "keys", keys, created);
            checkColumns(o, "orderBy", orderBy, created);
        }
    }

    private static void checkColumns(YamlObject o, String key, List<String> columns, MigratedTables.Table table) {
        for (int i = 0; i < columns.size(); i++) {
            if (!table.columns().contains(columns.get(i))) {
                o.problem(
                        key + "[" + i + "]",
                        "column " + columns.get(i) + " is not a column of " + table.name() + " (created by "
                                + table.createdBy() + ")");
            }
        }
    }

    private static Format readFormat(YamlObject o) {
        String type = o.string("type", true);
        if (type != null && !o.check("type", LoaderContract.choiceProblem(LoaderContract.FORMATS, type))) {
            type = null;
        }
        boolean csv = "csv".equals(type);
        Boolean header = o.bool("header", false);
        String delimiter = o.string("delimiter", LoaderContract.DEFAULT_DELIMITER);
        delimiter = delimiter == null ? null : LoaderContract.delimiter(delimiter);
        if (delimiter != null && !o.check("delimiter", LoaderContract.delimiterProblem(delimiter))) {
            delimiter = null;
        }
        if (type != null && !csv && (o.has("header") || o.has("delimiter"))) {
            o.problem(o.has("header") ? "header" : "delimiter", "only used when type is csv, got type " + type);
        }
        String compression = o.string("compression", "none");
        if (compression != null
                && !o.check("compression", LoaderContract.choiceProblem(LoaderContract.COMPRESSIONS, compression))) {
            compression = null;
        } else if (type != null
                && compression != null
                && !o.check("compression", LoaderContract.compressionProblem(type, compression))) {
            compression = null;
        }
        if (type == null || header == null || delimiter == null || compression == null) {
            return null;
        }
        return new Format(type, header, delimiter, compression);
    }

    /** EventBridge Scheduler: cron(min hour day-of-month month day-of-week year) with one ? or rate(n unit). */
    static String scheduleProblem(String schedule) {
        if (schedule.startsWith("rate(")) {
            var m = RATE.matcher(schedule);
            if (!m.matches()) {
                return "\"" + schedule + "\" is not a rate such as rate(15 minutes)";
            }
            boolean one = m.group(1).equals("1");
            if (one == m.group(2).endsWith("s")) {
                return "\"" + schedule + "\": write rate(1 " + m.group(2).replaceAll("s$", "") + ") or rate(n "
                        + (m.group(2).endsWith("s") ? m.group(2) : m.group(2) + "s") + ")";
            }
            return null;
        }
        if (!CRON.matcher(schedule).matches()) {
            return "\"" + schedule
                    + "\" is not cron(minutes hours day-of-month month day-of-week year) or rate(n unit)";
        }
        String[] fields = schedule.substring(5, schedule.length() - 1).split(" ");
        boolean dayOfMonthAny = fields[2].equals("?");
        boolean dayOfWeekAny = fields[4].equals("?");
        if (dayOfMonthAny == dayOfWeekAny) {
            return "\"" + schedule + "\": exactly one of day-of-month and day-of-week must be ?";
        }
        String[][] ranges = {
            {"minutes", "0", "59"},
            {"hours", "0", "23"},
            {"day-of-month", "1", "31"},
            {"month", "1", "12"},
            {"day-of-week", "1", "7"},
            {"year", "1970", "2199"}
        };
        for (int i = 0; i < 6; i++) {
            String reason =
                    cronFieldProblem(fields[i], Integer.parseInt(ranges[i][1]), Integer.parseInt(ranges[i][2]), i);
            if (reason != null) {
                return "\"" + schedule + "\": " + ranges[i][0] + " field \"" + fields[i] + "\" " + reason;
            }
        }
        return null;
    }

    private static String cronFieldProblem(String field, int min, int max, int index) {
        if (field.equals("*") || (field.equals("?") && (index == 2 || index == 4))) {
            return null;
        }
        for (String part : field.split(",")) {
            String range = part;
            if (part.contains("/")) {
                String[] stepped = part.split("/", -1);
                if (stepped.length != 2 || !stepped[1].matches("[1-9]\\d*")) {
                    return "has a bad step";
                }
                range = stepped[0];
                if (range.equals("*")) {
                    continue;
                }
            }
            if (index == 3 || index == 4) {
                range = range.toUpperCase()
                        .replaceAll("JAN", "1")
                        .replaceAll("FEB", "2")
                        .replaceAll("MAR", "3")
                        .replaceAll("APR", "4")
                        .replaceAll("MAY", "5")
                        .replaceAll("JUN", "6")
                        .replaceAll("JUL", "7")
                        .replaceAll("AUG", "8")
                        .replaceAll("SEP", "9")
                        .replaceAll("OCT", "10")
                        .replaceAll("NOV", "11")
                        .replaceAll("DEC", "12")
                        .replaceAll("SUN", "1")
                        .replaceAll("MON", "2")
                        .replaceAll("TUE", "3")
                        .replaceAll("WED", "4")
                        .replaceAll("THU", "5")
                        .replaceAll("FRI", "6")
                        .replaceAll("SAT", "7");
            }
            if ((index == 2 && (range.equals("L") || range.matches("\\d{1,2}W")))
                    || (index == 4 && (range.matches("\\dL") || range.matches("\\d#[1-5]") || range.equals("L")))) {
                continue;
            }
            for (String bound : range.split("-", -1)) {
                if (!bound.matches("\\d{1,4}") || Integer.parseInt(bound) < min || Integer.parseInt(bound) > max) {
                    return "must hold values from " + min + " to " + max;
                }
            }
        }
        return null;
    }
}
