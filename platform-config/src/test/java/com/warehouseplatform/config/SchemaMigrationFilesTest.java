package com.warehouseplatform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaMigrationFilesTest {

    @Test
    void readsTheShippedMigrationsInOrder() {
        assertThat(SchemaMigrationFiles.load(Path.of("..", "config")))
                .extracting(SchemaMigrationFiles.SqlFile::file)
                .containsExactly(
                        "V1__create_sales_orders.sql", "V2__create_web_events.sql", "V3__create_sales_customers.sql");
    }

    @Test
    void refusesABadlyNamedFileNamingIt(@TempDir Path config) throws IOException {
        Files.createDirectories(config.resolve("sql"));
        Files.writeString(config.resolve("sql/V1__ok.sql"), "SELECT 1;");
        Files.writeString(config.resolve("sql/2_add_things.sql"), "SELECT 2;");

        assertThatThrownBy(() -> SchemaMigrationFiles.load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(
                        "2_add_things.sql: a migration is named V<number>__<description>.sql, such as V3__add_customers.sql");
    }

    /** At synth, the rule set the migration handler applies at deploy: a test per refused shape. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ALTER TABLE sales.orders ALTER COLUMN note TYPE VARCHAR(512)|ALTER COLUMN ... TYPE cannot run inside a transaction block (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html)",
                "CREATE EXTERNAL TABLE spectrum.sales (id INT) LOCATION 's3://b/p/'|external table DDL cannot run inside a transaction block (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_TABLE.html)",
                "DROP EXTERNAL TABLE spectrum.sales|external table DDL cannot run inside a transaction block",
                "ALTER EXTERNAL TABLE spectrum.sales SET LOCATION 's3://b/q/'|external table DDL cannot run inside a transaction block",
                "CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'db' IAM_ROLE default|external schema DDL cannot run inside a transaction block (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_SCHEMA.html)",
                "vacuum sales.orders|VACUUM cannot run inside a transaction block (https://docs.aws.amazon.com/redshift/latest/dg/r_VACUUM_command.html)",
                "CREATE DATABASE other|CREATE DATABASE cannot run inside a transaction block",
                "DROP DATABASE other|DROP DATABASE cannot run inside a transaction block",
                "TRUNCATE sales.orders|TRUNCATE commits the open transaction, so a failure later in the migration could not roll it back; use DELETE FROM (https://docs.aws.amazon.com/redshift/latest/dg/r_TRUNCATE.html)"
            })
    void refusesAStatementRedshiftRefusesInATransactionNamingFileStatementAndPage(
            String statement, String reason, @TempDir Path config) throws IOException {
        Files.createDirectories(config.resolve("sql"));
        Files.writeString(config.resolve("sql/V1__ok.sql"), "CREATE TABLE t (x INT);");
        Files.writeString(config.resolve("sql/V2__change.sql"), "INSERT INTO t VALUES (1);\n" + statement + ";\n");

        assertThatThrownBy(() -> SchemaMigrationFiles.load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(config.resolve("sql") + "/V2__change.sql: statement 2 (")
                .hasMessageContaining(reason);
    }

    @Test
    void refusesMoreStatementsThanABatchTakesAndOverlongStatements(@TempDir Path config) throws IOException {
        Files.createDirectories(config.resolve("sql"));
        Files.writeString(config.resolve("sql/V1__fits.sql"), "SELECT 1;\n".repeat(39));
        Files.writeString(config.resolve("sql/V2__many.sql"), "SELECT 1;\n".repeat(40));
        Files.writeString(config.resolve("sql/V3__long.sql"), "SELECT '" + "x".repeat(100_000) + "';");

        ConfigException e = (ConfigException)
                org.assertj.core.api.Assertions.catchThrowable(() -> SchemaMigrationFiles.load(config));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0))
                .startsWith(
                        config.resolve("sql") + "/V2__many.sql: holds 40 statements; a migration"
                                + " runs as one Data API batch of at most 40 statements, 1 of them the runner's history row, so at most 39");
        assertThat(e.problems().get(1))
                .startsWith(config.resolve("sql") + "/V3__long.sql: statement 1 (SELECT 'xxx")
                .contains("has 100009 characters, the Data API takes at most 100000");
    }

    @Test
    void hasNoMigrationsWithoutTheFolder(@TempDir Path config) {
        assertThat(SchemaMigrationFiles.load(config)).isEmpty();
    }
}
