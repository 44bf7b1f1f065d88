package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.redshiftdata.model.ActiveStatementsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.InternalServerException;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.SqlParameter;
import software.amazon.awssdk.services.redshiftdata.model.StatementData;
import software.amazon.awssdk.services.redshiftdata.model.StatementStatusString;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

/** The Data API protocol, driven by the real AWS SDK client. */
class DataApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static LocalWarehouse warehouse;
    private static DataApiClient api;

    @BeforeAll
    static void start() {
        warehouse = LocalWarehouse.start(
                LocalWarehouse.Options.defaults().statementThreads(2).resultPageRows(1000));
        api = new DataApiClient(warehouse);
        api.run("CREATE SCHEMA IF NOT EXISTS ops"); // a table the lock tests use
        api.run("CREATE TABLE IF NOT EXISTS ops.load_ledger (loader VARCHAR(128) NOT NULL,"
                + " object_key VARCHAR(1024) NOT NULL, etag VARCHAR(128) NOT NULL, size_bytes BIGINT NOT NULL,"
                + " batch_id VARCHAR(64) NOT NULL, loaded_at TIMESTAMP NOT NULL)");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void statementGoesThroughItsLifeCycleAndReturnsTypedFields() throws Exception {
        api.run("CREATE TABLE typed (i INT, b BIGINT, n NUMERIC(10,2), d DOUBLE PRECISION,"
                + " f BOOLEAN, s VARCHAR(20), dt DATE, ts TIMESTAMP)");
        api.run("INSERT INTO typed VALUES (1, 9000000000, 12.50, 2.5, true, '서울 😀', '2024-02-29',"
                + " '2024-02-29 13:14:15'), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        FaultInjector.Hold hold = warehouse.faults().holdNext("/* life-cycle */");

        String id = api.submit("SELECT * FROM typed /* life-cycle */ ORDER BY i NULLS LAST");
        assertThat(hold.awaitHeld(WAIT)).isTrue();
        DescribeStatementResponse running = api.describe(id);
        assertThat(running.status()).isEqualTo(StatusString.STARTED);
        assertThat(running.redshiftQueryId()).isPositive();
        assertThat(running.redshiftPid()).isPositive();
        assertThat(running.duration()).isEqualTo(-1L);
        assertThat(running.database()).isEqualTo("dev");
        assertThat(running.clusterIdentifier()).isEqualTo(DataApiClient.CLUSTER);
        hold.release();

        DescribeStatementResponse done = api.awaitEnd(id);
        assertThat(done.status()).isEqualTo(StatusString.FINISHED);
        assertThat(done.hasResultSet()).isTrue();
        assertThat(done.resultRows()).isEqualTo(2L);
        assertThat(done.duration()).isPositive();
        assertThat(done.queryString()).contains("FROM typed");
        assertThat(done.redshiftQueryId()).isEqualTo(running.redshiftQueryId());

        GetStatementResultResponse result = api.sdk.getStatementResult(b -> b.id(id));
        assertThat(result.totalNumRows()).isEqualTo(2L);
        assertThat(result.columnMetadata())
                .extracting(ColumnMetadata::name)
                .containsExactly("i", "b", "n", "d", "f", "s", "dt", "ts");
        assertThat(result.columnMetadata())
                .extracting(ColumnMetadata::typeName)
                .containsExactly("int4", "int8", "numeric", "float8", "bool", "varchar", "date", "timestamp");
        List<Field> first = result.records().get(0);
        assertThat(first.get(0).longValue()).isEqualTo(1L);
        assertThat(first.get(1).longValue()).isEqualTo(9_000_000_000L);
        assertThat(first.get(2).stringValue()).isEqualTo("12.50");
        assertThat(first.get(3).doubleValue()).isEqualTo(2.5);
        assertThat(first.get(4).booleanValue()).isTrue();
        assertThat(first.get(5).stringValue()).isEqualTo("서울 😀");
        assertThat(first.get(6).stringValue()).isEqualTo("2024-02-29");
        assertThat(first.get(7).stringValue()).isEqualTo("2024-02-29 13:14:15");
        assertThat(result.records().get(1))
                .allSatisfy(f -> assertThat(f.isNull()).isTrue());
    }

    @Test
    void statementWaitsInSubmittedWhileEveryThreadIsBusy() throws Exception {
        FaultInjector.Hold first = warehouse.faults().holdNext("/* busy-1 */");
        FaultInjector.Hold second = warehouse.faults().holdNext("/* busy-2 */");
        try {
            String a = api.submit("SELECT 1 /* busy-1 */");
            String b = api.submit("SELECT 2 /* busy-2 */");
            assertThat(first.awaitHeld(WAIT)).isTrue();
            assertThat(second.awaitHeld(WAIT)).isTrue();
            String queued = api.submit("SELECT 3 AS queued");
            assertThat(api.describe(queued).status()).isEqualTo(StatusString.SUBMITTED);
            assertThat(api.describe(queued).redshiftQueryId()).isZero();
            first.release();
            second.release();
            assertThat(api.awaitEnd(a).status()).isEqualTo(StatusString.FINISHED);
            assertThat(api.awaitEnd(b).status()).isEqualTo(StatusString.FINISHED);
            assertThat(api.awaitEnd(queued).status()).isEqualTo(StatusString.FINISHED);
            assertThat(api.rows(queued))
                    .extracting(row -> row.get(0).longValue())
                    .containsExactly(3L);
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void batchIsRolledBackWhenItsThirdStatementFails() {
        api.run("CREATE TABLE batch_target (id INT)");
        api.run("INSERT INTO batch_target VALUES (1)");

        DescribeStatementResponse batch = api.runBatch(
                "INSERT INTO batch_target VALUES (2)",
                "INSERT INTO batch_target VALUES (3)",
                "INSERT INTO missing_table VALUES (4)",
                "INSERT INTO batch_target VALUES (5)");

        assertThat(batch.status()).isEqualTo(StatusString.FAILED);
        assertThat(batch.error()).isEqualTo("ERROR: relation \"missing_table\" does not exist");
        assertThat(batch.subStatements())
                .extracting(SubStatementData::id)
                .containsExactly(batch.id() + ":1", batch.id() + ":2", batch.id() + ":3", batch.id() + ":4");
        assertThat(batch.subStatements())
                .extracting(SubStatementData::status)
                .containsExactly(
                        StatementStatusString.FINISHED, StatementStatusString.FINISHED,
                        StatementStatusString.FAILED, StatementStatusString.ABORTED);
        assertThat(batch.subStatements().get(2).error()).contains("missing_table");
        assertThat(batch.subStatements().get(0).resultRows()).isEqualTo(1L);
        long q1 = batch.subStatements().get(0).redshiftQueryId();
        long q2 = batch.subStatements().get(1).redshiftQueryId();
        long q3 = batch.subStatements().get(2).redshiftQueryId();
        assertThat(q1).isPositive();
        assertThat(q2).isGreaterThan(q1);
        assertThat(q3).isGreaterThan(q2);
        assertThat(api.describe(batch.id() + ":3").status()).isEqualTo(StatusString.FAILED);

        assertThat(api.queryText("SELECT id FROM batch_target ORDER BY id")).containsExactly("1");
    }

    @RedshiftDoc({"API_GetStatementResult", "API_DescribeStatement", "API_SubStatementData"})
    @Test
    void finishedBatchCommitsAndEachStatementHasItsOwnResult() {
        api.run("CREATE TABLE batch_ok (id INT)");
        DescribeStatementResponse batch =
                api.runBatch("INSERT INTO batch_ok VALUES (1), (2)", "SELECT count(*) AS n FROM batch_ok");
        assertThat(batch.status()).isEqualTo(StatusString.FINISHED);
        assertThat(batch.subStatements())
                .extracting(SubStatementData::status)
                .containsOnly(StatementStatusString.FINISHED);
        assertThat(batch.subStatements().get(1).hasResultSet()).isTrue();
        assertThat(api.rows(batch.id() + ":2").get(0).get(0).longValue()).isEqualTo(2L);
        // each sub-statement carries its STL query id, also when described on its own
        assertThat(batch.subStatements())
                .extracting(SubStatementData::redshiftQueryId)
                .allMatch(id -> id > 0 && id <= Integer.MAX_VALUE)
                .doesNotHaveDuplicates();
        assertThat(api.describe(batch.id() + ":2").redshiftQueryId())
                .isEqualTo(batch.subStatements().get(1).redshiftQueryId());
        assertThatThrownBy(() -> api.sdk.getStatementResult(b -> b.id(batch.id() + ":1")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Query does not have result");
        assertThatThrownBy(() -> api.sdk.getStatementResult(b -> b.id(batch.id())))
                .isInstanceOf(ValidationException.class);
        assertThat(api.queryText("SELECT id FROM batch_ok ORDER BY id")).containsExactly("1", "2");
    }

    @RedshiftDoc({"r_GRANT", "r_CREATE_TABLE_NEW"})
    @Test
    void temporaryTablesLiveOnlyInTheirBatch() {
        DescribeStatementResponse first = api.runBatch(
                "CREATE TEMP TABLE scratch (id INT)", "INSERT INTO scratch VALUES (7)", "SELECT id FROM scratch");
        assertThat(first.status()).isEqualTo(StatusString.FINISHED);
        assertThat(api.rows(first.id() + ":3").get(0).get(0).longValue()).isEqualTo(7L);

        DescribeStatementResponse second = api.runBatch("SELECT id FROM scratch");
        assertThat(second.status()).isEqualTo(StatusString.FAILED);
        assertThat(second.error()).contains("relation \"scratch\" does not exist");
    }

    @Test
    void sameClientTokenReturnsTheSameStatementAndRunsItOnce() throws Exception {
        api.run("CREATE TABLE idempotent (id INT)");
        String token = UUID.randomUUID().toString();
        FaultInjector.Hold hold = warehouse.faults().holdNext("INSERT INTO idempotent");

        String first = api.sdk
                .batchExecuteStatement(b -> b.clusterIdentifier(DataApiClient.CLUSTER)
                        .database("dev")
                        .clientToken(token)
                        .sqls("INSERT INTO idempotent VALUES (1)"))
                .id();
        assertThat(hold.awaitHeld(WAIT)).isTrue();
        String whileRunning = api.sdk
                .batchExecuteStatement(b -> b.clusterIdentifier(DataApiClient.CLUSTER)
                        .database("dev")
                        .clientToken(token)
                        .sqls("INSERT INTO idempotent VALUES (1)"))
                .id();
        hold.release();
        assertThat(api.awaitEnd(first).status()).isEqualTo(StatusString.FINISHED);
        String afterwards = api.sdk
                .batchExecuteStatement(b -> b.clusterIdentifier(DataApiClient.CLUSTER)
                        .database("dev")
                        .clientToken(token)
                        .sqls("INSERT INTO idempotent VALUES (1)"))
                .id();

        assertThat(whileRunning).isEqualTo(first);
        assertThat(afterwards).isEqualTo(first);
        assertThat(api.queryText("SELECT count(*) FROM idempotent")).containsExactly("1");
        String other = api.sdk
                .batchExecuteStatement(b -> b.clusterIdentifier(DataApiClient.CLUSTER)
                        .database("dev")
                        .clientToken(UUID.randomUUID().toString())
                        .sqls("INSERT INTO idempotent VALUES (2)"))
                .id();
        assertThat(other).isNotEqualTo(first);
        assertThat(api.awaitEnd(other).status()).isEqualTo(StatusString.FINISHED);
        assertThat(api.queryText("SELECT count(*) FROM idempotent")).containsExactly("2");
    }

    @Test
    void throttledCallsRaiseActiveStatementsExceeded() {
        warehouse.faults().throttleNext(2);
        assertThatThrownBy(() -> api.submit("SELECT 1"))
                .isInstanceOf(ActiveStatementsExceededException.class)
                .hasMessageContaining("Active statements exceeded");
        assertThatThrownBy(() -> api.submitBatch("SELECT 1")).isInstanceOf(ActiveStatementsExceededException.class);
        assertThat(api.queryText("SELECT 'after throttling'")).containsExactly("after throttling");
    }

    @Test
    void injectedCallErrorsReachTheSdkAsTheirExceptionClasses() {
        String id = api.run("SELECT 1").id();
        warehouse.faults().failNextCall("DescribeStatement", "ValidationException", "bad input");
        assertThatThrownBy(() -> api.describe(id))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("bad input");

        // HTTP 500 is retried by the SDK: one injected error goes unnoticed, many do not.
        warehouse.faults().failNextCall("DescribeStatement", "InternalServerException", "hiccup");
        assertThat(api.describe(id).status()).isEqualTo(StatusString.FINISHED);
        for (int i = 0; i < 10; i++) {
            warehouse.faults().failNextCall("DescribeStatement", "InternalServerException", "down");
        }
        try {
            assertThatThrownBy(() -> api.describe(id))
                    .isInstanceOf(InternalServerException.class)
                    .hasMessageContaining("down");
        } finally {
            warehouse.faults().clear();
        }
        assertThat(api.describe(id).status()).isEqualTo(StatusString.FINISHED);
    }

    @Test
    void injectedFailureAndDelayActOnTheMatchingStatement() {
        api.run("CREATE TABLE faulty (id INT)");
        warehouse.faults().failNext("INSERT INTO faulty", "could not extend file: disk full");
        DescribeStatementResponse failed = api.runBatch("INSERT INTO faulty VALUES (1)");
        assertThat(failed.status()).isEqualTo(StatusString.FAILED);
        assertThat(failed.error()).isEqualTo("ERROR: could not extend file: disk full");

        warehouse.faults().delayNext("INSERT INTO faulty", Duration.ofMillis(300));
        DescribeStatementResponse delayed = api.runBatch("INSERT INTO faulty VALUES (2)");
        assertThat(delayed.status()).isEqualTo(StatusString.FINISHED);
        assertThat(delayed.duration())
                .isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(api.queryText("SELECT id FROM faulty")).containsExactly("2");
    }

    @Test
    void cancelAbortsAHeldStatementAndARunningQuery() throws Exception {
        FaultInjector.Hold hold = warehouse.faults().holdNext("/* cancel-held */");
        String held = api.submit("SELECT 1 /* cancel-held */");
        assertThat(hold.awaitHeld(WAIT)).isTrue();
        assertThat(api.sdk.cancelStatement(b -> b.id(held)).status()).isTrue();
        DescribeStatementResponse aborted = api.awaitEnd(held);
        assertThat(aborted.status()).isEqualTo(StatusString.ABORTED);
        assertThat(aborted.error()).contains("cancelled on user's request");

        String sleeping = api.submit("SELECT pg_sleep(60)");
        api.awaitStatus(sleeping, StatusString.STARTED);
        awaitBackendState(api.describe(sleeping).redshiftPid(), "PgSleep");
        assertThat(api.sdk.cancelStatement(b -> b.id(sleeping)).status()).isTrue();
        assertThat(api.awaitEnd(sleeping).status()).isEqualTo(StatusString.ABORTED);

        assertThatThrownBy(() -> api.sdk.cancelStatement(b -> b.id(sleeping)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("already in ABORTED state");
    }

    @Test
    void lockSerializesConcurrentBatches() throws Exception {
        api.run("DELETE FROM ops.load_ledger WHERE loader = 'lock-test'");
        FaultInjector.Hold hold = warehouse.faults().holdNext("/* lock-test-a */");
        String a = api.submitBatch(
                "LOCK ops.load_ledger",
                "INSERT INTO ops.load_ledger VALUES ('lock-test', 'a', 'e', 1, 'A', getdate())",
                "SELECT 1 /* lock-test-a */");
        try {
            assertThat(hold.awaitHeld(WAIT)).isTrue();
            String b = api.submitBatch(
                    "LOCK ops.load_ledger",
                    "INSERT INTO ops.load_ledger SELECT 'lock-test', 'b', 'e', count(*), 'B', getdate()"
                            + " FROM ops.load_ledger WHERE loader = 'lock-test'");
            DescribeStatementResponse waiting = api.awaitStatus(b, StatusString.STARTED);
            awaitBackendState(waiting.redshiftPid(), "Lock");
            assertThat(api.describe(b).subStatements().get(0).status()).isEqualTo(StatementStatusString.STARTED);
            hold.release();
            assertThat(api.awaitEnd(a).status()).isEqualTo(StatusString.FINISHED);
            assertThat(api.awaitEnd(b).status()).isEqualTo(StatusString.FINISHED);
        } finally {
            hold.release();
        }
        // B ran after A committed, so it saw A's row.
        assertThat(api.queryText("SELECT object_key, size_bytes FROM ops.load_ledger"
                        + " WHERE loader = 'lock-test' ORDER BY object_key"))
                .containsExactly("a|1", "b|1");
    }

    @Test
    void namedParametersAreBound() {
        String id = api.sdk
                .executeStatement(b -> b.clusterIdentifier(DataApiClient.CLUSTER)
                        .database("dev")
                        .sql("SELECT :n::int + 1 AS next, :s AS text, 'a:b' AS literal, ':n' AS quoted")
                        .parameters(
                                SqlParameter.builder().name("n").value("41").build(),
                                SqlParameter.builder().name("s").value("it's").build()))
                .id();
        assertThat(api.awaitEnd(id).status()).isEqualTo(StatusString.FINISHED);
        List<Field> row = api.rows(id).get(0);
        assertThat(row.get(0).longValue()).isEqualTo(42L);
        assertThat(row.get(1).stringValue()).isEqualTo("it's");
        assertThat(row.get(2).stringValue()).isEqualTo("a:b");
        assertThat(row.get(3).stringValue()).isEqualTo(":n");
        assertThat(api.describe(id).queryParameters())
                .extracting(SqlParameter::name)
                .containsExactly("n", "s");

        assertThatThrownBy(() -> api.sdk.executeStatement(b -> b.clusterIdentifier(DataApiClient.CLUSTER)
                        .database("dev")
                        .sql("SELECT :missing")
                        .parameters(
                                SqlParameter.builder().name("other").value("1").build())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(":missing");
    }

    @Test
    void largeResultsComeInPages() {
        String id = api.run("SELECT g AS n FROM generate_series(1, 2500) g ORDER BY g")
                .id();
        GetStatementResultResponse first = api.sdk.getStatementResult(b -> b.id(id));
        assertThat(first.records()).hasSize(1000);
        assertThat(first.totalNumRows()).isEqualTo(2500L);
        assertThat(first.nextToken()).isNotNull();
        List<List<Field>> all = api.rows(id);
        assertThat(all).hasSize(2500);
        assertThat(all.get(2499).get(0).longValue()).isEqualTo(2500L);
    }

    @Test
    void badRequestsAreRejectedLikeTheService() {
        assertThatThrownBy(() -> api.describe(UUID.randomUUID().toString()))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> api.sdk.executeStatement(b -> b.database("dev").sql("SELECT 1")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("ClusterIdentifier");
        assertThatThrownBy(() -> api.sdk.executeStatement(b -> b.workgroupName("wg")
                        .sessionKeepAliveSeconds(60)
                        .database("dev")
                        .sql("SELECT 1")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("not supported");

        String wrongDatabase = api.sdk
                .executeStatement(b -> b.workgroupName("wg").database("nope").sql("SELECT 1"))
                .id();
        DescribeStatementResponse failed = api.awaitEnd(wrongDatabase);
        assertThat(failed.status()).isEqualTo(StatusString.FAILED);
        assertThat(failed.error()).contains("database \"nope\" does not exist");
        assertThat(failed.workgroupName()).isEqualTo("wg");
    }

    @Test
    void listStatementsFiltersByNamePrefix() {
        String id = api.sdk
                .executeStatement(b -> b.clusterIdentifier(DataApiClient.CLUSTER)
                        .database("dev")
                        .statementName("listing-test-1")
                        .sql("SELECT 1"))
                .id();
        api.awaitEnd(id);
        List<StatementData> listed =
                api.sdk.listStatements(b -> b.statementName("listing-test")).statements();
        assertThat(listed).extracting(StatementData::id).containsExactly(id);
        assertThat(listed.get(0).queryString()).isEqualTo("SELECT 1");
        assertThat(listed.get(0).status()).isEqualTo(StatusString.FINISHED);
        assertThat(listed.get(0).isBatchStatement()).isFalse();
    }

    /** Polls pg_stat_activity until the backend waits on the given event (type or name). */
    private static void awaitBackendState(long pid, String waitEvent) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection connection = warehouse.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT wait_event_type," + " wait_event FROM pg_stat_activity WHERE pid = ?")) {
            query.setInt(1, (int) pid);
            while (true) {
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next() && (waitEvent.equals(rs.getString(1)) || waitEvent.equals(rs.getString(2)))) {
                        return;
                    }
                }
                assertThat(System.nanoTime())
                        .as("backend %s waiting on %s", pid, waitEvent)
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
