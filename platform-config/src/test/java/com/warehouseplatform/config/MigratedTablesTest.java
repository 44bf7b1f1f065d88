package com.warehouseplatform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tables and columns the migrations create, read as Redshift reads the statements. */
class MigratedTablesTest {

    private static MigratedTables of(String... texts) {
        List<SchemaMigrationFiles.SqlFile> files = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            files.add(new SchemaMigrationFiles.SqlFile("V" + (i + 1) + "__m.sql", texts[i]));
        }
        return MigratedTables.of(files, "config/sql");
    }

    @Test
    void readsTheRepositoryMigrations() {
        MigratedTables tables = MigratedTables.of(SchemaMigrationFiles.load(Path.of("..", "config")), "config/sql");

        assertThat(tables.names())
                .containsExactly("sales.customers", "sales.order_notes", "sales.orders", "web.events");
        assertThat(tables.table("sales.orders"))
                .isEqualTo(new MigratedTables.Table(
                        "sales.orders",
                        "V1__create_sales_orders.sql",
                        List.of("order_id", "customer_id", "amount", "currency", "status", "ordered_at", "note")));
        assertThat(tables.table("sales.order_notes").columns())
                .as("IDENTITY(1,1), DEFAULT GETDATE() and the table attributes are no columns")
                .containsExactly("note_id", "order_id", "body", "created_at");
    }

    @Test
    void foldsNamesToLowerCaseAndPutsUnqualifiedTablesInPublic() {
        MigratedTables tables = of("CREATE TABLE \"Sales\".Items (Item_ID INT, \"Price\" DECIMAL(10, 2), "
                + "PRIMARY KEY (item_id), UNIQUE (item_id, price));\ncreate temp table scratch (x int)");

        assertThat(tables.table("sales.items").columns()).containsExactly("item_id", "price");
        assertThat(tables.table("public.scratch").columns()).containsExactly("x");
    }

    @Test
    void followsAlterRenameLikeDropAndCreateTableAs() {
        MigratedTables tables = of(
                "CREATE TABLE IF NOT EXISTS s.a (id INT, old_col INT)",
                "ALTER TABLE s.a ADD new_col VARCHAR(10); ALTER TABLE s.a DROP COLUMN old_col;"
                        + " ALTER TABLE s.a ADD CONSTRAINT pk PRIMARY KEY (id)",
                "CREATE TABLE s.b (LIKE s.a INCLUDING DEFAULTS); ALTER TABLE s.b RENAME TO c",
                "CREATE TABLE s.d AS SELECT id FROM s.a; CREATE TABLE s.gone (x INT); DROP TABLE s.gone, s.nothing");

        assertThat(tables.table("s.a"))
                .isEqualTo(new MigratedTables.Table("s.a", "V1__m.sql", List.of("id", "new_col")));
        assertThat(tables.table("s.b")).isNull();
        assertThat(tables.table("s.c"))
                .isEqualTo(new MigratedTables.Table("s.c", "V3__m.sql", List.of("id", "new_col")));
        assertThat(tables.table("s.d"))
                .as("known, its columns not")
                .isEqualTo(new MigratedTables.Table("s.d", "V4__m.sql", null));
        assertThat(tables.names()).containsExactly("s.a", "s.c", "s.d");
    }

    @Test
    void knowsTheSchemasTheRepositoryMigrationsCreate() {
        MigratedTables tables = MigratedTables.of(SchemaMigrationFiles.load(Path.of("..", "config")), "config/sql");

        assertThat(tables.schemas()).containsExactly("sales", "web");
    }

    /** A schema counts when a migration creates it (even empty) or creates a table in it, until it is dropped. */
    @Test
    void followsCreateAndDropSchema() {
        MigratedTables tables = of(
                "CREATE SCHEMA IF NOT EXISTS \"Staging\"; CREATE SCHEMA empty_one; CREATE SCHEMA AUTHORIZATION etl_user",
                "CREATE TABLE marts.daily (d DATE); CREATE SCHEMA old QUOTA 10 GB; CREATE TABLE old.t (x INT)",
                "DROP SCHEMA IF EXISTS old, nothing CASCADE");

        assertThat(tables.schemas()).containsExactly("empty_one", "etl_user", "marts", "staging");
        assertThat(tables.names())
                .as("DROP SCHEMA ... CASCADE drops its tables")
                .containsExactly("marts.daily");
    }
}
