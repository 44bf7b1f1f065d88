package com.warehouseplatform.local.cli;

import java.util.List;

/**
 * One CSV line as RFC 4180 writes it: a field is quoted when it holds a comma, a double quote, a line
 * break or leading/trailing spaces, with quotes doubled. SQL NULL is an empty field, the empty string an
 * empty quoted one ({@code ""}), so the two stay apart.
 */
final class Csv {
    private Csv() {}

    static String line(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(fields.get(i)));
        }
        return b.toString();
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.isEmpty()
                || value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0
                || Character.isWhitespace(value.charAt(0))
                || Character.isWhitespace(value.charAt(value.length() - 1));
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
