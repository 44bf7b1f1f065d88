package com.warehouseplatform.loader.migrations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One migration file, {@code V<number>__<description>.sql}, in Redshift SQL. Its checksum is the
 * SHA-256 of its text with line endings normalized, so an edit after it was applied is detected.
 */
public record Migration(int version, String description, String file, String checksum, List<String> statements) {

    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]{0,8})__([A-Za-z0-9_]+)\\.sql");
    /**
     * Statements Redshift refuses inside a transaction block, or that commit the open transaction
     * (TRUNCATE): a migration must stay one transaction, so they are refused before anything runs.
     */
    private static final List<String> OUTSIDE_TRANSACTION = List.of(
            "CREATE DATABASE", "DROP DATABASE", "ALTER DATABASE", "VACUUM", "TRUNCATE", "CREATE EXTERNAL",
            "DROP EXTERNAL", "ALTER EXTERNAL", "CREATE LIBRARY", "DROP LIBRARY", "ALTER TABLE .* APPEND");

    /** Reads a migration file; a bad name or statement is an error naming the file. */
    public static Migration of(String file, String text) {
        Matcher m = NAME.matcher(file);
        if (!m.matches()) {
            throw new IllegalArgumentException(file + ": a migration is named V<number>__<description>.sql, "
                    + "such as V3__add_customers.sql");
        }
        List<String> statements;
        try {
            statements = SqlScript.statements(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no SQL statement");
        }
        for (String statement : statements) {
            String upper = statement.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            for (String refused : OUTSIDE_TRANSACTION) {
                if (upper.matches("^" + refused + "\\b.*")) {
                    throw new IllegalArgumentException(file + ": " + refused.replace(" .* ", " ... ")
                            + " cannot run inside a migration's transaction: " + firstLine(statement));
                }
            }
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), file, checksum(text), statements);
    }

    static String checksum(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String statement) {
        String line = statement.lines().findFirst().orElse(statement);
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
