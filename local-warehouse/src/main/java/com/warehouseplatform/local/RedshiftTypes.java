package com.warehouseplatform.local;

import java.util.Map;
import java.util.Set;

/**
 * Redshift's data types at a type position (a column definition, {@code ::type},
 * {@code CAST(x AS type)}): the names PostgreSQL reads differently get Redshift's meaning, and
 * PostgreSQL-only types are refused by name, as Redshift refuses them.
 */
final class RedshiftTypes {

    /**
     * Bare names with Redshift's default size: VARCHAR/CHARACTER VARYING/TEXT are VARCHAR(256),
     * BPCHAR is CHAR(256) (r_Character_types); NUMERIC/DECIMAL without precision are
     * NUMERIC(18,0) (r_Numeric_types201). NVARCHAR and NCHAR are VARCHAR and CHAR (r_Character_types).
     */
    private static final Map<String, String> WITHOUT_SIZE = Map.of(
            "TEXT", "VARCHAR(256)",
            "VARCHAR", "VARCHAR(256)",
            "NVARCHAR", "VARCHAR(256)",
            "CHARACTER VARYING", "VARCHAR(256)",
            "BPCHAR", "CHAR(256)",
            "NUMERIC", "NUMERIC(18,0)",
            "DECIMAL", "NUMERIC(18,0)");

    /** Same type, another spelling PostgreSQL lacks. */
    private static final Map<String, String> SPELLING = Map.of(
            "NVARCHAR", "VARCHAR",
            "NCHAR", "CHAR",
            "BPCHAR", "CHAR");

    /**
     * PostgreSQL types Redshift does not have (c_unsupported-postgresql-datatypes); JSON and JSONB
     * too: Redshift's semi-structured type is SUPER, which the local warehouse keeps as JSONB.
     */
    private static final Set<String> POSTGRESQL_ONLY = Set.of(
            "SERIAL",
            "BIGSERIAL",
            "SMALLSERIAL",
            "SERIAL2",
            "SERIAL4",
            "SERIAL8",
            "UUID",
            "JSON",
            "JSONB",
            "XML",
            "MONEY",
            "BYTEA",
            "BIT",
            "BIT VARYING",
            "VARBIT",
            "INET",
            "CIDR",
            "MACADDR",
            "MACADDR8",
            "POINT",
            "LINE",
            "LSEG",
            "BOX",
            "PATH",
            "POLYGON",
            "CIRCLE",
            "TSVECTOR",
            "TSQUERY",
            "TXID_SNAPSHOT",
            "PG_LSN",
            "INT4RANGE",
            "INT8RANGE",
            "NUMRANGE",
            "TSRANGE",
            "TSTZRANGE",
            "DATERANGE",
            "INT4MULTIRANGE",
            "INT8MULTIRANGE",
            "NUMMULTIRANGE",
            "TSMULTIRANGE",
            "TSTZMULTIRANGE",
            "DATEMULTIRANGE");

    /** Redshift types the local warehouse has no PostgreSQL counterpart for. */
    private static final Set<String> REDSHIFT_ONLY =
            Set.of("VARBYTE", "VARBINARY", "BINARY VARYING", "HLLSKETCH", "GEOMETRY", "GEOGRAPHY");

    private RedshiftTypes() {}

    /**
     * Rewrites the type starting at code token {@code i}; returns the index of the first token
     * after it (its size and array brackets included).
     */
    static int rewrite(SqlTokens t, int i) {
        if (t.get(i) == null || (t.get(i).kind != SqlTokens.Kind.WORD)) {
            return i;
        }
        if (t.isSymbol(i + 1, ".")) {
            // a qualified type (pg_catalog.int4): read the name after the dot
            i += 2;
        }
        int end = i + 1;
        String name = t.get(i).keyword();
        if (name == null) {
            return i;
        }
        if (t.isWord(i + 1, "VARYING")
                && (name.equals("CHARACTER") || name.equals("CHAR") || name.equals("BIT") || name.equals("BINARY"))) {
            name = (name.equals("CHAR") ? "CHARACTER" : name) + " VARYING";
            end = i + 2;
        } else if (name.equals("DOUBLE") && t.isWord(i + 1, "PRECISION")) {
            end = i + 2;
        }
        if (POSTGRESQL_ONLY.contains(name)) {
            throw new UnsupportedOperationException("Redshift does not support PostgreSQL's " + name
                    + " data type (c_unsupported-postgresql-datatypes)");
        }
        if (REDSHIFT_ONLY.contains(name)) {
            throw RedshiftDialect.refused(name + " data type");
        }
        boolean sized = t.isSymbol(end, "(");
        int after = sized ? t.closing(end) + 1 : end;
        if (t.isSymbol(after, "[") || t.isWord(after, "ARRAY")) {
            throw new UnsupportedOperationException("Redshift does not support array types ("
                    + t.original(i, t.isSymbol(after + 1, "]") ? after + 1 : after)
                    + "; c_unsupported-postgresql-datatypes)");
        }
        if (name.equals("SUPER")) {
            // SUPER is kept as JSONB; user-written JSON types are refused above
            t.get(i).text = "JSONB";
        } else if (!sized && WITHOUT_SIZE.containsKey(name)) {
            t.get(i).text = WITHOUT_SIZE.get(name);
            if (end > i + 1) {
                t.blank(i + 1, end - 1);
            }
        } else if (SPELLING.containsKey(name)) {
            t.get(i).text = SPELLING.get(name);
        }
        return after;
    }
}
