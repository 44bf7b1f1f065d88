package com.warehouseplatform.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaMigrationFilesTest {

    @Test
    void readsTheShippedMigrationsInOrder() {
        assertThat(SchemaMigrationFiles.load(Path.of("..", "config")))
                .extracting(SchemaMigrationFiles.SqlFile::file)
                .containsExactly("V1__create_sales_orders.sql", "V2__create_web_events.sql", "V3__create_sales_customers.sql");
    }

    @Test
    void refusesABadlyNamedFileNamingIt(@TempDir Path config) throws IOException {
        Files.createDirectories(config.resolve("sql"));
        Files.writeString(config.resolve("sql/V1__ok.sql"), "SELECT 1;");
        Files.writeString(config.resolve("sql/2_add_things.sql"), "SELECT 2;");

        assertThatThrownBy(() -> SchemaMigrationFiles.load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("2_add_things.sql: a migration is named V<number>__<description>.sql, such as V3__add_customers.sql");
    }

    @Test
    void hasNoMigrationsWithoutTheFolder(@TempDir Path config) {
        assertThat(SchemaMigrationFiles.load(config)).isEmpty();
    }
}
