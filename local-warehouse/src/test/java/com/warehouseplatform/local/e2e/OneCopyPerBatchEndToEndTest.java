package com.warehouseplatform.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.LoaderHandler;
import com.warehouseplatform.local.FaultInjector;
import com.warehouseplatform.local.LocalSns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;

/**
 * The batch the Redshift way (docs/loader-contract.md): one COPY over one manifest, however many
 * files, a statement list that does not grow with them, and load errors read from the table
 * Redshift writes them to for the warehouse type.
 */
class OneCopyPerBatchEndToEndTest {
    private static final String HEADER = "order_id,customer_id,amount,currency,status,ordered_at,note\n";
    /** The Data API's ceiling on one statement (API_BatchExecuteStatement). */
    private static final int MAX_STATEMENT_CHARS = 100_000;

    private static LoaderFixture local;

    @BeforeAll
    static void start() {
        local = new LoaderFixture();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @BeforeEach
    void reset() {
        local.reset();
    }

    private static Map<String, String> orders(int maxFiles) {
        Map<String, String> settings =
                LoaderFixture.settings("orders", "sales.orders", "orders/", "csv", "append", null);
        settings.put("MAX_FILES_PER_RUN", String.valueOf(maxFiles));
        return settings;
    }

    private static void putOrders(int files) {
        for (int i = 0; i < files; i++) {
            local.put(
                    String.format("orders/2026/12/01/part-%05d.csv", i),
                    HEADER + (i + 1) + ",1,1.00,EUR,new,2026-12-01 10:00:00,file " + i + "\n");
        }
    }

    @Test
    void twoThousandFilesLoadInTwoRunsEachRowOnce() {
        putOrders(2_000);
        LoaderHandler handler = local.handler(orders(1_000));

        Map<String, Object> first = LoaderFixture.invoke(handler, "orders");
        Map<String, Object> second = LoaderFixture.invoke(handler, "orders");
        Map<String, Object> third = LoaderFixture.invoke(handler, "orders");

        assertThat(first)
                .containsEntry("status", "loaded")
                .containsEntry("files", 1_000L)
                .containsEntry("rows", 1_000L);
        assertThat(second)
                .containsEntry("status", "loaded")
                .containsEntry("files", 1_000L)
                .containsEntry("rows", 1_000L);
        assertThat(third).containsEntry("status", "up-to-date");
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(2_000);
        assertThat(local.count("SELECT count(DISTINCT order_id) FROM sales.orders"))
                .isEqualTo(2_000);
        assertThat(local.count("SELECT count(DISTINCT object_key) FROM ops.ledger_orders"))
                .isEqualTo(2_000);
    }

    @Test
    void aBatchOfTenFilesAndOneOfFiveThousandHaveTheSameStatements() throws Exception {
        putOrders(10);
        List<SubStatementData> ten = submittedStatements(local.handler(orders(10_000)));
        local.reset();
        putOrders(5_000);
        List<SubStatementData> fiveThousand = submittedStatements(local.handler(orders(10_000)));

        assertThat(fiveThousand).hasSameSizeAs(ten);
        assertThat(ten).hasSize(9);
        assertThat(fiveThousand)
                .allSatisfy(s -> assertThat(s.queryString().length()).isLessThan(MAX_STATEMENT_CHARS));
        assertThat(fiveThousand)
                .filteredOn(s -> s.queryString().startsWith("COPY stage "))
                .as("one COPY of the data")
                .hasSize(1);
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(5_000);
    }

    /** Runs one invocation, capturing its batch as the Data API received it. */
    private static List<SubStatementData> submittedStatements(LoaderHandler handler) throws Exception {
        FaultInjector.Hold hold = local.warehouse.faults().holdNext("LOCK ops.\"ledger_orders\"");
        CompletableFuture<Map<String, Object>> run =
                CompletableFuture.supplyAsync(() -> LoaderFixture.invoke(handler, "orders"));
        assertThat(hold.awaitHeld(Duration.ofSeconds(60))).isTrue();
        String batch = hold.statementId().substring(0, hold.statementId().indexOf(':'));
        DescribeStatementResponse described = local.dataApi.describeStatement(b -> b.id(batch));
        hold.release();
        assertThat(run.get()).containsEntry("status", "loaded");
        return described.subStatements();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CLUSTER_IDENTIFIER", "WORKGROUP_NAME"})
    void aBadRowInOneOfFiftyFilesFailsTheBatchNamesItAndTheOthersLoadNextRun(String warehouse) {
        putOrders(50);
        String bad = "orders/2026/12/01/part-00017.csv";
        local.put(
                bad,
                HEADER + "18,1,1.00,EUR,new,2026-12-01 10:00:00,good\n"
                        + "10018,1,seven,EUR,new,2026-12-01 10:00:00,bad\n");
        Map<String, String> settings = orders(1_000);
        if (warehouse.equals("WORKGROUP_NAME")) {
            settings.remove("CLUSTER_IDENTIFIER");
            settings.put("WORKGROUP_NAME", "local-serverless");
        }
        LoaderHandler handler = local.handler(settings);

        assertThatThrownBy(() -> LoaderFixture.invoke(handler, "orders")).hasMessageContaining(bad);

        assertThat(local.count("SELECT count(*) FROM sales.orders"))
                .as("atomic: nothing of the batch")
                .isZero();
        List<LocalSns.Message> alerts = local.sns.messages();
        assertThat(alerts)
                .singleElement()
                .satisfies(alert -> assertThat(alert.body())
                        .contains("s3://raw/" + bad + " line 3 column amount: ", "(code ")
                        .doesNotContainIgnoringCase("seven")
                        .contains("Quarantined", bad));
        assertThat(alerts.get(0).body().split("line 3 column amount", -1))
                .as("each error once, though the other"
                        + " warehouse type's run failed on the same file minutes before")
                .hasSize(2);

        Map<String, Object> next = LoaderFixture.invoke(handler, "orders");

        assertThat(next).containsEntry("status", "loaded").containsEntry("files", 49L);
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(49);
        assertThat(local.count("SELECT count(*) FROM sales.orders WHERE order_id IN (18, 10018)"))
                .isZero();
    }
}
