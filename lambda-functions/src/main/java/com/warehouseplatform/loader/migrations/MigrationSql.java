package com.warehouseplatform.loader.migrations;

import java.util.ArrayList;
import java.util.List;

/** The record of applied migrations in the ops schema, and the batch that applies one migration. */
public final class MigrationSql {
    private MigrationSql() {}

    public static List<String> createHistory() {
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS ops",
                "CREATE TABLE IF NOT EXISTS ops.schema_migrations (version INTEGER NOT NULL, "
                        + "description VARCHAR(256) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP NOT NULL)");
    }

    public static String appliedQuery() {
        return "SELECT version, checksum FROM ops.schema_migrations ORDER BY version";
    }

    /**
     * The migration's statements and its history row, for one BatchExecuteStatement: one transaction,
     * so a failed statement leaves the schema and the history as they were.
     */
    public static List<String> apply(Migration migration, String appliedAt) {
        List<String> batch = new ArrayList<>(migration.statements());
        batch.add("INSERT INTO ops.schema_migrations (version, description, checksum, applied_at) VALUES ("
                + migration.version() + ", " + literal(migration.description()) + ", " + literal(migration.checksum())
                + ", CAST(" + literal(appliedAt) + " AS TIMESTAMP))");
        return batch;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
