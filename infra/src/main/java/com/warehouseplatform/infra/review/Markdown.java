package com.warehouseplatform.infra.review;

import java.util.List;

/** A Markdown document written top to bottom: headings, paragraphs, bullet lists and tables. */
final class Markdown {
    private final StringBuilder out = new StringBuilder();

    Markdown heading(int level, String text) {
        blankLine();
        out.append("#".repeat(level)).append(' ').append(text).append("\n\n");
        return this;
    }

    Markdown paragraph(String text) {
        blankLine();
        out.append(text).append("\n\n");
        return this;
    }

    Markdown bullet(String text) {
        out.append("- ").append(text).append('\n');
        return this;
    }

    Markdown table(List<String> headers, List<List<String>> rows) {
        blankLine();
        out.append(row(headers));
        out.append(row(headers.stream().map(h -> "---").toList()));
        rows.forEach(r -> out.append(row(r)));
        out.append('\n');
        return this;
    }

    /** {@code text} as inline code, safe inside a table cell. */
    static String code(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String fence = text.contains("`") ? "``" : "`";
        String padded = text.startsWith("`") || text.endsWith("`") ? " " + text + " " : text;
        return fence + padded + fence;
    }

    static String bold(String text) {
        return "**" + text + "**";
    }

    private static String row(List<String> cells) {
        StringBuilder line = new StringBuilder("|");
        for (String cell : cells) {
            line.append(' ').append(cell(cell)).append(" |");
        }
        return line.append('\n').toString();
    }

    private static String cell(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
    }

    private void blankLine() {
        int length = out.length();
        if (length > 0 && !(out.charAt(length - 1) == '\n' && length > 1 && out.charAt(length - 2) == '\n')) {
            out.append(out.charAt(length - 1) == '\n' ? "\n" : "\n\n");
        }
    }

    @Override
    public String toString() {
        return out.toString().stripTrailing() + "\n";
    }
}
