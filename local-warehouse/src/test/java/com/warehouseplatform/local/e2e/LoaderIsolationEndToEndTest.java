package com.warehouseplatform.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.loader.Deadline;
import com.warehouseplatform.loader.LoaderHandler;
import com.warehouseplatform.loader.Sleeper;
import com.warehouseplatform.loader.Warehouse;
import com.warehouseplatform.local.LocalPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;

/**
 * One loader cannot reach another's data or bookkeeping through the warehouse: each loader's user
 * may name only its own COPY role (the bootstrap revokes PUBLIC's default ASSUMEROLE) and touch only
 * its own ledger; and a pending batch's file in the ops bucket carries no SQL that the loader would run.
 */
class LoaderIsolationEndToEndTest {
    private static final String CUSTOMERS_HEADER = "customer_id,name,email,country,updated_at\n";
    private static LoaderFixture local;
    private static LoaderHandler orders;
    private static LoaderHandler customers;

    @BeforeAll
    static void start() {
        local = new LoaderFixture();
        orders = local.handler(LoaderFixture.settings("orders", "sales.orders", "orders/", "csv", "append", null));
        customers = local.handler(
                LoaderFixture.settings("customers", "sales.customers", "customers/", "csv", "append", null));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @BeforeEach
    void reset() {
        local.reset();
    }

    /** Runs statements as the orders loader's database user, as its Lambda would; returns the batch's end. */
    private static DescribeStatementResponse asOrders(String... sqls) {
        Warehouse warehouse = new Warehouse(
                local.platform.dataApiAs("orders"),
                new Warehouse.Target(LocalPlatform.CLUSTER, null, "analytics", null),
                Sleeper.system());
        Deadline deadline = Deadline.in(Clock.systemUTC(), Duration.ofSeconds(30));
        return warehouse.await(warehouse.submitBatch(List.of(sqls), null, deadline), deadline);
    }

    @Test
    void aLoadersUserCannotCopyWithAnotherLoadersRoleNorTheDefault() {
        local.put("customers/a.csv", CUSTOMERS_HEADER + "1,Ada,ada@example.com,GB,2026-11-24 00:00:00\n");
        String temp = "CREATE TEMP TABLE stolen (customer_id BIGINT, name VARCHAR(256), email VARCHAR(256),"
                + " country CHAR(2), updated_at TIMESTAMP)";

        for (String role : List.of("'" + LocalPlatform.copyRoleArn("customers") + "'", "default")) {
            DescribeStatementResponse copy = asOrders(
                    temp,
                    "COPY stolen FROM 's3://raw/customers/a.csv' IAM_ROLE " + role + " FORMAT AS CSV IGNOREHEADER 1");

            assertThat(copy.statusAsString()).as(role).isEqualTo("FAILED");
            assertThat(copy.error()).as(role).contains("ASSUMEROLE").contains(LocalPlatform.loaderUser("orders"));
        }
        DescribeStatementResponse own = asOrders(
                temp,
                "COPY stolen FROM 's3://raw/customers/a.csv' IAM_ROLE '" + LocalPlatform.copyRoleArn("orders")
                        + "' FORMAT AS CSV IGNOREHEADER 1");
        assertThat(own.statusAsString())
                .as("its own role is the one it may name (IAM, not the warehouse, then" + " keeps it to its prefix)")
                .isEqualTo("FINISHED");
    }

    @Test
    void aLoadersUserCannotReadChangeDeleteOrLockAnotherLoadersLedger() {
        local.put("customers/a.csv", CUSTOMERS_HEADER + "1,Ada,ada@example.com,GB,2026-11-24 00:00:00\n");
        assertThat(LoaderFixture.invoke(customers, "customers")).containsEntry("status", "loaded");

        for (String sql : List.of(
                "SELECT count(*) FROM ops.ledger_customers",
                "DELETE FROM ops.ledger_customers",
                "INSERT INTO ops.ledger_customers VALUES ('customers/b.csv', 'e', 1, 'forged', getdate())",
                "UPDATE ops.ledger_customers SET etag = 'forged'",
                "LOCK ops.ledger_customers")) {
            DescribeStatementResponse d = asOrders(sql);
            assertThat(d.statusAsString()).as(sql).isEqualTo("FAILED");
            assertThat(d.error()).as(sql).contains("permission denied");
        }
        assertThat(local.rows("SELECT object_key, etag FROM ops.ledger_customers"))
                .hasSize(1)
                .allSatisfy(row -> assertThat(row.get(1)).isNotEqualTo("forged"));
        assertThat(asOrders("LOCK ops.ledger_orders").statusAsString())
                .as("its own, it may")
                .isEqualTo("FINISHED");
    }

    @Test
    void aPendingBatchEditedToCarrySqlDoesNotRunIt() {
        local.put(
                "orders/a.csv",
                "order_id,customer_id,amount,currency,status,ordered_at,note\n"
                        + "1,10,12.50,EUR,new,2026-11-25 10:00:00,x\n");
        for (int i = 0; i < 200; i++) {
            local.warehouse
                    .faults()
                    .failNextCall("BatchExecuteStatement", "ActiveStatementsExceededException", "too many statements");
        }
        Map<String, Object> deferred = LoaderFixture.invoke(orders, "orders", Duration.ofSeconds(3));
        assertThat(deferred).containsEntry("status", "deferred");
        local.warehouse.faults().clear();
        String key = "state/orders/pending/" + deferred.get("batchId") + ".json";
        String recorded = local.s3
                .getObjectAsBytes(b -> b.bucket(LoaderFixture.OPS).key(key))
                .asUtf8String();
        assertThat(recorded).doesNotContain("LOCK", "COPY", "INSERT");
        String edited = recorded.substring(0, recorded.lastIndexOf('}'))
                + ",\"sqls\":[\"CREATE TABLE public.pwned (x INT)\"],"
                + "\"statements\":[{\"kind\":\"insert-target\",\"sql\":\"CREATE TABLE public.pwned (x INT)\"}]}";
        local.s3.putObject(
                b -> b.bucket(LoaderFixture.OPS).key(key), RequestBody.fromString(edited, StandardCharsets.UTF_8));

        Map<String, Object> next = LoaderFixture.invoke(orders, "orders");

        assertThat(next).containsEntry("status", "loaded").containsEntry("batchId", deferred.get("batchId"));
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(1);
        assertThat(local.count("SELECT count(*) FROM pg_tables WHERE tablename = 'pwned'"))
                .isZero();
    }
}
