package com.warehouseplatform.contract;

import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * An AWS cron expression, {@code cron(minutes hours day-of-month month day-of-week year)}, as Redshift
 * scheduled actions and EventBridge take it, evaluated at minute resolution in UTC (Redshift runs its
 * scheduled actions in UTC, so daylight saving never applies). Syntax from the EventBridge "Cron expressions
 * reference" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html): {@code , - * /}
 * in every field but day-of-week (no {@code /} there), {@code ?} in day-of-month or day-of-week, month names
 * JAN-DEC, day names SUN-SAT (1 = SUN ... 7 = SAT). The {@code L}, {@code W} and {@code #} wildcards are not
 * implemented: {@link #problem} refuses them, so configuration never holds a schedule this class would
 * misread. No dependencies: config validation and the loader share it.
 */
public final class CronSchedule {

    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private enum Field {
        MINUTES("minutes", 0, 59, List.of(), true),
        HOURS("hours", 0, 23, List.of(), true),
        DAY_OF_MONTH("day-of-month", 1, 31, List.of(), true),
        MONTH("month", 1, 12, MONTHS, true),
        DAY_OF_WEEK("day-of-week", 1, 7, DAYS, false),
        YEAR("year", 1970, 2199, List.of(), true);

        final String label;
        final int min;
        final int max;
        final List<String> names;
        final boolean steps;

        Field(String label, int min, int max, List<String> names, boolean steps) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
            this.steps = steps;
        }
    }

    private final String expression;
    private final BitSet[] allowed = new BitSet[6];
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(String expression, String[] fields) {
        this.expression = expression;
        Field[] all = Field.values();
        for (int i = 0; i < all.length; i++) {
            allowed[i] = parseField(all[i], fields[i]);
        }
        this.anyDayOfMonth = fields[2].equals("?");
        this.anyDayOfWeek = fields[4].equals("?");
        if (anyDayOfMonth == anyDayOfWeek) {
            throw new IllegalArgumentException(
                    "exactly one of day-of-month and day-of-week must be '?' (the other names the days)");
        }
    }

    /** Parses {@code cron(...)}; throws IllegalArgumentException with the reason. */
    public static CronSchedule parse(String expression) {
        if (expression == null || !expression.startsWith("cron(") || !expression.endsWith(")")) {
            throw new IllegalArgumentException("must be cron(minutes hours day-of-month month day-of-week year)");
        }
        String[] fields =
                expression.substring(5, expression.length() - 1).trim().split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException(
                    "cron(...) takes 6 fields (minutes hours day-of-month month day-of-week year), got "
                            + fields.length);
        }
        return new CronSchedule(expression, fields);
    }

    /** Why {@code expression} cannot be evaluated, or null when it can. */
    public static String problem(String expression) {
        try {
            parse(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return "\"" + expression + "\": " + e.getMessage();
        }
    }

    /** True when the schedule fires at the minute of {@code utc} (seconds ignored). */
    public boolean firesAt(LocalDateTime utc) {
        int dayOfWeek = utc.getDayOfWeek().getValue() % 7 + 1; // java: MON=1..SUN=7; cron: SUN=1..SAT=7
        return allowed[0].get(utc.getMinute())
                && allowed[1].get(utc.getHour())
                && allowed[3].get(utc.getMonthValue())
                && allowed[5].get(utc.getYear())
                && (anyDayOfMonth || allowed[2].get(utc.getDayOfMonth()))
                && (anyDayOfWeek || allowed[4].get(dayOfWeek));
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    private static BitSet parseField(Field f, String text) {
        BitSet bits = new BitSet(f.max + 1);
        if (text.equals("?")) {
            if (f != Field.DAY_OF_MONTH && f != Field.DAY_OF_WEEK) {
                throw new IllegalArgumentException(
                        "'?' is allowed in day-of-month and day-of-week only, not in " + f.label);
            }
            bits.set(f.min, f.max + 1);
            return bits;
        }
        String withoutNames = text.toUpperCase(Locale.ROOT);
        for (String name : f.names) {
            withoutNames = withoutNames.replace(name, "");
        }
        for (char c : new char[] {'L', 'W', '#'}) {
            if (withoutNames.indexOf(c) >= 0) {
                throw new IllegalArgumentException(f.label + " '" + text + "': the '" + c
                        + "' wildcard is not supported here (the loader evaluates the schedule itself);"
                        + " write the days as values, lists or ranges");
            }
        }
        for (String item : text.split(",", -1)) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                if (!f.steps) {
                    throw new IllegalArgumentException(f.label + " '" + text + "': '/' is not allowed in " + f.label);
                }
                range = item.substring(0, slash);
                step = number(f, item.substring(slash + 1), text);
                if (step < 1) {
                    throw new IllegalArgumentException(f.label + " '" + text + "': the step must be at least 1");
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = f.min;
                to = f.max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw new IllegalArgumentException(f.label + " '" + text + "': a range is first-last");
                }
                from = value(f, ends[0], text);
                to = value(f, ends[1], text);
                if (from > to) {
                    throw new IllegalArgumentException(f.label + " '" + text + "': a range must not wrap around ("
                            + ends[0] + " comes after " + ends[1] + "); write two ranges in a list");
                }
            } else {
                from = value(f, range, text);
                to = slash >= 0 ? f.max : from; // "5/15": from 5 on, every 15
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int value(Field f, String token, String text) {
        int named = f.names.indexOf(token.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return f.min + named;
        }
        int n = number(f, token, text);
        if (n < f.min || n > f.max) {
            throw new IllegalArgumentException(
                    f.label + " '" + text + "': " + n + " is outside " + f.min + "-" + f.max);
        }
        return n;
    }

    private static int number(Field f, String token, String text) {
        if (token.isEmpty() || !token.chars().allMatch(Character::isDigit) || token.length() > 4) {
            throw new IllegalArgumentException(f.label + " '" + text + "': '" + token + "' is not "
                    + (f.names.isEmpty() ? "a number" : "a number or a name (" + f.names.get(0) + "...)"));
        }
        return Integer.parseInt(token);
    }
}
