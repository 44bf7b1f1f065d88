package com.warehouseplatform.infra.review;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A Markdown document written top to bottom: headings, paragraphs, bullet lists and tables. The fitted ones
 * ({@link #fittedBullet}, {@link #subBullet}, {@link #fittedTable}) keep every line within {@link #MAX_LINE}
 * characters so that it reads in a pull-request comment: bullets wrap, and a table row that would be longer moves
 * its longest cells into numbered notes under the table.
 */
final class Markdown {
    static final int MAX_LINE = 200;
    private final StringBuilder out = new StringBuilder();
    private int notes;

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

    /** A bullet wrapped into lines of at most MAX_LINE characters. */
    Markdown fittedBullet(String text) {
        out.append(wrap(text, "- ", "  ")).append('\n');
        return this;
    }

    /** A bullet under the previous bullet. */
    Markdown subBullet(String text) {
        out.append(wrap(text, "  - ", "    ")).append('\n');
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

    /** A table whose rows fit in MAX_LINE characters: the longest cells of a longer row become notes under it. */
    Markdown fittedTable(List<String> headers, List<List<String>> rows) {
        blankLine();
        out.append(row(headers));
        out.append(row(headers.stream().map(h -> "---").toList()));
        List<String> notesOfTable = new ArrayList<>();
        rows.forEach(r -> out.append(row(fitted(headers, r, notesOfTable))));
        if (!notesOfTable.isEmpty()) {
            out.append('\n');
            notesOfTable.forEach(this::fittedBullet);
        }
        out.append('\n');
        return this;
    }

    /** The cells of a row, its longest ones replaced by a reference to a note until the row fits. */
    private List<String> fitted(List<String> headers, List<String> cells, List<String> notesOfTable) {
        List<String> fitted = new ArrayList<>(cells);
        SortedSet<Integer> moved = new TreeSet<>();
        while (row(fitted).length() - 1 > MAX_LINE) {
            int longest = 0;
            for (int i = 1; i < fitted.size(); i++) {
                if (length(fitted.get(i)) > length(fitted.get(longest))) {
                    longest = i;
                }
            }
            if (length(fitted.get(longest)) <= 12) {
                break;
            }
            moved.add(longest);
            fitted.set(longest, "see [" + (notes + cells.size()) + "]");
        }
        for (int i : moved) {
            String reference = "[" + ++notes + "]";
            String header = i < headers.size() ? headers.get(i) : "";
            notesOfTable.add(reference + " " + (header.isEmpty() ? "" : header + ": ")
                    + cells.get(i).replace("\r", "").replace("\n", " "));
            fitted.set(i, "see " + reference);
        }
        return fitted;
    }

    private static int length(String cell) {
        return cell == null ? 0 : cell(cell).length();
    }

    /** {@code text} after {@code first}, broken at spaces into lines of at most MAX_LINE, the later ones indented. */
    static String wrap(String text, String first, String indent) {
        StringBuilder lines = new StringBuilder();
        String rest = first + text.replace("\r", "").replace("\n", " ");
        while (rest.length() > MAX_LINE) {
            int cut = rest.lastIndexOf(' ', MAX_LINE);
            if (cut <= indent.length()) {
                cut = MAX_LINE;
            }
            lines.append(rest, 0, cut).append('\n');
            rest = indent + rest.substring(cut).stripLeading();
        }
        return lines.append(rest).toString();
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
