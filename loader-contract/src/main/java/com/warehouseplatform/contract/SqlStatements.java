package com.warehouseplatform.contract;

import java.util.ArrayList;
import java.util.List;

/** Splits a migration file (a SQL script) into statements at semicolons outside quotes, quoted identifiers, comments and $$ bodies. */
public final class SqlStatements {
    private SqlStatements() {}

    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
                current.append('\n');
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("a /* comment is not closed");
                }
                i = end + 2;
                current.append(' ');
            } else if (c == '\'' || c == '"') {
                int end = closing(script, i, c);
                current.append(script, i, end + 1);
                i = end + 1;
            } else if (c == '$' && script.startsWith("$$", i)) {
                int end = script.indexOf("$$", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("a $$ body is not closed");
                }
                current.append(script, i, end + 2);
                i = end + 2;
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static int closing(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("a " + (quote == '\'' ? "string" : "quoted identifier") + " is not closed");
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
    }
}
