package com.warehouseplatform.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds the Data API's named parameters ({@code :name} in the SQL) to JDBC positional ones.
 * Placeholders inside string literals, quoted identifiers, comments and dollar-quoted bodies
 * are left alone, and so are casts ({@code ::type}).
 */
final class SqlParameters {

    /** The SQL with {@code ?} placeholders and the values in placeholder order. */
    record Bound(String sql, List<String> values) {}

    private SqlParameters() {}

    /**
     * Rewrites {@code sql}; throws IllegalArgumentException when a placeholder has no value.
     */
    static Bound bind(String sql, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return new Bound(sql, List.of());
        }
        StringBuilder out = new StringBuilder(sql.length());
        List<String> values = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = skipQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                out.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isNamePart(sql.charAt(end))) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                if (!parameters.containsKey(name)) {
                    throw new IllegalArgumentException("No value was given for parameter :" + name);
                }
                values.add(parameters.get(name));
                out.append('?');
                i = end;
            } else if (c == '?') {
                out.append("??");
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Bound(out.toString(), values);
    }

    /** The index just after the quote closing the one at {@code start} ('' and "" are escapes). */
    static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static String dollarTag(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && isNamePart(sql.charAt(i))) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$') {
            if (start > 0 && isNamePart(sql.charAt(start - 1))) {
                return null;
            }
            return sql.substring(start, i + 1);
        }
        return null;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
