package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each loader of a local platform runs as its own IAMR: user with the bootstrap's grants. */
class LocalPlatformTest {

    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        platform = LocalPlatform.start("analytics");
        platform.migrate(LocalPlatform.migrations(Path.of("..", "config")));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @RedshiftDoc({"data-api-access", "API_GetClusterCredentialsWithIAM"})
    @Test
    void aLoaderHandlerBootstrapsItsUserAndSignsWithItsOwnKey() throws Exception {
        platform.handler(settings("orders", "sales.orders"));
        platform.handler(settings("orders", "sales.orders")); // a second handler: bootstrap is idempotent

        String user = LocalPlatform.loaderUser("orders");
        assertThat(user).isEqualTo("IAMR:local-loader-orders");
        assertThat(rows("SELECT rolsuper, has_table_privilege(rolname, 'sales.orders', 'INSERT'),"
                        + " has_table_privilege(rolname, 'sales.customers', 'INSERT'),"
                        + " has_table_privilege(rolname, 'ops.ledger_orders', 'INSERT')"
                        + " FROM pg_roles WHERE rolname = '" + user + "'"))
                .containsExactly("f|t|f|t");

        try (DataApiClient asLoader =
                new DataApiClient(platform.warehouse(), LocalPlatform.loaderAccessKeyId("orders"))) {
            assertThat(asLoader.queryText("SELECT current_user")).containsExactly(user);
        }
        try (DataApiClient other = new DataApiClient(platform.warehouse(), "AKIAUNKNOWN")) {
            assertThat(other.queryText("SELECT current_user")).containsExactly("postgres");
        }
    }

    private static Map<String, String> settings(String name, String table) {
        return LoaderVariables.of(name, table, name + "/", "csv", "append", null, "analytics");
    }

    private static List<String> rows(String sql) throws Exception {
        try (Connection c = platform.warehouse().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(r.getString(i));
                }
                rows.add(String.join("|", row));
            }
            return rows;
        }
    }
}
