package com.warehouseplatform.local;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * The one place where Redshift SQL becomes PostgreSQL for the local warehouse, on every path
 * (Data API and PostgreSQL clients alike). It reads the SQL as tokens ({@link SqlTokens}), so a
 * rewrite or refusal acts only on a keyword in its position, never inside a literal, a comment
 * or a quoted name, and words Redshift does not reserve (SORTKEY, DISTKEY, DISTSTYLE: r_pg_keywords)
 * stay usable as names. Table design clauses are dropped and recorded ({@link TableDesign}),
 * types get Redshift's meaning ({@link RedshiftTypes}), Redshift's function syntax becomes calls
 * of the functions bootstrap.sql installs, and what the local warehouse cannot run, or what
 * Redshift refuses, fails with its name.
 */
public final class RedshiftDialect {

    /** Redshift functions the local warehouse does not install: a call fails naming it. */
    private static final Set<String> REDSHIFT_ONLY_FUNCTIONS = Set.of(
            "ADD_MONTHS",
            "MONTHS_BETWEEN",
            "NEXT_DAY",
            "LAST_DAY",
            "DATE_CMP",
            "DATE_CMP_TIMESTAMP",
            "DATE_CMP_TIMESTAMPTZ",
            "DATE_PART_YEAR",
            "INTERVAL_CMP",
            "TIMESTAMP_CMP",
            "TIMESTAMP_CMP_DATE",
            "TIMESTAMP_CMP_TIMESTAMPTZ",
            "TIMESTAMPTZ_CMP",
            "TIMESTAMPTZ_CMP_DATE",
            "TIMESTAMPTZ_CMP_TIMESTAMP",
            "CHARINDEX",
            "CRC32",
            "FNV_HASH",
            "FUNC_SHA1",
            "SHA2",
            "STRTOL",
            "DECODE",
            "CONVERT",
            "JSON_PARSE",
            "JSON_SERIALIZE",
            "JSON_SERIALIZE_TO_VARBYTE",
            "CAN_JSON_PARSE",
            "IS_VALID_JSON",
            "IS_VALID_JSON_ARRAY",
            "JSON_EXTRACT_PATH_TEXT",
            "JSON_EXTRACT_ARRAY_ELEMENT_TEXT",
            "JSON_ARRAY_LENGTH",
            "JSON_SIZE",
            "JSON_TYPEOF",
            "IS_ARRAY",
            "IS_BIGINT",
            "IS_BOOLEAN",
            "IS_CHAR",
            "IS_DECIMAL",
            "IS_FLOAT",
            "IS_INTEGER",
            "IS_OBJECT",
            "IS_SCALAR",
            "IS_SMALLINT",
            "IS_VARCHAR",
            "ARRAY_CONCAT",
            "ARRAY_FLATTEN",
            "GET_ARRAY_LENGTH",
            "SPLIT_TO_ARRAY",
            "SUBARRAY",
            "OBJECT_TRANSFORM",
            "HLL",
            "HLL_CREATE_SKETCH",
            "HLL_CARDINALITY",
            "HLL_COMBINE",
            "HLL_COMBINE_SKETCHES",
            "PG_LAST_COPY_ID",
            "PG_LAST_COPY_COUNT",
            "PG_LAST_QUERY_ID",
            "PG_LAST_UNLOAD_ID",
            "PG_LAST_UNLOAD_COUNT",
            "RATIO_TO_REPORT",
            "TO_VARBYTE",
            "FROM_VARBYTE",
            "FROM_HEX",
            "TEXT_TO_INT_ALT",
            "TEXT_TO_NUMERIC_ALT",
            "SLICE_NUM");

    /**
     * PostgreSQL functions Redshift does not support (c_unsupported-postgresql-functions). Not
     * here: PG_SLEEP and GENERATE_SERIES, which Redshift's leader node runs ("some unsupported
     * functions will not return an error when run on the leader node").
     */
    private static final Set<String> POSTGRESQL_ONLY_FUNCTIONS = Set.of(
            "STRING_AGG",
            "ARRAY_AGG",
            "EVERY",
            "XMLAGG",
            "CORR",
            "COVAR_POP",
            "COVAR_SAMP",
            "REGR_AVGX",
            "REGR_AVGY",
            "REGR_COUNT",
            "REGR_INTERCEPT",
            "REGR_R2",
            "REGR_SLOPE",
            "REGR_SXX",
            "REGR_SXY",
            "REGR_SYY",
            "CLOCK_TIMESTAMP",
            "JUSTIFY_DAYS",
            "JUSTIFY_HOURS",
            "JUSTIFY_INTERVAL",
            "TRANSACTION_TIMESTAMP",
            "DIV",
            "SETSEED",
            "WIDTH_BUCKET",
            "GENERATE_SUBSCRIPTS",
            "BIT_LENGTH",
            "OVERLAY",
            "CONVERT_FROM",
            "CONVERT_TO",
            "ENCODE",
            "FORMAT",
            "QUOTE_NULLABLE",
            "REGEXP_MATCHES",
            "REGEXP_SPLIT_TO_ARRAY",
            "REGEXP_SPLIT_TO_TABLE",
            "NEXTVAL",
            "CURRVAL",
            "SETVAL",
            "LASTVAL",
            "TO_TSVECTOR",
            "TO_TSQUERY",
            "ARRAY_LENGTH",
            "ARRAY_APPEND",
            "ARRAY_CAT",
            "ARRAY_POSITION",
            "ARRAY_TO_STRING",
            "STRING_TO_ARRAY",
            "PG_ADVISORY_LOCK",
            "PG_TRY_ADVISORY_LOCK");

    /** Functions whose first argument is a datepart, written bare in Redshift: DATEADD(day, ...). */
    private static final Set<String> DATEPART_FUNCTIONS = Set.of("DATEADD", "DATEDIFF", "DATE_PART", "DATE_TRUNC");

    /** Words after which a name followed by '(' is a table or routine being named, not a call. */
    private static final Set<String> NOT_A_CALL_AFTER =
            Set.of("INTO", "TABLE", "EXISTS", "REFERENCES", "FUNCTION", "PROCEDURE", "UPDATE", "VIEW");

    private RedshiftDialect() {}

    /**
     * {@code sql} as PostgreSQL runs it; throws {@link UnsupportedOperationException} naming what
     * it cannot run.
     */
    public static String toPostgres(String sql) {
        SqlTokens t = SqlTokens.of(sql);
        for (int[] s : statements(t)) {
            if (!catalogQuery(t, s[0], s[1])) {
                statement(t, s[0], s[1]);
            }
        }
        return t.text();
    }

    /** Words that end a FROM list at its own depth. */
    private static final Set<String> AFTER_FROM_LIST = Set.of(
            "WHERE",
            "GROUP",
            "HAVING",
            "ORDER",
            "LIMIT",
            "OFFSET",
            "UNION",
            "INTERSECT",
            "EXCEPT",
            "MINUS",
            "WINDOW",
            "FOR",
            "ON",
            "USING");

    /**
     * Whether the statement is a query of the catalog only: a SELECT (or WITH) whose every relation
     * after FROM, JOIN and the FROM list's commas is one of pg_catalog's or information_schema's.
     * Such a query runs on Redshift's leader node, which runs PostgreSQL's functions too ("some
     * unsupported functions will not return an error when run on the leader node",
     * c_unsupported-postgresql-functions; c_SQL_functions_leader_node): psql's \d, JDBC's
     * DatabaseMetaData and query editors send them. It runs here as PostgreSQL runs it, untranslated.
     */
    private static boolean catalogQuery(SqlTokens t, int start, int end) {
        if (!t.isWord(start, "SELECT", "WITH")) {
            return false;
        }
        boolean catalog = false;
        BitSet inFromList = new BitSet();
        for (int i = start; i < end; i++) {
            SqlTokens.Token token = t.get(i);
            boolean relationFollows = false;
            if (t.isWord(i, "FROM", "JOIN")) {
                relationFollows = true;
                inFromList.set(token.depth);
            } else if (token.isSymbol(",") && inFromList.get(token.depth)) {
                relationFollows = true;
            } else if (token.kind == SqlTokens.Kind.WORD && AFTER_FROM_LIST.contains(token.keyword())) {
                inFromList.clear(token.depth);
            } else if (token.isSymbol(")")) {
                inFromList.clear(token.depth + 1, Integer.MAX_VALUE);
            }
            if (relationFollows && i + 1 < end && !t.isSymbol(i + 1, "(")) {
                String relation = t.get(i + 1).keyword();
                if (relation == null
                        || !(relation.equals("PG_CATALOG")
                                || relation.equals("INFORMATION_SCHEMA")
                                || (relation.startsWith("PG_") && !t.isSymbol(i + 2, ".")))) {
                    return false;
                }
                catalog = true;
            }
        }
        return catalog;
    }

    /**
     * Whether {@code sql} commits the transaction it runs in: TRUNCATE does ("commits the
     * transaction in which it is run", r_TRUNCATE).
     */
    public static boolean commitsTransaction(String sql) {
        SqlTokens t = SqlTokens.of(sql);
        for (int[] s : statements(t)) {
            if (t.isWord(s[0], "TRUNCATE")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The statement of {@code sql} that Redshift refuses inside a transaction block, as Redshift's
     * error names it ({@code VACUUM}, {@code CREATE DATABASE}, ...), or null: r_VACUUM_command,
     * r_CREATE_DATABASE, r_DROP_DATABASE, r_ALTER_DATABASE, r_ALTER_TABLE_APPEND, r_ALTER_TABLE
     * (ALTER COLUMN ... TYPE), r_CREATE_EXTERNAL_TABLE, r_CREATE_EXTERNAL_SCHEMA, r_CREATE_LIBRARY;
     * the same list as loader-contract's MigrationContract.
     */
    public static String refusedInTransaction(String sql) {
        SqlTokens t = SqlTokens.of(sql);
        for (int[] s : statements(t)) {
            int i = s[0];
            if (t.isWord(i, "VACUUM")) {
                return "VACUUM";
            }
            if (t.isWord(i, "CREATE", "DROP", "ALTER") && t.isWord(i + 1, "DATABASE")) {
                return t.get(i).keyword() + " DATABASE";
            }
            if (t.isWord(i, "CREATE", "DROP") && t.isWord(i + 1, "LIBRARY")) {
                return t.get(i).keyword() + " LIBRARY";
            }
            if (t.isWord(i, "CREATE", "DROP", "ALTER")
                    && t.isWord(i + 1, "EXTERNAL")
                    && t.get(i + 2) != null
                    && t.get(i + 2).keyword() != null) {
                return t.get(i).keyword() + " EXTERNAL " + t.get(i + 2).keyword();
            }
            if (t.isWord(i, "ALTER") && t.isWord(i + 1, "TABLE")) {
                for (int k = i + 2; k < s[1]; k++) {
                    if (t.isWord(k, "APPEND")) {
                        return "ALTER TABLE APPEND";
                    }
                    if (t.isWord(k, "ALTER") && t.isWord(k + 1, "COLUMN") && t.isWord(k + 3, "TYPE")) {
                        return "ALTER TABLE ALTER COLUMN";
                    }
                }
            }
        }
        return null;
    }

    /** The refusal of a Redshift feature the local warehouse does not translate. */
    static UnsupportedOperationException refused(String feature) {
        return new UnsupportedOperationException("the local warehouse cannot run Redshift's " + feature
                + "; see docs/local-warehouse.md for what it translates");
    }

    /** [start, end) of each statement: split at ';' outside parentheses, empty ones left out. */
    private static List<int[]> statements(SqlTokens t) {
        List<int[]> statements = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= t.size(); i++) {
            if (i == t.size() || (t.isSymbol(i, ";") && t.get(i).depth == 0)) {
                if (i > start) {
                    statements.add(new int[] {start, i});
                }
                start = i + 1;
            }
        }
        return statements;
    }

    private static void statement(SqlTokens t, int start, int end) {
        refuseStatement(t, start, end);
        GroupStatements.check(t, start, end);
        RoleStatements.translate(t, start, end);
        int expressions = start;
        int table = tableKeyword(t, start);
        if (table >= 0) {
            expressions = TableDesign.translate(t, table, end);
            // the column list was translated by TableDesign; its DEFAULT expressions still need a pass
            expressions(t, table, expressions);
        } else if (t.isWord(start, "ALTER") && t.isWord(start + 1, "TABLE")) {
            alterTable(t, start, end);
        }
        expressions(t, expressions, end);
    }

    /** The index of TABLE in CREATE [LOCAL] [TEMP|TEMPORARY] TABLE, or -1. */
    private static int tableKeyword(SqlTokens t, int start) {
        if (!t.isWord(start, "CREATE")) {
            return -1;
        }
        int i = start + 1;
        if (t.isWord(i, "LOCAL")) {
            i++;
        }
        if (t.isWord(i, "TEMP", "TEMPORARY")) {
            i++;
        }
        return t.isWord(i, "TABLE") ? i : -1;
    }

    private static void refuseStatement(SqlTokens t, int start, int end) {
        if (t.isWord(start, "UNLOAD")) {
            throw refused("UNLOAD");
        }
        if (t.isWord(start, "CREATE", "ALTER", "DROP")) {
            String verb = t.get(start).keyword();
            int i = start + 1;
            if (t.isWord(i, "OR") && t.isWord(i + 1, "REPLACE")) {
                i += 2;
            }
            if (t.isWord(i, "EXTERNAL")) {
                throw refused(verb + " EXTERNAL");
            }
            if (t.isWord(i, "DATASHARE", "LIBRARY", "MODEL")) {
                throw refused(verb + " " + t.get(i).keyword());
            }
            if (verb.equals("CREATE")
                    && (t.isWord(i, "INDEX") || (t.isWord(i, "UNIQUE") && t.isWord(i + 1, "INDEX")))) {
                throw postgresqlOnly("indexes (CREATE INDEX)");
            }
            if (verb.equals("CREATE")
                    && t.isWord(
                            i,
                            "SEQUENCE",
                            "TRIGGER",
                            "RULE",
                            "TABLESPACE",
                            "EXTENSION",
                            "FOREIGN",
                            "SERVER",
                            "DOMAIN")) {
                throw postgresqlOnly("CREATE " + t.get(i).keyword());
            }
            if (verb.equals("CREATE") && t.isWord(i, "TYPE")) {
                throw postgresqlOnly("user-defined types (CREATE TYPE)");
            }
        }
        for (int i = start; i < end; i++) {
            if (t.isWord(i, "DATASHARE") && t.isWord(i - 1, "ON", "FROM", "CREATE", "ALTER", "DROP", "DESC")) {
                throw refused("DATASHARE");
            }
            if (t.isWord(i, "AUTO") && t.isWord(i + 1, "REFRESH")) {
                throw refused("AUTO REFRESH");
            }
            if (t.isWord(i, "LANGUAGE") && t.isWord(i + 1, "PLPYTHONU")) {
                throw refused("PLPYTHONU");
            }
        }
    }

    /**
     * ALTER TABLE: ADD COLUMN and ALTER COLUMN ... TYPE get Redshift's types; changes of the table
     * design (ALTER DISTSTYLE, DISTKEY, SORTKEY, ENCODE) and APPEND are refused by name.
     */
    private static void alterTable(SqlTokens t, int start, int end) {
        for (int i = start + 2; i < end; i++) {
            if (t.isWord(i, "APPEND")) {
                throw refused("ALTER TABLE APPEND");
            }
            if (t.isWord(i, "ALTER")
                    && t.isWord(i + 1, "DISTSTYLE", "DISTKEY", "SORTKEY", "ENCODE", "COMPOUND", "INTERLEAVED")) {
                throw refused("ALTER TABLE ALTER " + t.get(i + 1).keyword());
            }
            if (t.isWord(i, "ENCODE")) {
                throw refused("ALTER TABLE ... ENCODE");
            }
            if (t.isWord(i, "ADD") && !t.isWord(i + 1, "CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK")) {
                int name = t.isWord(i + 1, "COLUMN") ? i + 2 : i + 1;
                i = RedshiftTypes.rewrite(t, name + 1) - 1;
            } else if (t.isWord(i, "ADD") && t.isWord(i + 1, "CHECK")) {
                throw postgresqlOnly("CHECK constraints");
            } else if (t.isWord(i, "TYPE") && t.isWord(i - 2, "COLUMN")) {
                i = RedshiftTypes.rewrite(t, i + 1) - 1;
            }
        }
    }

    /** Rewrites and refusals that apply anywhere in an expression, for code tokens [from, to). */
    private static void expressions(SqlTokens t, int from, int to) {
        List<int[]> listaggs = new ArrayList<>();
        for (int i = from; i < to; i++) {
            SqlTokens.Token token = t.get(i);
            if (token.text.isEmpty()) {
                continue;
            }
            if (token.isSymbol("::")) {
                RedshiftTypes.rewrite(t, i + 1);
            } else if (token.isSymbol("[")) {
                throw postgresqlOnly("arrays and subscripts ("
                        + t.original(Math.max(from, i - 1), Math.min(to - 1, i + 1)) + " ...)");
            } else if (token.kind == SqlTokens.Kind.WORD && !t.isSymbol(i - 1, ".")) {
                word(t, i, to, listaggs);
            }
        }
        for (int[] move : listaggs) {
            // LISTAGG(x, d) WITHIN GROUP (ORDER BY y) is PostgreSQL's listagg(x, d ORDER BY y)
            SqlTokens.Token close = t.get(move[0]);
            close.text = " " + t.current(move[1] + 1, move[2] - 1) + close.text;
            t.blankAfter(move[0], move[2]);
        }
    }

    private static void word(SqlTokens t, int i, int to, List<int[]> listaggs) {
        String word = t.get(i).keyword();
        boolean call = t.isSymbol(i + 1, "(") && !isNamed(t, i);
        switch (word) {
            case "CAST" -> {
                if (call) {
                    int close = t.closing(i + 1);
                    for (int k = i + 2; k < close; k++) {
                        if (t.isWord(k, "AS") && t.get(k).depth == t.get(i + 1).depth + 1) {
                            RedshiftTypes.rewrite(t, k + 1);
                        }
                    }
                }
                return;
            }
            case "ARRAY" -> {
                if (t.isSymbol(i + 1, "[") || call) {
                    throw postgresqlOnly("array constructors (ARRAY[...])");
                }
                return;
            }
            case "IS" -> {
                int k = t.isWord(i + 1, "NOT") ? i + 2 : i + 1;
                if (t.isWord(k, "DISTINCT") && t.isWord(k + 1, "FROM")) {
                    throw postgresqlOnly("IS DISTINCT FROM");
                }
                return;
            }
            case "SYSDATE" -> {
                // SYSDATE is reserved (r_pg_keywords) and written without parentheses (r_SYSDATE)
                if (t.isSymbol(i + 1, "(")) {
                    throw new UnsupportedOperationException("SYSDATE takes no parentheses: write SYSDATE (r_SYSDATE)");
                }
                t.get(i).text = "sysdate()";
                return;
            }
            case "MINUS" -> {
                // MINUS is Redshift's EXCEPT (r_UNION)
                t.get(i).text = "EXCEPT";
                return;
            }
            case "SELECT" -> {
                top(t, i, to);
                return;
            }
            case "APPROXIMATE" -> {
                // APPROXIMATE COUNT(DISTINCT x) estimates with HyperLogLog, relative error about 2%
                // (r_COUNT); the exact count is within that error
                if (t.isWord(i + 1, "COUNT") && t.isSymbol(i + 2, "(") && t.isWord(i + 3, "DISTINCT")) {
                    t.get(i).text = "";
                    return;
                }
                throw refused("APPROXIMATE " + (t.get(i + 1) == null ? "" : t.get(i + 1).original));
            }
            default -> {
                // not a keyword this pass handles
            }
        }
        if (!call) {
            return;
        }
        if (DATEPART_FUNCTIONS.contains(word)
                && t.get(i + 2) != null
                && t.get(i + 2).kind == SqlTokens.Kind.WORD
                && t.isSymbol(i + 3, ",")) {
            // a bare datepart is a keyword, not a column (r_Dateparts_for_datetime_functions);
            // bootstrap.sql's functions know Redshift's abbreviations
            t.get(i + 2).text = "'" + t.get(i + 2).name() + "'";
        } else if (word.equals("LISTAGG")) {
            listagg(t, i, listaggs);
        } else if (word.equals("MEDIAN")) {
            int close = t.closing(i + 1);
            if (t.isWord(close + 1, "OVER") && t.isSymbol(close + 2, "(")) {
                int over = t.closing(close + 2);
                for (int k = close + 3; k < over; k++) {
                    if (t.isWord(k, "ORDER", "ROWS", "RANGE")) {
                        throw new UnsupportedOperationException("MEDIAN ... OVER takes no window ordering or"
                                + " frame, only PARTITION BY (r_WF_MEDIAN)");
                    }
                }
            }
        } else if (REDSHIFT_ONLY_FUNCTIONS.contains(word) || word.startsWith("ST_") || word.startsWith("H3_")) {
            throw refused(word + " function");
        } else if (POSTGRESQL_ONLY_FUNCTIONS.contains(word)) {
            throw new UnsupportedOperationException("Redshift does not support PostgreSQL's " + word
                    + "() function (c_unsupported-postgresql-functions)");
        }
    }

    /** Whether the word at {@code i} names a table or routine (INSERT INTO t (...)), not a call. */
    private static boolean isNamed(SqlTokens t, int i) {
        SqlTokens.Token before = t.get(i - 1);
        return before != null && before.keyword() != null && NOT_A_CALL_AFTER.contains(before.keyword());
    }

    /** LISTAGG(...) [WITHIN GROUP (ORDER BY ...)] (r_LISTAGG); window LISTAGG is refused. */
    private static void listagg(SqlTokens t, int i, List<int[]> listaggs) {
        int close = t.closing(i + 1);
        int over = close + 1;
        if (t.isWord(close + 1, "WITHIN") && t.isWord(close + 2, "GROUP") && t.isSymbol(close + 3, "(")) {
            int group = t.closing(close + 3);
            listaggs.add(new int[] {close, close + 3, group});
            over = group + 1;
        }
        if (t.isWord(over, "OVER")) {
            throw refused("LISTAGG window function (LISTAGG ... OVER)");
        }
    }

    /**
     * SELECT [ALL | DISTINCT] TOP n ... is SELECT ... LIMIT n (r_TOP_clause), the LIMIT at the end
     * of that SELECT (after its ORDER BY). With a LIMIT or a set operation at the same level the
     * meaning is not documented: refused.
     */
    private static void top(SqlTokens t, int select, int to) {
        int i = t.isWord(select + 1, "ALL", "DISTINCT") ? select + 2 : select + 1;
        if (!t.isWord(i, "TOP")) {
            return;
        }
        SqlTokens.Token count = t.get(i + 1);
        if (count == null || count.kind != SqlTokens.Kind.NUMBER) {
            throw new UnsupportedOperationException("TOP takes a number of rows, got "
                    + (count == null ? "nothing" : count.original) + " (r_TOP_clause)");
        }
        int depth = t.get(select).depth;
        int last = to - 1;
        for (int k = i + 2; k < to; k++) {
            SqlTokens.Token tok = t.get(k);
            if (tok.depth < depth) {
                last = k - 1;
                break;
            }
            if (tok.depth == depth && t.isWord(k, "LIMIT", "FETCH", "UNION", "INTERSECT", "EXCEPT", "MINUS")) {
                throw refused("TOP together with " + tok.keyword());
            }
        }
        t.blank(i, i + 1);
        t.get(last).suffix += " LIMIT " + count.original;
    }

    private static UnsupportedOperationException postgresqlOnly(String feature) {
        return new UnsupportedOperationException(
                "Redshift does not support PostgreSQL's " + feature + " (c_unsupported-postgresql-features)");
    }
}
