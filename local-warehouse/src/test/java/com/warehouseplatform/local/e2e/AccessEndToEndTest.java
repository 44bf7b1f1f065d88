package com.warehouseplatform.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.AccessHandler;
import com.warehouseplatform.loader.SecretReader;
import com.warehouseplatform.loader.Sleeper;
import com.warehouseplatform.local.LocalWarehouse;
import com.warehouseplatform.local.RedshiftDoc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

/**
 * The deploy's access step ({@link AccessHandler}, the real SDK client pointed at the local Data API)
 * against the local warehouse, and the service user signing in over JDBC, TLS, through the front door.
 * Secrets Manager is not served locally: the handler gets the service user's password through
 * {@link SecretReader} from this test, as the CLI gives it its session's passwords. The local
 * PostgreSQL trusts local connections, so what this proves is the grants, not the password check.
 */
class AccessEndToEndTest {
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:tableau-AbCdEf";
    private static LocalWarehouse warehouse;
    private static AccessHandler handler;

    @BeforeAll
    static void start() throws SQLException {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults().database("analytics"));
        RedshiftDataClient dataApi = RedshiftDataClient.builder()
                .endpointOverride(warehouse.dataApiEndpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        SecretReader secrets = (arn, user) -> {
            assertThat(arn).isEqualTo(SECRET);
            return "Local-session-password-1";
        };
        handler = new AccessHandler(dataApi, secrets, Clock.systemUTC(), Sleeper.system());
        admin(
                "CREATE SCHEMA IF NOT EXISTS sales",
                "CREATE SCHEMA IF NOT EXISTS web",
                "CREATE SCHEMA IF NOT EXISTS ops",
                "CREATE TABLE sales.orders (order_id BIGINT, status VARCHAR(16))",
                "INSERT INTO sales.orders VALUES (1001, 'new')",
                "CREATE TABLE web.events (event_id BIGINT)",
                "INSERT INTO web.events VALUES (1)",
                "CREATE TABLE ops.load_ledger (object_key VARCHAR(1024))");
    }

    @AfterAll
    static void stop() {
        warehouse.close();
    }

    private static void admin(String... sqls) throws SQLException {
        try (Connection c = warehouse.dataSource().getConnection();
                Statement s = c.createStatement()) {
            for (String sql : sqls) {
                s.execute(sql);
            }
        }
    }

    private static Map<String, Object> event(String type, List<String> analystReads, List<String> oldReads) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", type);
        event.put("ResourceProperties", props(analystReads));
        if (oldReads != null) {
            event.put("OldResourceProperties", props(oldReads));
            event.put("PhysicalResourceId", "warehouse-access-local-analytics");
        }
        return event;
    }

    private static Map<String, Object> props(List<String> analystReads) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ClusterIdentifier", "local");
        props.put("Database", "analytics");
        props.put("SecretArn", "arn:aws:secretsmanager:eu-west-1:000000000000:secret:admin-XyZ");
        props.put("Roles", List.of(Map.of("name", "analyst", "read", analystReads, "write", List.of())));
        props.put("Users", List.of(Map.of("name", "tableau", "roles", List.of("analyst"), "secretArn", SECRET)));
        props.put("TableOwners", List.of("postgres"));
        props.put("MigrationsChecksum", "abc");
        return props;
    }

    /** Connects as tableau through the front door, TLS required, and runs {@code sql}. */
    private static String asTableau(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + warehouse.postgresPort()
                        + "/analytics?sslmode=require&user=tableau&password=Local-session-password-1");
                Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return "ok";
            }
            try (ResultSet r = s.getResultSet()) {
                StringBuilder out = new StringBuilder();
                while (r.next()) {
                    out.append(r.getString(1)).append(';');
                }
                return out.toString();
            }
        }
    }

    private static String statements(Map<String, Object> response) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) response.get("Data");
        return String.valueOf(data.get("Statements"));
    }

    @Test
    @RedshiftDoc({"r_GRANT", "r_ALTER_DEFAULT_PRIVILEGES", "r_CREATE_ROLE", "r_SVV_RELATION_PRIVILEGES"})
    void aServiceUserReadsWhatItsRoleReadsNowAndLaterAndLosesWhatConfigTakesAway() throws SQLException {
        assertThat(statements(handler.handleRequest(event("Create", List.of("sales", "web"), null), null)))
                .isNotEqualTo("0");

        assertThat(asTableau("SELECT order_id FROM sales.orders")).isEqualTo("1001;");
        assertThat(asTableau("SELECT count(*) FROM web.events")).isEqualTo("1;");
        assertThatThrownBy(() -> asTableau("INSERT INTO sales.orders VALUES (1002, 'paid')"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> asTableau("SELECT * FROM ops.load_ledger")).hasMessageContaining("permission denied");

        // a later migration (run as the admin) creates a table: default privileges grant it at once
        admin("CREATE TABLE sales.refunds (order_id BIGINT)", "INSERT INTO sales.refunds VALUES (7)");
        assertThat(asTableau("SELECT order_id FROM sales.refunds")).isEqualTo("7;");

        assertThat(statements(
                        handler.handleRequest(event("Update", List.of("sales", "web"), List.of("sales", "web")), null)))
                .as("a second run with no change does nothing")
                .isEqualTo("0");

        assertThat(statements(handler.handleRequest(event("Update", List.of("sales"), List.of("sales", "web")), null)))
                .isEqualTo("3");
        assertThatThrownBy(() -> asTableau("SELECT count(*) FROM web.events"))
                .hasMessageContaining("permission denied");
        assertThat(asTableau("SELECT order_id FROM sales.orders")).isEqualTo("1001;");
        assertThat(statements(handler.handleRequest(event("Update", List.of("sales"), List.of("sales")), null)))
                .isEqualTo("0");

        // Delete revokes and drops what it managed; tableau cannot sign in any more
        Map<String, Object> delete = event("Delete", List.of("sales"), null);
        delete.put("PhysicalResourceId", "warehouse-access-local-analytics");
        handler.handleRequest(delete, null);
        assertThatThrownBy(() -> asTableau("SELECT 1")).isInstanceOf(SQLException.class);
    }
}
