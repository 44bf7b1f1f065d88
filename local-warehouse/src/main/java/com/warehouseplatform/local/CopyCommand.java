package com.warehouseplatform.local;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Redshift COPY statement, parsed. This is the one place that knows Redshift's COPY syntax:
 * every option it does not implement is rejected here, by name, never ignored.
 *
 * <pre>
 * COPY table [(col, ...)] FROM 's3://bucket/key-or-prefix' IAM_ROLE 'arn' | IAM_ROLE default
 *   [MANIFEST] [FORMAT [AS]] CSV [QUOTE [AS] 'c'] | JSON [AS] 'auto' | 'auto ignorecase'
 *   [DELIMITER [AS] 'c'] [IGNOREHEADER [AS] n] [NULL [AS] 'x'] [GZIP] [MAXERROR [AS] n]
 *   [TIMEFORMAT [AS] 'auto'] [DATEFORMAT [AS] 'auto'] [EMPTYASNULL] [ACCEPTINVCHARS [AS] ['c']]
 *   [BLANKSASNULL] [IGNOREBLANKLINES] [TRUNCATECOLUMNS] [ROUNDEC]
 *   [COMPUPDATE [OFF|ON|...]] [STATUPDATE [OFF|ON|...]]
 * COPY table [(col, ...)] FROM '...' IAM_ROLE ... [MANIFEST] FORMAT [AS] PARQUET [ACCEPTINVCHARS]
 *   [STATUPDATE [OFF|ON|...]]
 * </pre>
 * {@code 'auto'} is case-sensitive, as Redshift's keyword is (copy-parameters-data-conversion,
 * DATEFORMAT): {@code 'AUTO'} would be a format string, which the local warehouse does not read.
 * MAXERROR is at most 100000 (copy-parameters-data-load).
 * Without CSV or JSON the format is Redshift's delimited text: '|' by default, no quoting,
 * {@code \N} as NULL. COMPUPDATE and STATUPDATE only tune Redshift's storage and statistics,
 * so they are accepted and have no effect.
 */
record CopyCommand(
        String table,
        List<String> columns,
        String fromUrl,
        String iamRole,
        String bucket,
        String key,
        boolean manifest,
        Format format,
        char delimiter,
        Character quote,
        int ignoreHeader,
        String nullAs,
        boolean gzip,
        int maxError,
        boolean emptyAsNull,
        Character acceptInvChars,
        boolean jsonIgnoreCase,
        Conversions conversions) {

    /**
     * The data conversion parameters beyond NULL AS and EMPTYASNULL (copy-parameters-data-conversion):
     * without TIMEFORMAT / DATEFORMAT 'auto' the default formats apply.
     */
    record Conversions(
            boolean blanksAsNull,
            boolean ignoreBlankLines,
            boolean truncateColumns,
            boolean roundDec,
            boolean timeFormatAuto,
            boolean dateFormatAuto) {

        static final Conversions DEFAULTS = new Conversions(false, false, false, false, false, false);
    }

    /** MAXERROR's documented limit (copy-parameters-data-load). */
    static final int MAX_ERROR_LIMIT = 100_000;

    /** The data formats the local warehouse reads. */
    enum Format {
        TEXT,
        CSV,
        JSON,
        PARQUET
    }

    private static final Set<String> COLUMNAR = Set.of("PARQUET", "ORC");
    /** The options COPY accepts with PARQUET or ORC (copy-usage_notes-copy-from-columnar). */
    private static final Set<String> COLUMNAR_OPTIONS = Set.of(
            "PARQUET",
            "ORC",
            "IAM_ROLE",
            "MANIFEST",
            "STATUPDATE",
            "ACCEPTINVCHARS",
            "FILLRECORD",
            "EXPLICIT_IDS",
            "CREDENTIALS");

    /** True when {@code sql} is a COPY statement (after leading blanks and comments). */
    static boolean isCopy(String sql) {
        try {
            Token first = new Tokens(sql).peek();
            return first != null && first.isWord("COPY");
        } catch (CopyException e) {
            return false;
        }
    }

    /** The table name as written in the command, without schema or quotes. */
    String tableShortName() {
        String last = table.substring(table.lastIndexOf('.') + 1);
        if (last.startsWith("\"") && last.endsWith("\"") && last.length() >= 2) {
            return last.substring(1, last.length() - 1).replace("\"\"", "\"");
        }
        return last;
    }

    static CopyCommand parse(String sql) throws CopyException {
        Tokens tokens = new Tokens(sql);
        tokens.expectWord("COPY");
        String table = tokens.qualifiedName();
        List<String> columns = new ArrayList<>();
        if (tokens.peekSymbol('(')) {
            tokens.next();
            do {
                columns.add(tokens.identifier());
            } while (tokens.acceptSymbol(','));
            tokens.expectSymbol(')');
        }
        tokens.expectWord("FROM");
        String from = tokens.literal("FROM");
        if (!from.startsWith("s3://")) {
            throw new CopyException(
                    "COPY FROM " + from + " is not supported by the local warehouse:" + " only s3:// sources are");
        }
        String path = from.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new CopyException("COPY FROM " + from + ": no bucket in the S3 URL");
        }

        Set<String> seen = new LinkedHashSet<>();
        String iamRole = null;
        String columnar = null;
        boolean manifest = false;
        Format format = Format.TEXT;
        String delimiter = null;
        String quote = null;
        int ignoreHeader = 0;
        String nullAs = null;
        boolean gzip = false;
        int maxError = 0;
        boolean emptyAsNull = false;
        Character acceptInvChars = null;
        boolean jsonIgnoreCase = false;
        boolean timeFormatAuto = false;
        boolean dateFormatAuto = false;

        while (tokens.peek() != null && !tokens.peekSymbol(';')) {
            Token token = tokens.next();
            if (token.kind != Token.Kind.WORD) {
                throw new CopyException("COPY: unexpected " + token.text + " where an option was expected");
            }
            String option = token.text.toUpperCase(Locale.ROOT);
            if (option.equals("FORMAT")) {
                tokens.acceptWord("AS");
                Token f = tokens.next();
                if (f == null || f.kind != Token.Kind.WORD) {
                    throw new CopyException("COPY: FORMAT must be followed by a format name");
                }
                option = f.text.toUpperCase(Locale.ROOT);
                if (!option.equals("CSV") && !option.equals("JSON") && !COLUMNAR.contains(option)) {
                    unsupported(option);
                }
            }
            if (!seen.add(option)) {
                throw new CopyException("COPY option " + option + " is given more than once");
            }
            switch (option) {
                case "IAM_ROLE" -> iamRole = tokens.acceptWord("DEFAULT") ? "default" : tokens.literal("IAM_ROLE");
                case "PARQUET", "ORC" -> columnar = option;
                case "MANIFEST" -> manifest = true;
                case "CSV" -> {
                    checkFormatUnset(format, "CSV");
                    format = Format.CSV;
                }
                case "JSON" -> {
                    checkFormatUnset(format, "JSON");
                    format = Format.JSON;
                    tokens.acceptWord("AS");
                    String spec = tokens.literal("JSON")
                            .trim()
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("\\s+", " ");
                    if (spec.equals("auto ignorecase")) {
                        jsonIgnoreCase = true;
                    } else if (!spec.equals("auto")) {
                        throw new CopyException("COPY option JSON '" + spec + "' is not supported by the local"
                                + " warehouse (only 'auto' and 'auto ignorecase' are)");
                    }
                }
                case "DELIMITER" -> {
                    tokens.acceptWord("AS");
                    delimiter = tokens.literal("DELIMITER");
                }
                case "QUOTE" -> {
                    tokens.acceptWord("AS");
                    quote = tokens.literal("QUOTE");
                }
                case "IGNOREHEADER" -> {
                    tokens.acceptWord("AS");
                    ignoreHeader = tokens.integer("IGNOREHEADER");
                }
                case "NULL" -> {
                    tokens.acceptWord("AS");
                    nullAs = tokens.literal("NULL AS");
                }
                case "GZIP" -> gzip = true;
                case "MAXERROR" -> {
                    tokens.acceptWord("AS");
                    maxError = tokens.integer("MAXERROR");
                }
                case "TIMEFORMAT", "DATEFORMAT" -> {
                    tokens.acceptWord("AS");
                    String value = tokens.literal(option);
                    if (!value.equals("auto")) {
                        throw new CopyException("COPY option " + option + " '" + value + "' is not supported"
                                + " by the local warehouse (only 'auto' is, in lower case)");
                    }
                    if (option.equals("TIMEFORMAT")) {
                        timeFormatAuto = true;
                    } else {
                        dateFormatAuto = true;
                    }
                }
                case "BLANKSASNULL", "IGNOREBLANKLINES", "TRUNCATECOLUMNS", "ROUNDEC" -> {
                    // flags only: read from `seen` below
                }
                case "EMPTYASNULL" -> emptyAsNull = true;
                case "ACCEPTINVCHARS" -> {
                    boolean as = tokens.acceptWord("AS");
                    Token next = tokens.peek();
                    String replacement = "?";
                    if (as || (next != null && next.kind == Token.Kind.LITERAL)) {
                        replacement = tokens.literal("ACCEPTINVCHARS");
                    }
                    if (replacement.length() != 1) {
                        throw new CopyException("COPY option ACCEPTINVCHARS needs a single replacement"
                                + " character, not '" + replacement + "'");
                    }
                    acceptInvChars = replacement.charAt(0);
                }
                case "COMPUPDATE", "STATUPDATE" -> {
                    Token next = tokens.peek();
                    if (next != null
                            && next.kind == Token.Kind.WORD
                            && Set.of("ON", "OFF", "TRUE", "FALSE", "PRESET")
                                    .contains(next.text.toUpperCase(Locale.ROOT))) {
                        tokens.next();
                    }
                }
                default -> unsupported(option);
            }
        }
        tokens.acceptSymbol(';');
        if (tokens.peek() != null) {
            throw new CopyException("COPY: unexpected '" + tokens.peek().text + "' after the command");
        }
        if (columnar != null) {
            // "Only the following COPY parameters are supported ... MAXERROR [isn't] supported for
            // columnar data types" (copy-usage_notes-copy-from-columnar): refused as Redshift does,
            // before the local warehouse refuses ORC by name.
            for (String option : seen) {
                if (!COLUMNAR_OPTIONS.contains(option)) {
                    throw new CopyException(option + " argument is not supported for " + columnar + " based COPY");
                }
            }
            if (columnar.equals("ORC")) {
                unsupported(columnar);
            }
            format = Format.PARQUET;
        }
        if (iamRole == null) {
            throw new CopyException("COPY needs IAM_ROLE: the local warehouse checks the caller's"
                    + " ASSUMEROLE privilege on it as Redshift does, but reads S3 with its own access");
        }
        if (quote != null && format != Format.CSV) {
            throw new CopyException("COPY option QUOTE is only valid with CSV");
        }
        if (format == Format.JSON) {
            for (String textOnly : List.of("DELIMITER", "IGNOREHEADER", "NULL")) {
                if (seen.contains(textOnly)) {
                    throw new CopyException("COPY option " + textOnly + " is not valid with JSON");
                }
            }
        }
        char delimiterChar = singleChar("DELIMITER", delimiter, format == Format.CSV ? ',' : '|');
        Character quoteChar = format == Format.CSV ? singleChar("QUOTE", quote, '"') : null;
        if (quoteChar != null && quoteChar == delimiterChar) {
            throw new CopyException("COPY: QUOTE and DELIMITER must differ");
        }
        if (format == Format.TEXT && nullAs == null) {
            nullAs = "\\N";
        }
        if (ignoreHeader < 0 || maxError < 0) {
            throw new CopyException("COPY: IGNOREHEADER and MAXERROR must not be negative");
        }
        if (maxError > MAX_ERROR_LIMIT) {
            throw new CopyException("COPY: MAXERROR " + maxError + " is beyond its limit of " + MAX_ERROR_LIMIT);
        }
        Conversions conversions = new Conversions(
                seen.contains("BLANKSASNULL"),
                seen.contains("IGNOREBLANKLINES"),
                seen.contains("TRUNCATECOLUMNS"),
                seen.contains("ROUNDEC"),
                timeFormatAuto,
                dateFormatAuto);
        return new CopyCommand(
                table,
                List.copyOf(columns),
                from,
                iamRole,
                bucket,
                key,
                manifest,
                format,
                delimiterChar,
                quoteChar,
                ignoreHeader,
                nullAs,
                gzip,
                maxError,
                emptyAsNull,
                acceptInvChars,
                jsonIgnoreCase,
                conversions);
    }

    private static void checkFormatUnset(Format format, String option) throws CopyException {
        if (format != Format.TEXT) {
            throw new CopyException("COPY: " + option + " conflicts with " + format);
        }
    }

    private static void unsupported(String option) throws CopyException {
        throw new CopyException("COPY option " + option + " is not supported by the local warehouse");
    }

    private static char singleChar(String option, String value, char fallback) throws CopyException {
        if (value == null) {
            return fallback;
        }
        String unescaped = switch (value) {
            case "\\t" -> "\t";
            case "\\\\" -> "\\";
            default -> value;
        };
        if (unescaped.matches("\\\\[0-7]{3}")) {
            unescaped = String.valueOf((char) Integer.parseInt(unescaped.substring(1), 8));
        }
        if (unescaped.length() != 1) {
            throw new CopyException("COPY option " + option + " '" + value + "' is not supported by the"
                    + " local warehouse (only a single character is)");
        }
        return unescaped.charAt(0);
    }

    /** A lexical token of a COPY statement. */
    private record Token(Kind kind, String text) {
        enum Kind {
            WORD,
            QUOTED_IDENTIFIER,
            LITERAL,
            NUMBER,
            SYMBOL
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }
    }

    /** Splits the statement into tokens: words, "identifiers", 'literals' ('' escapes), numbers. */
    private static final class Tokens {
        private final String sql;
        private int pos;
        private Token peeked;

        Tokens(String sql) {
            this.sql = sql;
        }

        Token peek() throws CopyException {
            if (peeked == null) {
                peeked = read();
            }
            return peeked;
        }

        Token next() throws CopyException {
            if (peeked != null) {
                Token t = peeked;
                peeked = null;
                return t;
            }
            return read();
        }

        boolean peekSymbol(char symbol) throws CopyException {
            Token t = peek();
            return t != null && t.kind == Token.Kind.SYMBOL && t.text.charAt(0) == symbol;
        }

        boolean acceptSymbol(char symbol) throws CopyException {
            if (peekSymbol(symbol)) {
                next();
                return true;
            }
            return false;
        }

        void expectSymbol(char symbol) throws CopyException {
            if (!acceptSymbol(symbol)) {
                throw new CopyException("COPY: expected '" + symbol + "' but found " + describe(peek()));
            }
        }

        boolean acceptWord(String word) throws CopyException {
            Token t = peek();
            if (t != null && t.isWord(word)) {
                next();
                return true;
            }
            return false;
        }

        void expectWord(String word) throws CopyException {
            if (!acceptWord(word)) {
                throw new CopyException("COPY: expected " + word + " but found " + describe(peek()));
            }
        }

        String literal(String option) throws CopyException {
            Token t = next();
            if (t == null || t.kind != Token.Kind.LITERAL) {
                throw new CopyException("COPY: " + option + " must be followed by a quoted string, not " + describe(t));
            }
            return t.text;
        }

        int integer(String option) throws CopyException {
            Token t = next();
            if (t == null || t.kind != Token.Kind.NUMBER) {
                throw new CopyException("COPY: " + option + " must be followed by a number, not " + describe(t));
            }
            try {
                return Integer.parseInt(t.text);
            } catch (NumberFormatException e) {
                throw new CopyException("COPY: " + option + " " + t.text + " is out of range");
            }
        }

        /** An identifier: unquoted ones fold to lower case, like Redshift's. */
        String identifier() throws CopyException {
            Token t = next();
            if (t != null && t.kind == Token.Kind.WORD) {
                return t.text.toLowerCase(Locale.ROOT);
            }
            if (t != null && t.kind == Token.Kind.QUOTED_IDENTIFIER) {
                return t.text;
            }
            throw new CopyException("COPY: expected a column name but found " + describe(t));
        }

        /** A possibly qualified table name, kept as SQL text (quotes included). */
        String qualifiedName() throws CopyException {
            StringBuilder name = new StringBuilder();
            do {
                Token t = next();
                if (t != null && t.kind == Token.Kind.WORD && !t.isWord("FROM")) {
                    name.append(t.text);
                } else if (t != null && t.kind == Token.Kind.QUOTED_IDENTIFIER) {
                    name.append('"').append(t.text.replace("\"", "\"\"")).append('"');
                } else {
                    throw new CopyException("COPY: expected a table name but found " + describe(t));
                }
            } while (acceptSymbol('.') && name.append('.') != null);
            return name.toString();
        }

        private static String describe(Token t) {
            return t == null ? "the end of the statement" : "'" + t.text + "'";
        }

        private Token read() throws CopyException {
            skipBlanks();
            if (pos >= sql.length()) {
                return null;
            }
            char c = sql.charAt(pos);
            if (c == '\'') {
                return new Token(Token.Kind.LITERAL, quoted('\''));
            }
            if (c == '"') {
                return new Token(Token.Kind.QUOTED_IDENTIFIER, quoted('"'));
            }
            if (Character.isDigit(c)) {
                int start = pos;
                while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
                return new Token(Token.Kind.NUMBER, sql.substring(start, pos));
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < sql.length()
                        && (Character.isLetterOrDigit(sql.charAt(pos))
                                || sql.charAt(pos) == '_'
                                || sql.charAt(pos) == '$')) {
                    pos++;
                }
                return new Token(Token.Kind.WORD, sql.substring(start, pos));
            }
            pos++;
            return new Token(Token.Kind.SYMBOL, String.valueOf(c));
        }

        private String quoted(char quote) throws CopyException {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < sql.length()) {
                char c = sql.charAt(pos++);
                if (c == quote) {
                    if (pos < sql.length() && sql.charAt(pos) == quote) {
                        value.append(quote);
                        pos++;
                    } else {
                        return value.toString();
                    }
                } else {
                    value.append(c);
                }
            }
            throw new CopyException("COPY: unterminated " + (quote == '\'' ? "string" : "identifier"));
        }

        private void skipBlanks() {
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (sql.startsWith("--", pos)) {
                    int end = sql.indexOf('\n', pos);
                    pos = end < 0 ? sql.length() : end + 1;
                } else if (sql.startsWith("/*", pos)) {
                    int end = sql.indexOf("*/", pos + 2);
                    pos = end < 0 ? sql.length() : end + 2;
                } else {
                    return;
                }
            }
        }
    }
}
