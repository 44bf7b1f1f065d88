package com.warehouseplatform.loader;

import com.warehouseplatform.contract.LoaderContract;
import java.util.regex.Pattern;

/**
 * The only place that turns values into SQL text. Identifiers come from validated settings and
 * are always double-quoted; everything else (S3 keys, ETags, ARNs, names) goes into a string
 * literal with {@code '} doubled. Values that the two dialects read differently (backslash,
 * control characters) are refused, never escaped in a dialect-specific way.
 */
public final class Sql {

    /** Unquoted-identifier form accepted for schemas, tables and merge keys. */
    public static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_$]*$");

    private Sql() {}

    /** True if {@code name} matches {@link #IDENTIFIER} and fits Redshift's 127-byte limit. */
    public static boolean isIdentifier(String name) {
        return name != null && name.length() <= 127 && IDENTIFIER.matcher(name).matches();
    }

    /** A validated identifier, double-quoted. */
    public static String identifier(String name) {
        if (!isIdentifier(name)) {
            throw new IllegalArgumentException(
                    "not a valid identifier (expected " + IDENTIFIER.pattern() + "): " + name);
        }
        return '"' + name + '"';
    }

    /**
     * A column name read from the warehouse catalog, double-quoted with embedded quotes doubled.
     * Names ending in {@code __} are reserved for the loader's own stage columns.
     */
    public static String column(String name) {
        if (name == null || name.isEmpty() || hasControlCharacter(name)) {
            throw new IllegalArgumentException("unusable column name: " + name);
        }
        if (name.endsWith("__")) {
            throw new IllegalArgumentException("column names ending in __ are reserved for the loader: " + name);
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal: {@code '} doubled; backslashes and control characters are refused. */
    public static String literal(String value) {
        String problem = literalProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": " + printable(value));
        }
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * Why {@code value} cannot be written as a portable SQL string literal, or null if it can.
     * Redshift reads a backslash inside a literal as an escape, PostgreSQL 15 does not.
     */
    public static String literalProblem(String value) {
        if (value == null) {
            return "null value";
        }
        if (hasControlCharacter(value)) {
            return "contains control characters";
        }
        if (value.indexOf('\\') >= 0) {
            return "contains a backslash, which Redshift and PostgreSQL read differently in a string literal";
        }
        return null;
    }

    public static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /** The value with control characters shown as \\uXXXX, for messages. */
    public static String printable(String value) {
        return value == null ? "null" : LoaderContract.printable(value);
    }
}
