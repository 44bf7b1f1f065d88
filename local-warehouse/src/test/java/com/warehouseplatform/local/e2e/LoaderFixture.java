package com.warehouseplatform.local.e2e;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.warehouseplatform.loader.LoaderHandler;
import com.warehouseplatform.local.LocalPlatform;
import com.warehouseplatform.local.LocalSns;
import com.warehouseplatform.local.LocalWarehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local warehouse with the platform's schema (config/sql, applied through the Data API by the
 * migration runner), the ledger, the raw and ops buckets and an SNS endpoint; and the real loader
 * handler with real AWS SDK clients pointed at them. One per test class: starting costs seconds.
 */
final class LoaderFixture implements AutoCloseable {
    static final String RAW = LocalPlatform.RAW;
    static final String OPS = LocalPlatform.OPS;
    static final String TOPIC = LocalPlatform.ALERT_TOPIC_ARN;

    final LocalPlatform platform;
    final LocalWarehouse warehouse;
    final LocalSns sns;
    final S3Client s3;
    final RedshiftDataClient dataApi;

    LoaderFixture() {
        platform = LocalPlatform.start("analytics");
        warehouse = platform.warehouse();
        sns = platform.sns();
        s3 = platform.s3();
        dataApi = platform.dataApi();
        platform.migrate(LocalPlatform.migrations(Path.of("..", "config")));
    }

    /** The settings the infrastructure gives a loader, for a loader of this test. */
    static Map<String, String> settings(
            String name, String table, String prefix, String format, String mode, String keys) {
        return com.warehouseplatform.local.LoaderVariables.of(name, table, prefix, format, mode, keys, "analytics");
    }

    LoaderHandler handler(Map<String, String> settings) {
        return platform.handler(settings);
    }

    /** Runs one invocation as Lambda would, with {@code remaining} time left. */
    static Map<String, Object> invoke(LoaderHandler handler, String loader, Duration remaining) {
        return handler.handleRequest(new HashMap<>(Map.of("loader", loader)), context(remaining));
    }

    static Map<String, Object> invoke(LoaderHandler handler, String loader) {
        return invoke(handler, loader, Duration.ofMinutes(2));
    }

    void put(String key, String text) {
        put(key, text.getBytes(StandardCharsets.UTF_8));
    }

    void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(RAW).key(key), RequestBody.fromBytes(bytes));
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Rows of a query straight from PostgreSQL, each as a list of texts. */
    List<List<String>> rows(String sql) {
        try (Connection c = warehouse.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(r.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(String sql) {
        return Long.parseLong(rows(sql).get(0).get(0));
    }

    void execute(String sql) {
        try (Connection c = warehouse.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs one statement through the Data API as the admin (its secret), as an operator would. */
    void adminSql(String sql) {
        new com.warehouseplatform.loader.Warehouse(
                        dataApi,
                        new com.warehouseplatform.loader.Warehouse.Target(
                                LocalPlatform.CLUSTER, null, "analytics", LocalPlatform.ADMIN_SECRET_ARN),
                        com.warehouseplatform.loader.Sleeper.system())
                .run(
                        sql,
                        com.warehouseplatform.loader.Deadline.in(java.time.Clock.systemUTC(), Duration.ofSeconds(30)));
    }

    /** Empties the tables and buckets between tests. */
    void reset() {
        warehouse.faults().clear(); // first: a statement a failed test left held would block the TRUNCATE
        execute("TRUNCATE sales.orders, sales.customers, sales.order_notes, web.events");
        for (List<String> ledger :
                rows("SELECT tablename FROM pg_tables WHERE schemaname = 'ops' AND tablename LIKE 'ledger\\_%'")) {
            execute("TRUNCATE ops." + ledger.get(0));
        }
        for (String bucket : List.of(RAW, OPS)) {
            for (var object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
                s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
            }
        }
        sns.clear();
    }

    @Override
    public void close() {
        platform.close();
    }

    static Context context(Duration remaining) {
        long until = System.currentTimeMillis() + remaining.toMillis();
        return new Context() {
            public String getAwsRequestId() {
                return "local";
            }

            public String getLogGroupName() {
                return "local";
            }

            public String getLogStreamName() {
                return "local";
            }

            public String getFunctionName() {
                return "loader";
            }

            public String getFunctionVersion() {
                return "1";
            }

            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:eu-west-1:123456789012:function:loader";
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return (int) Math.max(0, until - System.currentTimeMillis());
            }

            public int getMemoryLimitInMB() {
                return 1024;
            }

            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}
