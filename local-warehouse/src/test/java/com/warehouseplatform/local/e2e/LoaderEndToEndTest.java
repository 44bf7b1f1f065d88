package com.warehouseplatform.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.LoaderHandler;
import com.warehouseplatform.local.FaultInjector;
import com.warehouseplatform.local.LocalPlatform;
import com.warehouseplatform.local.LocalSns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loader end to end: the real handler, real AWS SDK clients, the local warehouse (PostgreSQL, an S3
 * server, the Data API). One test per guarantee at least; each asserts rows and contents.
 */
class LoaderEndToEndTest {
    private static final String HEADER = "order_id,customer_id,amount,currency,status,ordered_at,note\n";
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

    private static LoaderHandler orders(String mode) {
        return local.handler(LoaderFixture.settings(
                "orders", "sales.orders", "orders/", "csv", mode, mode.equals("merge") ? "order_id" : null));
    }

    private static List<List<String>> orderRows() {
        return local.rows("SELECT order_id, amount, status, note FROM sales.orders ORDER BY order_id, amount");
    }

    private static long ledger(String loader) {
        return local.count("SELECT count(*) FROM ops.ledger_" + loader.replace('-', '_'));
    }

    @Test
    void appendsEveryFileOnce() {
        local.put(
                "orders/2026/11/25/a.csv",
                HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,first\n"
                        + "2,11,7.00,EUR,new,2026-11-25 10:01:00,second\n");
        local.put("orders/2026/11/25/b.csv", HEADER + "3,12,1.25,USD,paid,2026-11-25 10:02:00,third\n");

        Map<String, Object> result = LoaderFixture.invoke(orders("append"), "orders");

        assertThat(result)
                .containsEntry("status", "loaded")
                .containsEntry("files", 2L)
                .containsEntry("rows", 3L);
        assertThat(orderRows())
                .containsExactly(
                        List.of("1", "12.50", "new", "first"),
                        List.of("2", "7.00", "new", "second"),
                        List.of("3", "1.25", "paid", "third"));
        assertThat(ledger("orders")).isEqualTo(2);
    }

    @Test
    void mergeKeepsTheRowWithTheGreatestOrderByWhateverTheFileAndRowOrder() {
        LoaderHandler merge = local.handler(withOrderBy(
                LoaderFixture.settings("orders", "sales.orders", "orders/", "csv", "merge", "order_id"), "ordered_at"));
        local.put(
                "orders/a.csv",
                HEADER + "1,10,10.00,EUR,new,2026-11-25 10:00:00,a1\n" + "2,11,20.00,EUR,new,2026-11-25 10:00:00,a2\n");
        LoaderFixture.invoke(merge, "orders");
        // the first file in key order and the first row hold the NEWER version of key 2 and 3
        local.put(
                "orders/b.csv",
                HEADER + "2,11,22.00,EUR,shipped,2026-11-25 11:30:00,b2 newest\n"
                        + "3,12,31.00,EUR,paid,2026-11-25 12:00:00,b3 newest\n"
                        + "2,11,21.00,EUR,paid,2026-11-25 11:00:00,b2 older\n");
        local.put(
                "orders/c.csv",
                HEADER + "3,12,30.00,EUR,new,2026-11-25 11:00:00,c3 older\n"
                        + "2,11,19.00,EUR,new,2026-11-25 09:00:00,c2 oldest\n");

        Map<String, Object> result = LoaderFixture.invoke(merge, "orders");

        assertThat(result)
                .containsEntry("status", "loaded")
                .containsEntry("files", 2L)
                .containsEntry("rows", 2L);
        assertThat(orderRows())
                .containsExactly(
                        List.of("1", "10.00", "new", "a1"),
                        List.of("2", "22.00", "shipped", "b2 newest"),
                        List.of("3", "31.00", "paid", "b3 newest"));
        assertThat(ledger("orders")).isEqualTo(3);
    }

    @Test
    void mergeWithoutOrderByLoadsNothingWhenAKeyRepeatsAndTheAlertNamesIt() {
        local.put(
                "orders/a.csv",
                HEADER + "1,10,10.00,EUR,new,2026-11-25 10:00:00,a1\n" + "2,11,20.00,EUR,new,2026-11-25 10:00:00,a2\n");
        local.put("orders/b.csv", HEADER + "2,11,21.00,EUR,paid,2026-11-25 11:00:00,b2\n");
        LoaderHandler merge = orders("merge");

        assertThatThrownBy(() -> LoaderFixture.invoke(merge, "orders"))
                .hasMessageContaining("merge key (order_id) repeats")
                .hasMessageContaining("set orderBy");

        assertThat(local.count("SELECT count(*) FROM sales.orders"))
                .as("nothing loaded")
                .isZero();
        assertThat(ledger("orders")).isZero();
        assertThat(local.sns.messages())
                .singleElement()
                .satisfies(alert -> assertThat(alert.body())
                        .contains(
                                "nothing of it was loaded",
                                "Repeated keys: 2",
                                "set orderBy",
                                "orders/a.csv",
                                "orders/b.csv"));
        assertThatThrownBy(() -> LoaderFixture.invoke(merge, "orders"))
                .as("and again, until orderBy is set")
                .hasMessageContaining("Repeated keys: 2");

        LoaderFixture.invoke(
                local.handler(withOrderBy(
                        LoaderFixture.settings("orders", "sales.orders", "orders/", "csv", "merge", "order_id"),
                        "ordered_at")),
                "orders");
        assertThat(orderRows())
                .containsExactly(List.of("1", "10.00", "new", "a1"), List.of("2", "21.00", "paid", "b2"));
    }

    @Test
    void anIdentityColumnOfTheTargetIsFilledByTheWarehouseNotByTheFiles() {
        LoaderHandler notes =
                local.handler(LoaderFixture.settings("notes", "sales.order_notes", "notes/", "csv", "append", null));
        local.put(
                "notes/a.csv",
                "order_id,body,created_at\n7,first note,2026-11-25 10:00:00\n8,second,2026-11-25 10:01:00\n");

        Map<String, Object> result = LoaderFixture.invoke(notes, "notes");

        assertThat(result).containsEntry("status", "loaded").containsEntry("rows", 2L);
        assertThat(local.rows("SELECT order_id, body FROM sales.order_notes ORDER BY order_id"))
                .containsExactly(List.of("7", "first note"), List.of("8", "second"));
        assertThat(local.count("SELECT count(DISTINCT note_id) FROM sales.order_notes WHERE note_id IS NOT NULL"))
                .as("the identity column is generated")
                .isEqualTo(2);
    }

    @Test
    void theLoaderCopiesWithItsOwnAssumeRoleGrantAlonePublicHoldsNone() {
        LoaderHandler handler = orders("append");
        local.put("orders/a.csv", HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,x\n");
        assertThat(LoaderFixture.invoke(handler, "orders"))
                .as("the bootstrap's GRANT ASSUMEROLE ... FOR COPY")
                .containsEntry("status", "loaded");

        local.adminSql("REVOKE ASSUMEROLE ON '" + LocalPlatform.copyRoleArn("orders") + "' FROM \""
                + LocalPlatform.loaderUser("orders") + "\" FOR COPY");
        local.put("orders/b.csv", HEADER + "2,10,12.50,EUR,new,2026-11-25 10:00:00,y\n");

        assertThatThrownBy(() -> LoaderFixture.invoke(handler, "orders"))
                .as("PUBLIC's default was revoked at bootstrap")
                .hasMessageContaining("ASSUMEROLE");
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(1);
        assertThat(LoaderFixture.invoke(orders("append"), "orders"))
                .as("the next bootstrap grants it again")
                .containsEntry("files", 1L);
    }

    @Test
    void aMigrationThatRecreatesTheTargetNeedsTheBootstrapAgainWhichTheDeployRunsAfterIt() {
        java.util.function.Supplier<LoaderHandler> customers = () -> local.handler(
                LoaderFixture.settings("customers", "sales.customers", "customers/", "csv", "append", null));
        LoaderHandler before = customers.get();
        String header = "customer_id,name,email,country,updated_at\n";
        local.put("customers/a.csv", header + "1,Ada,ada@example.com,GB,2026-11-24 00:00:00\n");
        assertThat(LoaderFixture.invoke(before, "customers")).containsEntry("status", "loaded");
        List<com.warehouseplatform.loader.migrations.Migration> migrations = new java.util.ArrayList<>(
                com.warehouseplatform.local.LocalPlatform.migrations(java.nio.file.Path.of("..", "config")));
        migrations.add(
                com.warehouseplatform.loader.migrations.Migration.of(
                        "V90__recreate_customers.sql",
                        "DROP TABLE sales.customers;\nCREATE TABLE sales.customers (customer_id BIGINT NOT NULL, name VARCHAR(256),"
                                + " email VARCHAR(256), country CHAR(2), updated_at TIMESTAMP) DISTSTYLE ALL SORTKEY (customer_id);"));
        local.platform.migrate(migrations);
        local.put("customers/b.csv", header + "2,Grace,grace@example.com,US,2026-11-25 00:00:00\n");

        assertThatThrownBy(() -> LoaderFixture.invoke(before, "customers"))
                .as("the new table has no grant for the loader")
                .hasMessageContaining("target table sales.customers has no columns to load")
                .hasMessageContaining("does the loader's user have SELECT on it");

        // the deploy re-runs the bootstrap whenever the migrations change (WarehouseBootstrap, MigrationsChecksum);
        // locally, building the handler runs it
        assertThat(LoaderFixture.invoke(customers.get(), "customers")).containsEntry("status", "loaded");
        assertThat(local.rows("SELECT customer_id, name FROM sales.customers")).containsExactly(List.of("2", "Grace"));
    }

    @Test
    void replacesTheTableWithTheNewFiles() {
        LoaderHandler customers = local.handler(
                LoaderFixture.settings("customers", "sales.customers", "customers/", "csv", "replace", null));
        String header = "customer_id,name,email,country,updated_at\n";
        local.put(
                "customers/day1.csv",
                header + "1,Ada,ada@example.com,GB,2026-11-24 00:00:00\n"
                        + "2,Linus,linus@example.com,FI,2026-11-24 00:00:00\n");
        LoaderFixture.invoke(customers, "customers");
        local.put(
                "customers/day2.csv",
                header + "2,Linus T.,linus@example.com,FI,2026-11-25 00:00:00\n"
                        + "3,Grace,grace@example.com,US,2026-11-25 00:00:00\n");

        LoaderFixture.invoke(customers, "customers");

        assertThat(local.rows("SELECT customer_id, name FROM sales.customers ORDER BY customer_id"))
                .containsExactly(List.of("2", "Linus T."), List.of("3", "Grace"));
    }

    @Test
    void aDuplicateInvocationLoadsNothingTwice() {
        local.put("orders/a.csv", HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,x\n");
        LoaderHandler handler = orders("append");

        LoaderFixture.invoke(handler, "orders");
        Map<String, Object> second = LoaderFixture.invoke(handler, "orders");
        Map<String, Object> third = LoaderFixture.invoke(orders("append"), "orders");

        assertThat(second).containsEntry("files", 0L);
        assertThat(third).containsEntry("files", 0L);
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(1);
        assertThat(ledger("orders")).isEqualTo(1);
    }

    @Test
    void twoOverlappingBatchesOverTheSameFilesLoadEachRowOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            local.put(
                    "orders/part-" + i + ".csv",
                    HEADER + (i * 2 + 1) + ",1,1.00,EUR,new,2026-11-25 10:00:00,p\n" + (i * 2 + 2)
                            + ",1,1.00,EUR,new,2026-11-25 10:00:00,p\n");
        }
        // the first run has planned (empty ledger) and is held just before it records its batch
        LoaderHandler early = orders("append");
        LoaderHandler late = orders("append");
        FaultInjector.Hold planned = local.warehouse.faults().holdNext("FROM information_schema.columns");
        CompletableFuture<Map<String, Object>> first =
                CompletableFuture.supplyAsync(() -> LoaderFixture.invoke(early, "orders"));
        assertThat(planned.awaitHeld(Duration.ofSeconds(20))).isTrue();

        Map<String, Object> second = LoaderFixture.invoke(late, "orders");
        planned.release();
        Map<String, Object> lost = first.get();

        assertThat(second).containsEntry("status", "loaded").containsEntry("files", 5L);
        assertThat(lost)
                .as("the batch planned before the other committed loads nothing of itself")
                .containsEntry("status", "conflict")
                .containsEntry("files", 0L);
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(10);
        assertThat(local.count("SELECT count(DISTINCT order_id) FROM sales.orders"))
                .isEqualTo(10);
        assertThat(ledger("orders")).isEqualTo(5);
        assertThat(LoaderFixture.invoke(orders("append"), "orders"))
                .as("planned again: nothing left")
                .containsEntry("status", "up-to-date");
    }

    @Test
    void aBatchThatOutlivesItsInvocationIsFinishedByTheNextRunWithoutASecondCopy() throws Exception {
        local.put("orders/a.csv", HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,slow\n");
        LoaderHandler handler = orders("append");
        FaultInjector.Hold hold = local.warehouse.faults().holdNext("COPY stage ");

        Map<String, Object> first = LoaderFixture.invoke(handler, "orders", Duration.ofSeconds(4));

        assertThat(hold.awaitHeld(Duration.ofSeconds(10))).isTrue();
        assertThat(first).containsEntry("status", "in-flight");
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isZero();
        hold.release();
        awaitFinished(hold.statementId());
        Map<String, Object> next = LoaderFixture.invoke(orders("append"), "orders");

        assertThat(next)
                .as("the next run settles the first batch")
                .containsEntry("status", "loaded")
                .containsEntry("batchId", first.get("batchId"))
                .containsEntry("files", 1L);
        assertThat(local.rows("SELECT order_id, note FROM sales.orders")).containsExactly(List.of("1", "slow"));
        assertThat(local.rows("SELECT DISTINCT batch_id FROM ops.ledger_orders"))
                .containsExactly(List.of((String) first.get("batchId")));
        assertThat(LoaderFixture.invoke(orders("append"), "orders")).containsEntry("files", 0L);
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(1);
    }

    @Test
    void aBadRowRollsBackTheWholeBatchAlertsAndTheCorrectedFileLoads() {
        local.put("orders/a.csv", HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,good\n");
        local.put(
                "orders/b.csv",
                HEADER + "2,11,7.00,EUR,new,2026-11-25 10:01:00,good\n"
                        + "3,12,seven,EUR,new,2026-11-25 10:02:00,bad\n");
        LoaderHandler handler = orders("append");

        assertThatThrownBy(() -> LoaderFixture.invoke(handler, "orders")).isInstanceOf(RuntimeException.class);

        assertThat(local.count("SELECT count(*) FROM sales.orders"))
                .as("target unchanged")
                .isZero();
        assertThat(ledger("orders")).as("ledger unchanged").isZero();
        List<LocalSns.Message> alerts = local.sns.messages();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).topicArn()).isEqualTo(LoaderFixture.TOPIC);
        assertThat(alerts.get(0).body())
                .contains("orders", "orders/b.csv", "line 3", "amount", "(code ")
                .as("no field values in alerts")
                .doesNotContainIgnoringCase("seven");

        Map<String, Object> again = LoaderFixture.invoke(handler, "orders");
        assertThat(local.rows("SELECT order_id FROM sales.orders"))
                .as("the good file loads, the bad one waits")
                .containsExactly(List.of("1"));
        assertThat(again).containsEntry("files", 1L);

        Map<String, Object> status = handler.handleRequest(
                new java.util.HashMap<>(Map.of("loader", "orders", "status", true)),
                LoaderFixture.context(Duration.ofMinutes(1)));
        assertThat(status.get("quarantined").toString())
                .as("the operator sees the quarantined file and why")
                .contains("key=orders/b.csv", "line 3", "amount");
        assertThat(status.get("recentlyLoaded").toString()).contains("key=orders/a.csv");
        assertThat(status.get("pending")).isEqualTo(List.of());

        local.put(
                "orders/b.csv",
                HEADER + "2,11,7.00,EUR,new,2026-11-25 10:01:00,good\n"
                        + "3,12,7.50,EUR,new,2026-11-25 10:02:00,fixed\n");
        LoaderFixture.invoke(handler, "orders");

        assertThat(orderRows())
                .containsExactly(
                        List.of("1", "12.50", "new", "good"),
                        List.of("2", "7.00", "new", "good"),
                        List.of("3", "7.50", "new", "fixed"));
        assertThat(ledger("orders")).isEqualTo(2);
    }

    @Test
    void aReplayLoadsAnAlreadyLoadedFileAgainOnRequest() {
        local.put("orders/a.csv", HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,x\n");
        LoaderHandler handler =
                local.handler(LoaderFixture.settings("orders", "sales.orders", "orders/", "csv", "merge", "order_id"));
        LoaderFixture.invoke(handler, "orders");
        local.execute("UPDATE sales.orders SET note = 'changed by hand'");

        Map<String, Object> replay = handler.handleRequest(
                new java.util.HashMap<>(Map.of("loader", "orders", "replay", List.of("orders/a.csv"))),
                LoaderFixture.context(Duration.ofMinutes(1)));

        assertThat(replay).containsEntry("status", "loaded").containsEntry("files", 1L);
        assertThat(local.rows("SELECT order_id, note FROM sales.orders")).containsExactly(List.of("1", "x"));
        assertThat(ledger("orders")).as("the replay is recorded too").isEqualTo(2);
    }

    @Test
    void throttlingIsRetried() {
        local.put("orders/a.csv", HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,x\n");
        local.warehouse.faults().throttleNext(2);

        Map<String, Object> result = LoaderFixture.invoke(orders("append"), "orders");

        assertThat(result).containsEntry("status", "loaded");
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(1);
    }

    @Test
    void anEmptyPrefixDoesNothing() {
        local.put("elsewhere/a.csv", HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,x\n");

        Map<String, Object> result = LoaderFixture.invoke(orders("append"), "orders");

        assertThat(result).containsEntry("files", 0L).containsEntry("rows", 0L);
        assertThat(local.count("SELECT count(*) FROM sales.orders")).isZero();
        assertThat(ledger("orders")).isZero();
    }

    @Test
    void anEmptyFileAndAHeaderOnlyFileAreLoadedWithoutRows() {
        local.put("orders/empty.csv", "");
        local.put("orders/header-only.csv", HEADER);
        local.put("orders/real.csv", HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,x\n");

        LoaderFixture.invoke(orders("append"), "orders");

        assertThat(local.count("SELECT count(*) FROM sales.orders")).isEqualTo(1);
        assertThat(local.rows("SELECT object_key FROM ops.ledger_orders ORDER BY object_key"))
                .containsExactly(
                        List.of("orders/empty.csv"), List.of("orders/header-only.csv"), List.of("orders/real.csv"));
        assertThat(LoaderFixture.invoke(orders("append"), "orders")).containsEntry("files", 0L);
    }

    @Test
    void keepsUtf8QuotedDelimitersAndNewlinesIntact() {
        local.put(
                "orders/unicode.csv",
                HEADER
                        + "1,10,1.00,KRW,new,2026-11-25 10:00:00,주문 감사합니다 🎉\n"
                        + "2,11,2.00,EUR,new,2026-11-25 10:00:00,\"comma, inside\"\n"
                        + "3,12,3.00,EUR,new,2026-11-25 10:00:00,\"two\nlines and \"\"quotes\"\"\"\n");

        LoaderFixture.invoke(orders("append"), "orders");

        assertThat(local.rows("SELECT note FROM sales.orders ORDER BY order_id"))
                .containsExactly(
                        List.of("주문 감사합니다 🎉"), List.of("comma, inside"), List.of("two\nlines and \"quotes\""));
    }

    @Test
    void loadsGzipCsvAndJsonLines() {
        LoaderHandler gzip = local.handler(
                withCompression(LoaderFixture.settings("orders", "sales.orders", "orders/", "csv", "append", null)));
        local.put("orders/a.csv.gz", LoaderFixture.gzip(HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,zipped\n"));
        LoaderFixture.invoke(gzip, "orders");
        LoaderHandler events =
                local.handler(LoaderFixture.settings("web-events", "web.events", "events/", "json", "append", null));
        local.put(
                "events/e.json",
                "{\"event_id\":\"e1\",\"user_id\":7,\"event_type\":\"view\",\"page\":\"/ko/홈\","
                        + "\"occurred_at\":\"2026-11-25 10:00:00\"}\n{\"event_id\":\"e2\",\"event_type\":\"click\"}\n");
        LoaderFixture.invoke(events, "web-events");

        assertThat(local.rows("SELECT note FROM sales.orders")).containsExactly(List.of("zipped"));
        assertThat(local.rows("SELECT event_id, user_id, page FROM web.events ORDER BY event_id"))
                .containsExactly(List.of("e1", "7", "/ko/홈"), java.util.Arrays.asList("e2", null, null));
    }

    /** Waits until the Data API reports the statement (or its batch) ended, as it would between two scheduled runs. */
    private static void awaitFinished(String statementId) throws InterruptedException {
        String batch = statementId.contains(":") ? statementId.substring(0, statementId.indexOf(':')) : statementId;
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            String status = local.dataApi.describeStatement(b -> b.id(batch)).statusAsString();
            if (status.equals("FINISHED") || status.equals("FAILED") || status.equals("ABORTED")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("statement " + batch + " did not end within 30 s");
    }

    private static Map<String, String> withOrderBy(Map<String, String> settings, String orderBy) {
        settings.put("ORDER_BY", orderBy);
        return settings;
    }

    private static Map<String, String> withCompression(Map<String, String> settings) {
        settings.put("COMPRESSION", "gzip");
        return settings;
    }
}
