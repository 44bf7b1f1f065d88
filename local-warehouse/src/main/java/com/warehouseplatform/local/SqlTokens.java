package com.warehouseplatform.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQL text as tokens: string literals ('..', E'..' with backslash escapes, $tag$..$tag$), quoted
 * names ("..", "" an escape), -- and nested /* *&#47; comments, numbers, words and symbols, each
 * keeping its text, so that the tokens joined give the SQL back. Rewrites change a token's text
 * (or blank it) and never its kind, so a word inside a literal, a comment or a quoted name is
 * never read as a keyword.
 */
final class SqlTokens {

    enum Kind {
        WORD,
        QUOTED_NAME,
        STRING,
        NUMBER,
        SYMBOL,
        SPACE,
        COMMENT
    }

    /** One token; {@code text} is what {@link #text()} writes, first the original. */
    static final class Token {
        final Kind kind;
        final String original;
        /** Index among all tokens (spaces and comments included). */
        final int raw;
        /** Parentheses open before this token (a ')' has the depth of its '('). */
        final int depth;

        String text;
        /** Written after {@code text}: what a rewrite adds behind the token. */
        String suffix = "";

        private Token(Kind kind, String original, int raw, int depth) {
            this.kind = kind;
            this.original = original;
            this.raw = raw;
            this.depth = depth;
            this.text = original;
        }

        /** The word in upper case, or null when this is not a word. */
        String keyword() {
            return kind == Kind.WORD ? original.toUpperCase(Locale.ROOT) : null;
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && original.equals(symbol);
        }

        /** An identifier as PostgreSQL folds it: unquoted lower case, quoted as written. */
        String name() {
            return kind == Kind.QUOTED_NAME
                    ? original.substring(1, original.length() - 1).replace("\"\"", "\"")
                    : original.toLowerCase(Locale.ROOT);
        }
    }

    private final List<Token> all = new ArrayList<>();
    /** The tokens that are neither space nor comment, in order. */
    private final List<Token> code = new ArrayList<>();

    private SqlTokens() {}

    static SqlTokens of(String sql) {
        SqlTokens tokens = new SqlTokens();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            int end = end(sql, i);
            Kind kind = kind(sql, i);
            String text = sql.substring(i, end);
            if (kind == Kind.SYMBOL && text.equals(")")) {
                depth = Math.max(0, depth - 1);
            }
            Token token = new Token(kind, text, tokens.all.size(), depth);
            tokens.all.add(token);
            if (kind != Kind.SPACE && kind != Kind.COMMENT) {
                tokens.code.add(token);
            }
            if (kind == Kind.SYMBOL && text.equals("(")) {
                depth++;
            }
            i = end;
        }
        return tokens;
    }

    /** The SQL with every rewrite applied. */
    String text() {
        StringBuilder b = new StringBuilder();
        for (Token t : all) {
            b.append(t.text).append(t.suffix);
        }
        return b.toString();
    }

    int size() {
        return code.size();
    }

    /** The i-th code token, or null beyond either end. */
    Token get(int i) {
        return i >= 0 && i < code.size() ? code.get(i) : null;
    }

    /** Whether the i-th code token is a word equal (ignoring case) to one of {@code words}. */
    boolean isWord(int i, String... words) {
        Token t = get(i);
        if (t == null || t.kind != Kind.WORD) {
            return false;
        }
        for (String w : words) {
            if (t.original.equalsIgnoreCase(w)) {
                return true;
            }
        }
        return false;
    }

    boolean isSymbol(int i, String symbol) {
        Token t = get(i);
        return t != null && t.isSymbol(symbol);
    }

    /** The index of the ')' closing the '(' at {@code open}, or the last index when unclosed. */
    int closing(int open) {
        int depth = get(open).depth;
        for (int i = open + 1; i < code.size(); i++) {
            if (code.get(i).isSymbol(")") && code.get(i).depth == depth) {
                return i;
            }
        }
        return code.size() - 1;
    }

    /** Blanks code tokens {@code from..to} and every space or comment between them. */
    void blank(int from, int to) {
        for (int r = get(from).raw; r <= get(to).raw; r++) {
            all.get(r).text = "";
            all.get(r).suffix = "";
        }
    }

    /** Blanks what follows code token {@code after}, up to code token {@code to} included. */
    void blankAfter(int after, int to) {
        for (int r = get(after).raw + 1; r <= get(to).raw; r++) {
            all.get(r).text = "";
            all.get(r).suffix = "";
        }
    }

    /** The original text of code tokens {@code from..to}, spaces and comments between included. */
    String original(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int r = get(from).raw; r <= get(to).raw; r++) {
            b.append(all.get(r).original);
        }
        return b.toString();
    }

    /** The current text (rewrites applied) of code tokens {@code from..to} and what lies between. */
    String current(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int r = get(from).raw; r <= get(to).raw; r++) {
            b.append(all.get(r).text).append(all.get(r).suffix);
        }
        return b.toString();
    }

    private static Kind kind(String sql, int i) {
        char c = sql.charAt(i);
        if (Character.isWhitespace(c)) {
            return Kind.SPACE;
        }
        if (sql.startsWith("--", i) || sql.startsWith("/*", i)) {
            return Kind.COMMENT;
        }
        if (c == '\'' || isEscapeString(sql, i) || (c == '$' && dollarTag(sql, i) != null)) {
            return Kind.STRING;
        }
        if (c == '"') {
            return Kind.QUOTED_NAME;
        }
        if (Character.isDigit(c) || (c == '.' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1)))) {
            return Kind.NUMBER;
        }
        if (isNameStart(c)) {
            return Kind.WORD;
        }
        return Kind.SYMBOL;
    }

    private static int end(String sql, int i) {
        int n = sql.length();
        char c = sql.charAt(i);
        switch (kind(sql, i)) {
            case SPACE -> {
                int j = i;
                while (j < n && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                return j;
            }
            case COMMENT -> {
                if (c == '-') {
                    int nl = sql.indexOf('\n', i);
                    return nl < 0 ? n : nl;
                }
                int depth = 0;
                int j = i;
                while (j < n) {
                    if (sql.startsWith("/*", j)) {
                        depth++;
                        j += 2;
                    } else if (sql.startsWith("*/", j)) {
                        depth--;
                        j += 2;
                        if (depth == 0) {
                            return j;
                        }
                    } else {
                        j++;
                    }
                }
                return n;
            }
            case STRING -> {
                if (c == '$') {
                    String tag = dollarTag(sql, i);
                    int close = sql.indexOf(tag, i + tag.length());
                    return close < 0 ? n : close + tag.length();
                }
                if (c != '\'') {
                    return skipEscapeString(sql, i + 1);
                }
                return SqlParameters.skipQuoted(sql, i, '\'');
            }
            case QUOTED_NAME -> {
                return SqlParameters.skipQuoted(sql, i, '"');
            }
            case NUMBER -> {
                int j = i;
                while (j < n && (Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
                    j++;
                }
                if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
                    int k = j + 1;
                    if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
                        k++;
                    }
                    if (k < n && Character.isDigit(sql.charAt(k))) {
                        j = k;
                        while (j < n && Character.isDigit(sql.charAt(j))) {
                            j++;
                        }
                    }
                }
                return j;
            }
            case WORD -> {
                int j = i;
                while (j < n && (isNamePart(sql.charAt(j)) || sql.charAt(j) == '$')) {
                    j++;
                }
                return j;
            }
            default -> {
                if (sql.startsWith("::", i)) {
                    return i + 2;
                }
                if (c == '$') {
                    int j = i + 1;
                    while (j < n && Character.isDigit(sql.charAt(j))) {
                        j++;
                    }
                    return j;
                }
                return i + 1;
            }
        }
    }

    /** E'...' (or e'...'), not part of a longer word. */
    private static boolean isEscapeString(String sql, int i) {
        char c = sql.charAt(i);
        return (c == 'E' || c == 'e')
                && i + 1 < sql.length()
                && sql.charAt(i + 1) == '\''
                && (i == 0 || !isNamePart(sql.charAt(i - 1)));
    }

    /** The index after the quote closing an escape string whose opening quote is at {@code quote}. */
    private static int skipEscapeString(String sql, int quote) {
        int i = quote + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    private static String dollarTag(String sql, int start) {
        if (start > 0 && (isNamePart(sql.charAt(start - 1)) || sql.charAt(start - 1) == '$')) {
            return null;
        }
        int i = start + 1;
        if (i < sql.length() && Character.isDigit(sql.charAt(i))) {
            return null;
        }
        while (i < sql.length() && isNamePart(sql.charAt(i))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(start, i + 1) : null;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
