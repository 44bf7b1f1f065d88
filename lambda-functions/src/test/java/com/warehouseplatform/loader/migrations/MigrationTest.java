package com.warehouseplatform.loader.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTest {

    @Test
    void splitsStatementsOutsideQuotesCommentsAndBodies() {
        List<String> statements = SqlScript.statements("""
                -- a comment; with a semicolon
                CREATE TABLE a (x VARCHAR(10) DEFAULT 'a;b', "odd;name" INT); /* c; d */
                INSERT INTO a VALUES ('it''s; fine', 1);
                CREATE FUNCTION f() RETURNS INT AS $$ SELECT 1; $$ LANGUAGE sql
                """);

        assertThat(statements)
                .containsExactly(
                        "CREATE TABLE a (x VARCHAR(10) DEFAULT 'a;b', \"odd;name\" INT)",
                        "INSERT INTO a VALUES ('it''s; fine', 1)",
                        "CREATE FUNCTION f() RETURNS INT AS $$ SELECT 1; $$ LANGUAGE sql");
    }

    @Test
    void readsVersionDescriptionAndChecksumFromTheFile() {
        Migration m = Migration.of("V12__add_customers.sql", "CREATE TABLE t (x INT);\r\n");

        assertThat(m.version()).isEqualTo(12);
        assertThat(m.description()).isEqualTo("add customers");
        assertThat(m.checksum())
                .hasSize(64)
                .as("line endings do not change the checksum")
                .isEqualTo(Migration.of("V12__add_customers.sql", "CREATE TABLE t (x INT);\n")
                        .checksum())
                .isNotEqualTo(Migration.of("V12__add_customers.sql", "CREATE TABLE t (x BIGINT);\n")
                        .checksum());
    }

    @Test
    void refusesBadNamesEmptyFilesAndStatementsThatCannotRunInATransaction() {
        assertThatThrownBy(() -> Migration.of("V1_create.sql", "SELECT 1"))
                .hasMessage(
                        "V1_create.sql: a migration is named V<number>__<description>.sql, such as V3__add_customers.sql");
        assertThatThrownBy(() -> Migration.of("V2__empty.sql", "-- nothing\n"))
                .hasMessage("V2__empty.sql: holds no SQL statement");
        assertThatThrownBy(() -> Migration.of("V3__clean.sql", "DELETE FROM a;\nTRUNCATE sales.orders;"))
                .hasMessageStartingWith("V3__clean.sql: statement 2 (TRUNCATE sales.orders): TRUNCATE commits the open "
                        + "transaction")
                .hasMessageContaining("(https://docs.aws.amazon.com/redshift/latest/dg/r_TRUNCATE.html)");
        assertThatThrownBy(() -> Migration.of("V4__vacuum.sql", "vacuum sales.orders"))
                .hasMessageStartingWith("V4__vacuum.sql: statement 1 (vacuum sales.orders): VACUUM cannot run inside");
        assertThatThrownBy(() -> Migration.of("V5__open.sql", "SELECT 'unclosed"))
                .hasMessage("V5__open.sql: a string is not closed");
    }

    @Test
    void plansPendingMigrationsInVersionOrder() {
        Migration v1 = Migration.of("V1__a.sql", "SELECT 1");
        Migration v2 = Migration.of("V2__b.sql", "SELECT 2");
        Migration v10 = Migration.of("V10__c.sql", "SELECT 10");

        List<Migration> pending =
                MigrationPlan.pending(List.of(v10, v2, v1), List.of(new MigrationPlan.Applied(1, v1.checksum())));

        assertThat(pending).extracting(Migration::file).containsExactly("V2__b.sql", "V10__c.sql");
        assertThat(MigrationPlan.pending(
                        List.of(v1, v2),
                        List.of(
                                new MigrationPlan.Applied(1, v1.checksum()),
                                new MigrationPlan.Applied(2, v2.checksum()))))
                .isEmpty();
    }

    @Test
    void refusesAnEditedAppliedMigrationNamingTheFile() {
        Migration edited = Migration.of("V1__a.sql", "SELECT 42");

        assertThatThrownBy(() ->
                        MigrationPlan.pending(List.of(edited), List.of(new MigrationPlan.Applied(1, "0".repeat(64)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("V1__a.sql was edited after it was applied")
                .hasMessageContaining("put the change in a new migration");
    }

    @Test
    void refusesAMissingAppliedFileAndDuplicateVersions() {
        assertThatThrownBy(() -> MigrationPlan.pending(List.of(), List.of(new MigrationPlan.Applied(3, "x"))))
                .hasMessageContaining("version 3 was applied but no V3__*.sql file has it any more");
        assertThatThrownBy(() -> MigrationPlan.pending(
                        List.of(Migration.of("V1__a.sql", "SELECT 1"), Migration.of("V1__b.sql", "SELECT 2")),
                        List.of()))
                .hasMessage("V1__b.sql and V1__a.sql have the same version 1");
    }

    /** One per shape the contract refuses; the contract module tests the shapes, this the runner's use of them. */
    @Test
    void refusesEachShapeRedshiftRefusesInATransactionNamingFileStatementAndPage() {
        String[][] cases = {
            {"ALTER TABLE sales.orders ALTER COLUMN note TYPE VARCHAR(512)", "ALTER COLUMN ... TYPE", "r_ALTER_TABLE"},
            {
                "CREATE EXTERNAL TABLE spectrum.sales (id INT) STORED AS PARQUET LOCATION 's3://b/p/'",
                "external table DDL",
                "r_CREATE_EXTERNAL_TABLE"
            },
            {"DROP EXTERNAL TABLE spectrum.sales", "external table DDL", "r_CREATE_EXTERNAL_TABLE"},
            {
                "ALTER EXTERNAL TABLE spectrum.sales ADD PARTITION (d='1') LOCATION 's3://b/p/d=1/'",
                "external table DDL",
                "r_CREATE_EXTERNAL_TABLE"
            },
            {
                "CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'db' IAM_ROLE default",
                "external schema DDL",
                "r_CREATE_EXTERNAL_SCHEMA"
            },
            {"VACUUM sales.orders", "VACUUM", "r_VACUUM_command"},
            {"CREATE DATABASE other", "CREATE DATABASE", "r_CREATE_DATABASE"},
            {"DROP DATABASE other", "DROP DATABASE", "r_DROP_DATABASE"},
            {"TRUNCATE sales.orders", "TRUNCATE commits", "r_TRUNCATE"}
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> Migration.of("V7__change.sql", "CREATE TABLE t (x INT);\n" + c[0] + ";"))
                    .as(c[0])
                    .hasMessageStartingWith("V7__change.sql: statement 2 ("
                            + String.join(
                                    " ", List.of(c[0].split(" ")).subList(0, Math.min(6, c[0].split(" ").length))))
                    .hasMessageContaining(c[1])
                    .hasMessageContaining("https://docs.aws.amazon.com/redshift/latest/dg/" + c[2] + ".html");
        }
        // the words in a string literal or a comment are not the statement
        assertThat(Migration.of("V8__note.sql", "COMMENT ON TABLE t IS 'TRUNCATE nightly'; -- VACUUM later\n")
                        .statements())
                .hasSize(1);
        assertThat(Migration.of("V9__widen.sql", "ALTER TABLE t ALTER COLUMN c ENCODE zstd")
                        .statements())
                .hasSize(1);
    }

    @Test
    void refusesMoreStatementsThanOneBatchTakesBesideTheHistoryRowAndOverlongStatements() {
        String statements39 = "SELECT 1;\n".repeat(39);
        Migration fits = Migration.of("V1__many.sql", statements39);
        assertThat(MigrationSql.apply(fits, "2026-11-25 10:00:00"))
                .as("the runner's batch, at the Data API's limit")
                .hasSize(40);

        assertThatThrownBy(() -> Migration.of("V2__too_many.sql", statements39 + "SELECT 40;"))
                .hasMessage(
                        "V2__too_many.sql: holds 40 statements; a migration runs as one Data API batch of at most 40 "
                                + "statements, 1 of them the runner's history row, so at most 39 "
                                + "(https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html); "
                                + "split it into more migrations");

        String big = "INSERT INTO t VALUES " + "(1),".repeat(25_000) + "(1)";
        assertThatThrownBy(() -> Migration.of("V3__big.sql", "CREATE TABLE t (x INT);\n" + big))
                .hasMessageStartingWith("V3__big.sql: statement 2 (INSERT INTO t VALUES (1),(1)")
                .hasMessageContaining(" ...): has " + big.length() + " characters, the Data API takes at most 100000");
    }

    @Test
    void theRunnerAddsExactlyTheStatementsTheContractReservesForIt() {
        Migration m = Migration.of("V3__two.sql", "CREATE TABLE t (x INT);\nINSERT INTO t VALUES (1);");
        assertThat(MigrationSql.apply(m, "2026-11-25 10:00:00"))
                .hasSize(m.statements().size() + com.warehouseplatform.contract.MigrationContract.RUNNER_STATEMENTS);
    }

    @Test
    void appliesAMigrationAndItsHistoryRowInOneBatch() {
        Migration m = Migration.of("V3__it_s.sql", "CREATE TABLE t (x INT);\nINSERT INTO t VALUES (1);");

        List<String> batch = MigrationSql.apply(m, "2026-11-25 10:00:00");

        assertThat(batch).hasSize(3).startsWith("CREATE TABLE t (x INT)", "INSERT INTO t VALUES (1)");
        assertThat(batch.get(2))
                .isEqualTo("INSERT INTO ops.schema_migrations (version, description, checksum, applied_at) "
                        + "VALUES (3, 'it s', '" + m.checksum() + "', CAST('2026-11-25 10:00:00' AS TIMESTAMP))");
    }
}
