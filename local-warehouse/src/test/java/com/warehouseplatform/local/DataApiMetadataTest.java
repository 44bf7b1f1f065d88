package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DatabaseConnectionException;
import software.amazon.awssdk.services.redshiftdata.model.DescribeTableResponse;
import software.amazon.awssdk.services.redshiftdata.model.ListSchemasResponse;
import software.amazon.awssdk.services.redshiftdata.model.ListTablesResponse;
import software.amazon.awssdk.services.redshiftdata.model.TableMember;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

/** ListDatabases, ListSchemas, ListTables and DescribeTable through the real SDK client. */
class DataApiMetadataTest {

    private static final String CLUSTER = DataApiClient.CLUSTER;

    private static LocalWarehouse warehouse;
    private static DataApiClient admin;
    private static DataApiClient analyst;

    @BeforeAll
    static void start() throws Exception {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults());
        warehouse.iamRole("AKIAANALYST", "analyst");
        admin = new DataApiClient(warehouse);
        analyst = new DataApiClient(warehouse, "AKIAANALYST");
        try (Connection connection = warehouse.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA meta");
            statement.execute("CREATE TABLE meta.orders (order_id BIGINT NOT NULL,"
                    + " status VARCHAR(16) DEFAULT 'new', amount NUMERIC(12,2), note CHAR(4),"
                    + " created_at TIMESTAMP)");
            for (String name : List.of("a_2026", "b_2026", "c_2025", "customers", "ordersx")) {
                statement.execute("CREATE TABLE meta." + name + " (id INT)");
            }
            statement.execute("CREATE VIEW meta.open_orders AS SELECT * FROM meta.orders" + " WHERE status = 'new'");
            statement.execute("CREATE SCHEMA hidden");
            statement.execute("CREATE TABLE hidden.salaries (id INT)");
            statement.execute("CREATE USER \"IAMR:analyst\"");
            statement.execute("GRANT USAGE ON SCHEMA meta TO \"IAMR:analyst\"");
            statement.execute("GRANT SELECT ON meta.orders TO \"IAMR:analyst\"");
            statement.execute("GRANT SELECT (id) ON meta.customers TO \"IAMR:analyst\"");
            statement.execute("GRANT SELECT ON hidden.salaries TO \"IAMR:analyst\"");
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (analyst != null) {
            analyst.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    @RedshiftDoc({"API_ListTables", "API_TableMember"})
    void listTablesPagesThroughEveryMatchingTableWithTheSdkPaginator() {
        List<ListTablesResponse> pages = new ArrayList<>();
        admin.sdk
                .listTablesPaginator(b -> b.clusterIdentifier(CLUSTER)
                        .database("dev")
                        .schemaPattern("meta")
                        .maxResults(3))
                .forEach(pages::add);

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).tables()).hasSize(3);
        assertThat(pages.get(0).nextToken()).isNotNull();
        assertThat(pages.get(2).nextToken()).isNull();
        List<TableMember> tables =
                pages.stream().flatMap(p -> p.tables().stream()).toList();
        assertThat(tables)
                .extracting(TableMember::name)
                .containsExactly("a_2026", "b_2026", "c_2025", "customers", "open_orders", "orders", "ordersx");
        assertThat(tables).extracting(TableMember::schema).containsOnly("meta");
        assertThat(tables)
                .filteredOn(t -> t.name().equals("open_orders"))
                .extracting(TableMember::type)
                .containsExactly("VIEW");
        assertThat(tables)
                .filteredOn(t -> t.name().equals("orders"))
                .extracting(TableMember::type)
                .containsExactly("TABLE");
    }

    @Test
    @RedshiftDoc("API_ListTables")
    void tableAndSchemaPatternsAreLikePatterns() {
        assertThat(tableNames("me%", "%\\_2026")).containsExactly("a_2026", "b_2026");
        assertThat(tableNames("meta", "order_")).containsExactly("orders");
        assertThat(tableNames("meta", "order__")).containsExactly("ordersx");
        assertThat(tableNames("m_ta", "orders")).containsExactly("orders");
        assertThat(tableNames("meta", "ORDERS"))
                .as("patterns are case-sensitive")
                .isEmpty();
        // the patterns apply to both parts: no schema is named like this
        assertThat(tableNames("nope%", "%")).isEmpty();
    }

    @Test
    @RedshiftDoc({"API_ListTables", "data-api-calling-cli-list-tables", "API_ListSchemas"})
    void catalogTablesAreSystemTablesAndTheLocalWarehousesOwnSchemasAreNotListed() {
        List<TableMember> catalog = admin
                .sdk
                .listTablesPaginator(
                        b -> b.clusterIdentifier(CLUSTER).database("dev").schemaPattern("information_schema"))
                .tables()
                .stream()
                .toList();
        assertThat(catalog)
                .filteredOn(t -> t.name().equals("sql_features"))
                .extracting(TableMember::type)
                .containsExactly("SYSTEM TABLE");
        assertThat(catalog)
                .filteredOn(t -> t.name().equals("columns"))
                .extracting(TableMember::type)
                .containsExactly("SYSTEM VIEW");

        List<TableMember> all =
                admin.sdk.listTablesPaginator(b -> b.clusterIdentifier(CLUSTER).database("dev")).tables().stream()
                        .toList();
        assertThat(all)
                .extracting(TableMember::schema)
                .contains("pg_catalog", "information_schema", "meta", "hidden")
                .doesNotContain("local_warehouse", "sys", "pg_toast");
    }

    @Test
    @RedshiftDoc({"API_ListSchemas", "data-api-calling-cli-list-schemas"})
    void listSchemasPagesThroughSchemasMatchingThePattern() {
        List<ListSchemasResponse> pages = new ArrayList<>();
        admin.sdk
                .listSchemasPaginator(
                        b -> b.clusterIdentifier(CLUSTER).database("dev").maxResults(2))
                .forEach(pages::add);
        List<String> schemas = pages.stream().flatMap(p -> p.schemas().stream()).toList();
        assertThat(pages.size()).isGreaterThan(1);
        assertThat(schemas).containsExactly("hidden", "information_schema", "meta", "pg_catalog", "public");

        assertThat(admin.sdk
                        .listSchemas(b -> b.workgroupName("wg").database("dev").schemaPattern("m_t%"))
                        .schemas())
                .containsExactly("meta");
    }

    @Test
    @RedshiftDoc({"API_ListTables", "API_ListSchemas", "API_DescribeTable", "r_SHOW_TABLES"})
    void aUserListsAndDescribesOnlyWhatItsGrantsLetItSee() {
        assertThat(analyst.sdk
                        .listSchemas(b -> b.clusterIdentifier(CLUSTER).database("dev"))
                        .schemas())
                .contains("meta", "public")
                .doesNotContain("hidden");
        List<String> tables = analyst
                .sdk
                .listTablesPaginator(b -> b.clusterIdentifier(CLUSTER)
                        .database("dev")
                        .schemaPattern("%")
                        .tablePattern("%"))
                .tables()
                .stream()
                .filter(t -> !t.schema().equals("pg_catalog") && !t.schema().equals("information_schema"))
                .map(t -> t.schema() + "." + t.name())
                .toList();
        // customers by its column grant; hidden.salaries has SELECT but no USAGE on its schema
        assertThat(tables).containsExactly("meta.customers", "meta.orders");

        assertThat(analyst.sdk
                        .describeTable(b -> b.clusterIdentifier(CLUSTER)
                                .database("dev")
                                .schema("meta")
                                .table("a_2026"))
                        .columnList())
                .isEmpty();
        assertThat(analyst.sdk
                        .describeTable(b -> b.clusterIdentifier(CLUSTER)
                                .database("dev")
                                .schema("meta")
                                .table("orders"))
                        .columnList())
                .hasSize(5);
        // with DbUser the named user's grants apply, whoever signs
        assertThat(admin.sdk
                        .listTables(b -> b.clusterIdentifier(CLUSTER)
                                .database("dev")
                                .dbUser("IAMR:analyst")
                                .schemaPattern("meta"))
                        .tables())
                .extracting(TableMember::name)
                .containsExactly("customers", "orders");
    }

    @Test
    @RedshiftDoc({"API_DescribeTable", "API_ColumnMetadata"})
    void describeTableGivesEachColumnsMetadataInPages() {
        List<DescribeTableResponse> pages = new ArrayList<>();
        admin.sdk
                .describeTablePaginator(b -> b.clusterIdentifier(CLUSTER)
                        .database("dev")
                        .schema("meta")
                        .table("orders")
                        .maxResults(2))
                .forEach(pages::add);

        assertThat(pages).hasSize(3);
        assertThat(pages).extracting(DescribeTableResponse::tableName).containsOnly("orders");
        List<ColumnMetadata> columns =
                pages.stream().flatMap(p -> p.columnList().stream()).toList();
        assertThat(columns)
                .extracting(ColumnMetadata::name)
                .containsExactly("order_id", "status", "amount", "note", "created_at");
        assertThat(columns)
                .extracting(ColumnMetadata::typeName)
                .containsExactly("int8", "varchar", "numeric", "bpchar", "timestamp");
        assertThat(columns).extracting(ColumnMetadata::schemaName).containsOnly("meta");
        assertThat(columns).extracting(ColumnMetadata::tableName).containsOnly("orders");
        ColumnMetadata orderId = columns.get(0);
        assertThat(orderId.nullable()).isZero();
        assertThat(orderId.isSigned()).isTrue();
        ColumnMetadata status = columns.get(1);
        assertThat(status.length()).isEqualTo(16);
        assertThat(status.nullable()).isEqualTo(1);
        assertThat(status.columnDefault()).isEqualTo("'new'::character varying");
        assertThat(status.isCaseSensitive()).isTrue();
        ColumnMetadata amount = columns.get(2);
        assertThat(amount.precision()).isEqualTo(12);
        assertThat(amount.scale()).isEqualTo(2);
        assertThat(columns.get(3).length()).isEqualTo(4);

        // without Table: the columns of every table of the schema, each naming its table
        List<ColumnMetadata> schemaColumns = admin
                .sdk
                .describeTablePaginator(
                        b -> b.clusterIdentifier(CLUSTER).database("dev").schema("meta"))
                .columnList()
                .stream()
                .toList();
        assertThat(schemaColumns).extracting(ColumnMetadata::tableName).contains("a_2026", "orders", "open_orders");
    }

    @Test
    @RedshiftDoc("API_DescribeTable")
    void describeTableTakesNamesNotPatterns() {
        // '_' is matched as itself: orders_ is no table, although it would match ordersx as a pattern
        assertThat(admin.sdk
                        .describeTable(b -> b.clusterIdentifier(CLUSTER)
                                .database("dev")
                                .schema("meta")
                                .table("orders_"))
                        .columnList())
                .isEmpty();
        assertThatThrownBy(() -> admin.sdk.describeTable(b -> b.clusterIdentifier(CLUSTER)
                        .database("dev")
                        .schema("meta")
                        .table("ord%")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Table is a name, not a pattern: 'ord%'");
    }

    @Test
    @RedshiftDoc({"API_ListDatabases", "data-api-calling-cli-list-databases"})
    void listDatabasesListsTheWarehouseDatabaseOnly() {
        assertThat(
                        admin
                                .sdk
                                .listDatabasesPaginator(
                                        b -> b.clusterIdentifier(CLUSTER).database("dev"))
                                .databases()
                                .stream()
                                .toList())
                .containsExactly("dev");
    }

    @Test
    @RedshiftDoc({"API_ListTables", "API_ListDatabases", "API_DescribeTable"})
    void metadataCallsFollowTheRulesOfExecuteStatement() {
        assertThatThrownBy(() -> admin.sdk.listTables(b -> b.database("dev")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Exactly one of ClusterIdentifier and WorkgroupName");
        assertThatThrownBy(() -> admin.sdk.listSchemas(b -> b.clusterIdentifier(CLUSTER)
                        .database("dev")
                        .dbUser("someone")
                        .secretArn("arn:aws:secretsmanager:::secret:x")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Only one of DbUser and SecretArn");
        assertThatThrownBy(() -> admin.sdk.listTables(
                        b -> b.clusterIdentifier(CLUSTER).database("dev").maxResults(1001)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("MaxResults must be between 0 and 1000");
        assertThatThrownBy(() -> admin.sdk.listTables(
                        b -> b.clusterIdentifier(CLUSTER).database("dev").nextToken("not-a-token")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("NextToken is not valid");
        assertThatThrownBy(() -> admin.sdk.listDatabases(
                        b -> b.clusterIdentifier(CLUSTER).database("nope")))
                .isInstanceOf(DatabaseConnectionException.class)
                .hasMessageContaining("database \"nope\" does not exist");
        assertThatThrownBy(() -> admin.sdk.listTables(
                        b -> b.clusterIdentifier(CLUSTER).database("dev").connectedDatabase("other")))
                .isInstanceOf(DatabaseConnectionException.class)
                .hasMessageContaining("database \"other\" does not exist");
        assertThatThrownBy(() -> admin.sdk.describeTable(b -> b.clusterIdentifier(CLUSTER)
                        .database("dev")
                        .dbUser("no_such_user")
                        .schema("meta")
                        .table("orders")))
                .isInstanceOf(DatabaseConnectionException.class)
                .hasMessageContaining("no_such_user");
    }

    private static List<String> tableNames(String schemaPattern, String tablePattern) {
        return admin
                .sdk
                .listTablesPaginator(b -> b.clusterIdentifier(CLUSTER)
                        .database("dev")
                        .schemaPattern(schemaPattern)
                        .tablePattern(tablePattern))
                .tables()
                .stream()
                .map(TableMember::name)
                .toList();
    }
}
