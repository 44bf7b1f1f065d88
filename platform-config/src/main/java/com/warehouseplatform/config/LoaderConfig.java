package com.warehouseplatform.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/** One scheduled loader: files under {@code source} in the raw bucket go into {@code table}. */
public record LoaderConfig(String name, String table, String source, Format format, String schedule,
                           String timezone, String mode, List<String> keys, int maxErrors, int maxFilesPerRun,
                           int freshnessHours) {

    /** How the files are written. */
    public record Format(String type, boolean header, String delimiter, String compression) {
    }

    static final List<String> TYPES = List.of("csv", "json", "parquet");
    static final List<String> COMPRESSIONS = List.of("none", "gzip", "bzip2", "zstd");
    static final List<String> MODES = List.of("append", "merge", "replace");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()=/-]+/");
    private static final Pattern CRON = Pattern.compile("cron\\((\\S+ ){5}\\S+\\)");
    private static final Pattern RATE = Pattern.compile("rate\\(([1-9]\\d*) (minute|minutes|hour|hours|day|days)\\)");

    public String schemaName() {
        return table.substring(0, table.indexOf('.'));
    }

    public String tableName() {
        return table.substring(table.indexOf('.') + 1);
    }

    static LoaderConfig read(YamlObject o) {
        String name = o.string("name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            o.problem("name", "\"" + name + "\" must be lower-case letters, digits and -, starting with a letter, at most 30 characters");
            name = null;
        }
        String table = o.string("table", true);
        if (table != null) {
            String reason = tableProblem(table);
            if (reason != null) {
                o.problem("table", reason);
                table = null;
            }
        }
        String source = o.string("source", true);
        if (source != null && (!PREFIX.matcher(source).matches() || source.startsWith("/") || source.contains("//"))) {
            o.problem("source", "\"" + source + "\" must be a key prefix ending in / such as orders/ (letters, digits, !_.*'()=-/)");
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
        if (mode != null && !MODES.contains(mode)) {
            o.problem("mode", "must be one of " + MODES + ", got \"" + mode + "\"");
            mode = null;
        }
        List<String> keys = o.strings("keys", false);
        for (String key : keys) {
            String reason = RedshiftNames.problem(key);
            if (reason != null) {
                o.problem("keys", reason);
            }
        }
        if ("merge".equals(mode) && keys.isEmpty()) {
            o.problem("keys", "required when mode is merge");
        } else if (mode != null && !"merge".equals(mode) && !keys.isEmpty()) {
            o.problem("keys", "only used when mode is merge, got mode " + mode);
        }
        Integer maxErrors = o.integer("maxErrors", 0, 0, 100000);
        Integer maxFiles = o.integer("maxFilesPerRun", 1000, 1, 10000);
        Integer freshness = o.integer("freshnessHours", 24, 1, 24 * 14);
        if (name == null || table == null || source == null || format == null || schedule == null
                || timezone == null || mode == null || maxErrors == null || maxFiles == null || freshness == null) {
            return null;
        }
        return new LoaderConfig(name, table, source, format, schedule, timezone, mode, keys, maxErrors, maxFiles,
                freshness);
    }

    private static Format readFormat(YamlObject o) {
        String type = o.string("type", true);
        if (type != null && !TYPES.contains(type)) {
            o.problem("type", "must be one of " + TYPES + ", got \"" + type + "\"");
            type = null;
        }
        boolean csv = "csv".equals(type);
        Boolean header = o.bool("header", false);
        String delimiter = o.string("delimiter", ",");
        if (delimiter != null && (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\n"))) {
            o.problem("delimiter", "must be one character other than a quote or a newline, got \"" + delimiter + "\"");
            delimiter = null;
        }
        if (type != null && !csv && (o.has("header") || o.has("delimiter"))) {
            o.problem(o.has("header") ? "header" : "delimiter", "only used when type is csv, got type " + type);
        }
        String compression = o.string("compression", "none");
        if (compression != null && !COMPRESSIONS.contains(compression)) {
            o.problem("compression", "must be one of " + COMPRESSIONS + ", got \"" + compression + "\"");
            compression = null;
        } else if ("parquet".equals(type) && compression != null && !"none".equals(compression)) {
            o.problem("compression", "parquet files carry their own compression; leave it none, got " + compression);
            compression = null;
        }
        if (type == null || header == null || delimiter == null || compression == null) {
            return null;
        }
        return new Format(type, header, delimiter, compression);
    }

    private static String tableProblem(String table) {
        String[] parts = table.split("\\.", -1);
        if (parts.length != 2) {
            return "\"" + table + "\" must be schema.table";
        }
        for (String part : parts) {
            String reason = RedshiftNames.problem(part);
            if (reason != null) {
                return reason;
            }
        }
        if (parts[0].equals("ops") || parts[0].startsWith("pg_") || parts[0].equals("information_schema")) {
            return "schema \"" + parts[0] + "\" is reserved for the platform and the system";
        }
        return null;
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
            return "\"" + schedule + "\" is not cron(minutes hours day-of-month month day-of-week year) or rate(n unit)";
        }
        String[] fields = schedule.substring(5, schedule.length() - 1).split(" ");
        boolean dayOfMonthAny = fields[2].equals("?");
        boolean dayOfWeekAny = fields[4].equals("?");
        if (dayOfMonthAny == dayOfWeekAny) {
            return "\"" + schedule + "\": exactly one of day-of-month and day-of-week must be ?";
        }
        String[][] ranges = {{"minutes", "0", "59"}, {"hours", "0", "23"}, {"day-of-month", "1", "31"},
                {"month", "1", "12"}, {"day-of-week", "1", "7"}, {"year", "1970", "2199"}};
        for (int i = 0; i < 6; i++) {
            String reason = cronFieldProblem(fields[i], Integer.parseInt(ranges[i][1]), Integer.parseInt(ranges[i][2]), i);
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
                        .replaceAll("JAN", "1").replaceAll("FEB", "2").replaceAll("MAR", "3").replaceAll("APR", "4")
                        .replaceAll("MAY", "5").replaceAll("JUN", "6").replaceAll("JUL", "7").replaceAll("AUG", "8")
                        .replaceAll("SEP", "9").replaceAll("OCT", "10").replaceAll("NOV", "11").replaceAll("DEC", "12")
                        .replaceAll("SUN", "1").replaceAll("MON", "2").replaceAll("TUE", "3").replaceAll("WED", "4")
                        .replaceAll("THU", "5").replaceAll("FRI", "6").replaceAll("SAT", "7");
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
