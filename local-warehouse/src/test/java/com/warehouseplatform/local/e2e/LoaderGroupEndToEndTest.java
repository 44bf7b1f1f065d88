package com.warehouseplatform.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.contract.LoaderContract;
import com.warehouseplatform.loader.BootstrapHandler;
import com.warehouseplatform.loader.Sleeper;
import com.warehouseplatform.local.LocalCluster;
import com.warehouseplatform.local.LocalWarehouse;
import com.warehouseplatform.local.RedshiftDoc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
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
 * The deploy's bootstrap ({@link BootstrapHandler}, Redshift dialect, the real SDK client pointed at the
 * local Data API with the admin secret) makes the loaders' user group that config/prod.yaml's WLM queue
 * {@code etl} names, with every loader's database user in it; run again, it changes nothing.
 */
class LoaderGroupEndToEndTest {

    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:admin-XyZ";
    private static LocalWarehouse warehouse;
    private static RedshiftDataClient dataApi;

    @BeforeAll
    static void start() throws SQLException {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults().database("analytics"));
        dataApi = RedshiftDataClient.builder()
                .endpointOverride(warehouse.dataApiEndpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        try (Connection c = warehouse.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA sales");
            s.execute("CREATE TABLE sales.orders (id BIGINT)");
            s.execute("CREATE TABLE sales.customers (id BIGINT)");
        }
    }

    @AfterAll
    static void stop() {
        dataApi.close();
        warehouse.close();
    }

    private static Map<String, Object> loader(String name, String table, String mode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loader", name);
        m.put("roleName", "prod-loader-" + name);
        m.put("table", table);
        m.put("copyRoleArn", "arn:aws:iam::123456789012:role/prod-copy-" + name);
        m.put("mode", mode);
        return m;
    }

    /** Runs the bootstrap and returns its log line. */
    private static String bootstrap(String type, List<Map<String, Object>> loaders) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ClusterIdentifier", LocalCluster.IDENTIFIER);
        props.put("Database", "analytics");
        props.put("SecretArn", SECRET);
        props.put("Loaders", loaders);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", type);
        event.put("ResourceProperties", props);
        PrintStream original = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            new BootstrapHandler(dataApi, Clock.systemUTC(), Sleeper.system()).handleRequest(event, null);
        } finally {
            System.setOut(original);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    /** The groups and members as r_Groups lists them, with each group's id (a recreated group has a new one). */
    private static List<String> groups() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = warehouse.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT g.groname, g.grosysid, u.usename FROM pg_group g"
                        + " JOIN pg_user u ON u.usesysid = ANY (g.grolist) WHERE g.groname = '"
                        + LoaderContract.LOADERS_GROUP + "' ORDER BY u.usename")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }

    @Test
    @RedshiftDoc({"r_CREATE_GROUP", "r_ALTER_GROUP", "r_Groups", "cm-c-wlm-queue-assignment-rules"})
    void everyLoadersUserIsInTheLoadersGroupAndASecondBootstrapChangesNothing() throws SQLException {
        List<Map<String, Object>> loaders =
                List.of(loader("orders", "sales.orders", "merge"), loader("customers", "sales.customers", "append"));

        String first = bootstrap("Create", loaders);

        List<String> after = groups();
        assertThat(after)
                .extracting(r -> r.substring(r.lastIndexOf('|') + 1))
                .containsExactly("IAMR:prod-loader-customers", "IAMR:prod-loader-orders");
        assertThat(first).contains("\"addedToGroup\":[\"IAMR:prod-loader-orders\",\"IAMR:prod-loader-customers\"]");

        String second = bootstrap("Update", loaders);

        assertThat(second).as("nobody created or added again").contains("\"createdUsers\":[]", "\"addedToGroup\":[]");
        assertThat(groups()).as("the same group (same id), the same members").isEqualTo(after);

        String third = bootstrap("Update", List.of(loader("orders", "sales.orders", "merge")));

        assertThat(third).contains("\"addedToGroup\":[]");
        assertThat(groups())
                .as("a loader taken out of config keeps its user and its membership, as it keeps its grants")
                .isEqualTo(after);
    }
}
