package com.warehouseplatform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the access step could not grant, found at synth by {@link ConfigLoader#load}: every schema a role reads or
 * writes is one the migrations of config/sql create.
 */
class AccessSchemaCheckTest {
    private static final Path REPOSITORY_CONFIG = Path.of("..", "config");

    @TempDir
    Path config;

    private String dev;

    @BeforeEach
    void copyTheRepositoryConfig() throws IOException {
        Files.createDirectories(config.resolve("sql"));
        try (Stream<Path> migrations = Files.list(REPOSITORY_CONFIG.resolve("sql"))) {
            for (Path migration : migrations.toList()) {
                Files.copy(migration, config.resolve("sql").resolve(migration.getFileName()));
            }
        }
        dev = Files.readString(REPOSITORY_CONFIG.resolve("dev.yaml"));
        assertThat(dev).contains("read: [sales, web]");
    }

    private ConfigException rejected(String yaml) throws IOException {
        Files.writeString(config.resolve("dev.yaml"), yaml);
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(config, "dev"));
    }

    @Test
    void theShippedAccessSectionIsRead() {
        AccessConfig access = ConfigLoader.load(REPOSITORY_CONFIG, "dev").access();

        assertThat(access.roles())
                .containsExactly(new AccessConfig.Role(
                        "analyst",
                        java.util.List.of("sales", "web"),
                        java.util.List.of(),
                        new AccessConfig.SignIn(java.util.List.of("arn:aws:iam::123456789012:role/DataAnalysts"))));
        assertThat(access.users()).containsExactly(new AccessConfig.User("tableau", java.util.List.of("analyst"), 30));
    }

    @Test
    void aSchemaNoMigrationCreatesFailsNamingFileKeyAndTheKnownSchemas() throws IOException {
        ConfigException e = rejected(dev.replace("read: [sales, web]", "read: [sales, marketing]"));

        assertThat(e).isNotNull();
        assertThat(e.problems())
                .containsExactly(config.resolve("dev.yaml") + ": access.roles[0].read[1]: schema \"marketing\" is "
                        + "created by no migration in " + config.resolve("sql") + " (they create schemas sales, web)");
    }

    @Test
    void aWriteSchemaNoMigrationCreatesFailsToo() throws IOException {
        ConfigException e = rejected(dev.replace("write: []", "write: [public]"));

        assertThat(e).isNotNull();
        assertThat(e.problems())
                .containsExactly(config.resolve("dev.yaml") + ": access.roles[0].write[0]: schema \"public\" is "
                        + "created by no migration in " + config.resolve("sql") + " (they create schemas sales, web)");
    }

    @Test
    void aSchemaALaterMigrationCreatesIsKnown() throws IOException {
        Files.writeString(
                config.resolve("sql").resolve("V4__create_marts.sql"), "CREATE SCHEMA IF NOT EXISTS marts;\n");
        Files.writeString(config.resolve("dev.yaml"), dev.replace("read: [sales, web]", "read: [sales, web, marts]"));

        assertThat(ConfigLoader.load(config, "dev").access().roles().get(0).read())
                .containsExactly("sales", "web", "marts");
    }
}
