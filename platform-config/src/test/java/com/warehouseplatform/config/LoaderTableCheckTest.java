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
 * What deploy would refuse, found at synth by {@link ConfigLoader#load}: a loader's table, keys and orderBy must be
 * created by the migrations of config/sql, and the migrations obey the migration handler's rules.
 */
class LoaderTableCheckTest {
    private static final Path REPOSITORY_CONFIG = Path.of("..", "config");

    @TempDir
    Path config;

    private String dev;

    /** A copy of the repository's config folder: dev.yaml and config/sql. */
    @BeforeEach
    void copyTheRepositoryConfig() throws IOException {
        Files.createDirectories(config.resolve("sql"));
        try (Stream<Path> migrations = Files.list(REPOSITORY_CONFIG.resolve("sql"))) {
            for (Path migration : migrations.toList()) {
                Files.copy(migration, config.resolve("sql").resolve(migration.getFileName()));
            }
        }
        dev = Files.readString(REPOSITORY_CONFIG.resolve("dev.yaml"));
    }

    private ConfigException rejected(String yaml) throws IOException {
        Files.writeString(config.resolve("dev.yaml"), yaml);
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(config, "dev"));
    }

    private EnvironmentConfig loaded(String yaml) throws IOException {
        Files.writeString(config.resolve("dev.yaml"), yaml);
        return ConfigLoader.load(config, "dev");
    }

    @Test
    void theRepositoryConfigurationsPass() {
        assertThat(ConfigLoader.loadAll(REPOSITORY_CONFIG))
                .extracting(EnvironmentConfig::name)
                .containsExactly("dev", "prod", "staging");
    }

    @Test
    void aLoaderTableNoMigrationCreatesFailsNamingFileAndKey() throws IOException {
        ConfigException e = rejected(dev.replace("table: web.events", "table: web.eventz"));

        assertThat(e.problems())
                .containsExactly(config.resolve("dev.yaml") + ": loaders[1].table: web.eventz is "
                        + "created by no migration in " + config.resolve("sql") + " (they create sales.customers, "
                        + "sales.order_notes, sales.orders, web.events): add a migration that creates it, or set "
                        + "tableManagedElsewhere: true if it is created outside the platform");
    }

    @Test
    void keysAndOrderByMustBeColumnsOfTheTable() throws IOException {
        ConfigException e = rejected(dev.replace("keys: [order_id]", "keys: [ordr_id]")
                .replace("orderBy: [ordered_at]", "orderBy: [note, orderd_at]"));

        assertThat(e.problems())
                .containsExactly(
                        config.resolve("dev.yaml")
                                + ": loaders[0].keys[0]: column ordr_id is not a column of sales.orders "
                                + "(created by V1__create_sales_orders.sql)",
                        config.resolve("dev.yaml")
                                + ": loaders[0].orderBy[1]: column orderd_at is not a column of sales.orders "
                                + "(created by V1__create_sales_orders.sql)");
    }

    @Test
    void aColumnAddedByALaterMigrationCountsWhateverItsCase() throws IOException {
        String orderedByUpdate = dev.replace("orderBy: [ordered_at]", "orderBy: [updated_at]");
        assertThat(rejected(orderedByUpdate).problems())
                .singleElement()
                .asString()
                .endsWith("loaders[0].orderBy[0]: column updated_at is not a column of sales.orders "
                        + "(created by V1__create_sales_orders.sql)");

        Files.writeString(
                config.resolve("sql/V4__add_updated_at.sql"),
                "ALTER TABLE Sales.\"ORDERS\" ADD COLUMN Updated_At TIMESTAMP DEFAULT GETDATE();\n");

        assertThat(loaded(orderedByUpdate).loaders().get(0).orderBy()).containsExactly("updated_at");
    }

    @Test
    void aTableDroppedByALaterMigrationIsGone() throws IOException {
        Files.writeString(config.resolve("sql/V4__drop_events.sql"), "DROP TABLE IF EXISTS web.events CASCADE;\n");

        assertThat(rejected(dev).problems())
                .singleElement()
                .asString()
                .contains(": loaders[1].table: web.events is created by no migration in ");
    }

    @Test
    void tableManagedElsewhereSkipsTheTableCheck() throws IOException {
        EnvironmentConfig config =
                loaded(dev.replace("table: web.events", "table: web.eventz\n    tableManagedElsewhere: true"));

        assertThat(config.loaders().get(1).table()).isEqualTo("web.eventz");
        assertThat(config.loaders().get(1).tableManagedElsewhere()).isTrue();
        assertThat(config.loaders().get(0).tableManagedElsewhere())
                .as("the default")
                .isFalse();
    }

    @Test
    void tableManagedElsewhereIsTrueOrFalse() throws IOException {
        ConfigException e =
                rejected(dev.replace("table: web.events", "table: web.events\n    tableManagedElsewhere: yes please"));

        assertThat(e.problems())
                .containsExactly(config.resolve("dev.yaml")
                        + ": loaders[1].tableManagedElsewhere: must be true or false, got \"yes please\"");
    }

    @Test
    void aTruncatingMigrationFailsTheLoadNamingFileAndStatement() throws IOException {
        Files.writeString(
                config.resolve("sql/V4__clear_orders.sql"), "DELETE FROM sales.customers;\nTRUNCATE sales.orders;\n");

        ConfigException e = rejected(dev.replace("rate(10 minutes)", "rate(10 minute)"));

        assertThat(e.problems())
                .as("the config's problems and the migration's, at once")
                .hasSize(2);
        assertThat(e.problems().get(0))
                .isEqualTo(config.resolve("dev.yaml") + ": loaders[1].schedule: "
                        + "\"rate(10 minute)\": write rate(1 minute) or rate(n minutes)");
        assertThat(e.problems().get(1))
                .isEqualTo(config.resolve("sql") + "/V4__clear_orders.sql: statement 2 "
                        + "(TRUNCATE sales.orders): TRUNCATE commits the open transaction, so a failure later in the migration "
                        + "could not roll it back; use DELETE FROM (https://docs.aws.amazon.com/redshift/latest/dg/r_TRUNCATE.html),"
                        + " and a migration is one transaction; run it by hand or from a scheduled job");
    }

    @Test
    void aMigrationProblemIsReportedOnceForAllEnvironments() throws IOException {
        Files.writeString(config.resolve("dev.yaml"), dev);
        Files.writeString(config.resolve("qa.yaml"), dev.replace("name: dev", "name: qa"));
        Files.writeString(config.resolve("sql/V4__clear_orders.sql"), "TRUNCATE sales.orders;\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.loadAll(config));

        assertThat(e.problems())
                .singleElement()
                .asString()
                .startsWith(config.resolve("sql") + "/V4__clear_orders.sql: ");
    }
}
