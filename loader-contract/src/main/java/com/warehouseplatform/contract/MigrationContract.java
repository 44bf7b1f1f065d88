package com.warehouseplatform.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a schema migration ({@code config/sql/V<n>__<description>.sql}) may hold. The migration runner applies
 * each file as ONE BatchExecuteStatement (one transaction) together with its history row, so a file is
 * refused, by name, before anything runs when that batch could not be sent or could not stay one
 * transaction. Config validation (at synth) and the migration handler (at deploy) use these same rules.
 */
public final class MigrationContract {

    public static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]{0,8})__([A-Za-z0-9_]+)\\.sql");

    /** BatchExecuteStatement takes 1 to 40 statements (https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html). */
    public static final int DATA_API_MAX_STATEMENTS = 40;
    /** Statements the runner adds to a migration's batch: its row in ops.schema_migrations. */
    public static final int RUNNER_STATEMENTS = 1;
    /** Statements one migration file may hold. */
    public static final int MAX_STATEMENTS = DATA_API_MAX_STATEMENTS - RUNNER_STATEMENTS;
    /** Characters of one statement the Data API takes (same page: each SQL is at most 100,000 characters). */
    public static final int MAX_STATEMENT_CHARS = 100_000;

    private static final String BATCH_PAGE =
            "https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html";

    /** A statement shape Redshift refuses inside a transaction block, why, and the page that says so. */
    private record Refused(Pattern pattern, String reason, String page) {
        static Refused of(String regex, String reason, String page) {
            return new Refused(
                    Pattern.compile("^" + regex + "\\b.*", Pattern.DOTALL),
                    reason,
                    "https://docs.aws.amazon.com/redshift/latest/dg/" + page + ".html");
        }
    }

    private static final List<Refused> REFUSED = List.of(
            Refused.of(
                    "ALTER TABLE .* ALTER COLUMN .* TYPE",
                    "ALTER COLUMN ... TYPE cannot run inside a transaction block",
                    "r_ALTER_TABLE"),
            Refused.of(
                    "ALTER TABLE .* APPEND FROM",
                    "ALTER TABLE APPEND cannot run inside a transaction block",
                    "r_ALTER_TABLE_APPEND"),
            Refused.of(
                    "(CREATE|DROP|ALTER) EXTERNAL (TABLE|VIEW)",
                    "external table DDL cannot run inside a transaction block",
                    "r_CREATE_EXTERNAL_TABLE"),
            Refused.of(
                    "(CREATE|DROP|ALTER) EXTERNAL SCHEMA",
                    "external schema DDL cannot run inside a transaction block",
                    "r_CREATE_EXTERNAL_SCHEMA"),
            Refused.of(
                    "(CREATE|DROP|ALTER) EXTERNAL",
                    "external (Spectrum) DDL cannot run inside a transaction block",
                    "r_CREATE_EXTERNAL_TABLE"),
            Refused.of("VACUUM", "VACUUM cannot run inside a transaction block", "r_VACUUM_command"),
            Refused.of("CREATE DATABASE", "CREATE DATABASE cannot run inside a transaction block", "r_CREATE_DATABASE"),
            Refused.of("DROP DATABASE", "DROP DATABASE cannot run inside a transaction block", "r_DROP_DATABASE"),
            Refused.of("ALTER DATABASE", "ALTER DATABASE cannot run inside a transaction block", "r_ALTER_DATABASE"),
            Refused.of(
                    "(CREATE|DROP) LIBRARY",
                    "CREATE and DROP LIBRARY cannot run inside a transaction block",
                    "r_CREATE_LIBRARY"),
            Refused.of(
                    "TRUNCATE",
                    "TRUNCATE commits the open transaction, so a failure later in the migration could "
                            + "not roll it back; use DELETE FROM",
                    "r_TRUNCATE"));

    private MigrationContract() {}

    /** Why {@code file} is not a migration name, or null. */
    public static String fileNameProblem(String file) {
        return FILE_NAME.matcher(file).matches()
                ? null
                : "a migration is named V<number>__<description>.sql, such as V3__add_customers.sql";
    }

    /**
     * Every problem of one migration file, each starting with the file's name; empty when it can run.
     * The text is split as the runner splits it.
     */
    public static List<String> problems(String file, String text) {
        List<String> problems = new ArrayList<>();
        String nameProblem = fileNameProblem(file);
        if (nameProblem != null) {
            problems.add(file + ": " + nameProblem);
        }
        List<String> statements;
        try {
            statements = SqlStatements.split(text);
        } catch (IllegalArgumentException e) {
            problems.add(file + ": " + e.getMessage());
            return problems;
        }
        if (statements.isEmpty()) {
            problems.add(file + ": holds no SQL statement");
        }
        if (statements.size() > MAX_STATEMENTS) {
            problems.add(file + ": holds " + statements.size()
                    + " statements; a migration runs as one Data API batch of at most "
                    + DATA_API_MAX_STATEMENTS + " statements, " + RUNNER_STATEMENTS
                    + " of them the runner's history row, so at most "
                    + MAX_STATEMENTS + " (" + BATCH_PAGE + "); split it into more migrations");
        }
        for (int i = 0; i < statements.size(); i++) {
            String statement = statements.get(i);
            String where = file + ": statement " + (i + 1) + " (" + firstWords(statement) + "): ";
            if (statement.length() > MAX_STATEMENT_CHARS) {
                problems.add(where + "has " + statement.length() + " characters, the Data API takes at most "
                        + MAX_STATEMENT_CHARS + " (" + BATCH_PAGE + ")");
            }
            String shape = shape(statement);
            for (Refused refused : REFUSED) {
                if (refused.pattern().matcher(shape).matches()) {
                    problems.add(where + refused.reason() + " (" + refused.page() + "), and a migration is one "
                            + "transaction; run it by hand or from a scheduled job");
                    break;
                }
            }
        }
        return problems;
    }

    /** Upper case, string literals and quoted names emptied, white space collapsed: what the patterns read. */
    private static String shape(String statement) {
        // possessive, without alternation: a 100,000-character literal must not overflow the regex stack
        return statement
                .replaceAll("'[^']*+(?:''[^']*+)*+'", "''")
                .replaceAll("\"[^\"]*+(?:\"\"[^\"]*+)*+\"", "\"\"")
                .toUpperCase(Locale.ROOT)
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static String firstWords(String statement) {
        String[] words = statement.strip().split("\\s+");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(words.length, 6); i++) {
            b.append(i == 0 ? "" : " ").append(words[i]);
        }
        String text = b.length() > 60 ? b.substring(0, 60) : b.toString();
        return words.length > 6 || b.length() > 60 ? text + " ..." : text;
    }
}
