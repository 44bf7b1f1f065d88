package com.warehouseplatform.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.Deadline;
import com.warehouseplatform.loader.Sleeper;
import com.warehouseplatform.loader.Warehouse;
import com.warehouseplatform.loader.migrations.Migration;
import com.warehouseplatform.loader.migrations.MigrationRunner;
import com.warehouseplatform.local.LocalWarehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

/**
 * Schema migrations through the Data API against the local warehouse, with the runner the deploy uses.
 * Each test starts from a warehouse without the ops and shop schemas, as a new deploy would.
 */
class MigrationEndToEndTest {
    private static LocalWarehouse warehouse;
    private static RedshiftDataClient dataApi;

    @BeforeAll
    static void start() {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults().database("analytics"));
        dataApi = RedshiftDataClient.builder()
                .endpointOverride(warehouse.dataApiEndpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @BeforeEach
    void dropSchemas() {
        try (Connection c = warehouse.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS ops, shop CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        warehouse.close();
    }

    private static List<String> migrate(Migration... migrations) {
        Warehouse admin =
                new Warehouse(dataApi, new Warehouse.Target("local", null, "analytics", null), Sleeper.system());
        return new MigrationRunner(admin, Clock.systemUTC())
                .migrate(List.of(migrations), Deadline.in(Clock.systemUTC(), Duration.ofMinutes(1)));
    }

    private static List<String> column(String sql) {
        try (Connection c = warehouse.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> history() {
        return column("SELECT version || ' ' || description FROM ops.schema_migrations ORDER BY version");
    }

    private static List<String> tables(String schema) {
        return column("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
                + "' ORDER BY table_name");
    }

    @Test
    void appliesInVersionOrderOnceAndDetectsEditsAndRollsBackFailures() {
        Migration v1 = Migration.of("V1__create_shop.sql", """
                CREATE SCHEMA IF NOT EXISTS shop;
                CREATE TABLE shop.items (id BIGINT IDENTITY(1,1), name VARCHAR(64) ENCODE zstd,
                                         added TIMESTAMP DEFAULT GETDATE()) DISTSTYLE ALL SORTKEY (id);
                """);
        Migration v2 = Migration.of("V2__add_prices.sql", """
                CREATE TABLE shop.prices (item_id BIGINT NOT NULL DISTKEY, price DECIMAL(10,2));
                INSERT INTO shop.items (name) VALUES ('tea');
                """);
        Migration v10 = Migration.of("V10__depends_on_v2.sql", "INSERT INTO shop.prices VALUES (1, 2.50);");

        assertThat(migrate(v10, v2, v1))
                .as("version order, not file order")
                .containsExactly("V1__create_shop.sql", "V2__add_prices.sql", "V10__depends_on_v2.sql");
        assertThat(history()).containsExactly("1 create shop", "2 add prices", "10 depends on v2");
        assertThat(column("SELECT name FROM shop.items")).containsExactly("tea");

        assertThat(migrate(v1, v2, v10)).as("a second deploy applies nothing").isEmpty();
        assertThat(column("SELECT name FROM shop.items"))
                .as("nothing ran twice")
                .containsExactly("tea");

        Migration editedV2 = Migration.of("V2__add_prices.sql", "CREATE TABLE shop.prices (item_id BIGINT);");
        assertThatThrownBy(() -> migrate(v1, editedV2, v10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("V2__add_prices.sql was edited after it was applied");

        Migration failing = Migration.of("V11__half_done.sql", """
                CREATE TABLE shop.orders (id BIGINT);
                INSERT INTO shop.items (name) VALUES ('coffee');
                INSERT INTO shop.missing VALUES (1);
                """);
        assertThatThrownBy(() -> migrate(v1, v2, v10, failing))
                .hasMessageStartingWith("V11__half_done.sql failed and was rolled back")
                .hasMessageContaining("shop.missing");
        assertThat(tables("shop")).as("the failed migration left no table").containsExactly("items", "prices");
        assertThat(column("SELECT name FROM shop.items")).as("nor any row").containsExactly("tea");
        assertThat(history()).as("nor a history row").hasSize(3);

        Migration fixed = Migration.of("V11__half_done.sql", """
                CREATE TABLE shop.orders (id BIGINT);
                INSERT INTO shop.items (name) VALUES ('coffee');
                """);
        assertThat(migrate(v1, v2, v10, fixed)).containsExactly("V11__half_done.sql");
        assertThat(tables("shop")).containsExactly("items", "orders", "prices");
    }

    @Test
    void refusesRedshiftFeaturesTheLocalWarehouseCannotRunNamingThem() {
        Migration unload = Migration.of("V1__export.sql", "UNLOAD ('SELECT 1') TO 's3://bucket/x' IAM_ROLE default;");

        assertThatThrownBy(() -> migrate(unload))
                .hasMessageContaining("V1__export.sql failed and was rolled back")
                .hasMessageContaining("cannot run Redshift's UNLOAD");
    }
}
