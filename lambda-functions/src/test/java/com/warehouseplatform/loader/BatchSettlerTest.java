package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.loader.BatchStatement.Kind;
import com.warehouseplatform.loader.bench.AwsStub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultRequest;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Settling a batch over a scripted Data API (the protocol boundary) with the state in an in-process S3
 * (AwsStub): each outcome, what it leaves in the state, what it alerts and which table it reads
 * load errors from.
 */
class BatchSettlerTest {

    static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(CREATED.plusSeconds(30), ZoneOffset.UTC);
    static final List<String> COLUMNS = List.of("order_id", "amount");
    static final String BATCH = "20261201T100000Z-0123456789ab";

    AwsStub aws;
    S3Client s3;
    SnsClient sns;
    ScriptedDataApi api;
    ByteArrayOutputStream logs;

    @BeforeEach
    void start() throws Exception {
        aws = AwsStub.start(AwsStub.Scenario.UP_TO_DATE);
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        s3 = S3Client.builder()
                .endpointOverride(URI.create(aws.endpoint()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(creds)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build();
        sns = SnsClient.builder()
                .endpointOverride(URI.create(aws.endpoint()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        api = new ScriptedDataApi();
        logs = new ByteArrayOutputStream();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    BatchSettler settler(LoaderSettings s) {
        Telemetry log = new Telemetry(new PrintStream(logs, true, StandardCharsets.UTF_8), CLOCK, s.loaderName());
        StateStore state = new StateStore(s3, s.opsBucket(), s.loaderName());
        return new BatchSettler(
                s,
                new Warehouse(api, Warehouse.Target.of(s), d -> {}),
                state,
                log,
                new AlertSender(sns, s, log),
                CLOCK);
    }

    StateStore state(LoaderSettings s) {
        return new StateStore(s3, s.opsBucket(), s.loaderName());
    }

    static List<BatchFile> files(int n) {
        List<BatchFile> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(new BatchFile("orders/f" + i + ".csv", "e" + i, 10, false));
        }
        return files;
    }

    static PendingBatch pending(LoaderSettings s, String statementId, List<BatchFile> files) {
        return new PendingBatch(BATCH, statementId, files, "orders/f9.csv", CREATED.toString(), false, COLUMNS);
    }

    /** A batch's description: every sub-statement FINISHED with the given ResultRows by kind, or one FAILED. */
    static DescribeStatementResponse described(
            LoaderSettings s, PendingBatch p, String status, Map<Kind, Long> rows, Kind failed) {
        List<SubStatementData> subs = new ArrayList<>();
        List<BatchStatement> statements = p.statements(s);
        for (int i = 0; i < statements.size(); i++) {
            Kind kind = statements.get(i).kind();
            boolean fails = kind == failed;
            subs.add(SubStatementData.builder()
                    .id("stmt:" + (i + 1))
                    .status(fails ? "FAILED" : "FINISHED")
                    .resultRows(rows.getOrDefault(kind, 0L))
                    .redshiftQueryId(4200L + i)
                    .error(fails ? "ERROR: Load into table 'stage' failed." : null)
                    .build());
        }
        return DescribeStatementResponse.builder()
                .id("stmt")
                .status(status)
                .subStatements(subs)
                .error(failed == null ? null : "ERROR: Load into table 'stage' failed.")
                .duration(2_000_000L)
                .build();
    }

    @Test
    void anUnsubmittedBatchIsSubmittedWithItsIdAsClientTokenAndCommits() {
        LoaderSettings s = TestSettings.defaults();
        PendingBatch p = pending(s, null, files(3));
        state(s).putPending(p);
        api.batchAnswers.add(
                () -> software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementResponse.builder()
                        .id("stmt")
                        .build());
        api.descriptions.add(
                () -> described(s, p, "FINISHED", Map.of(Kind.INSERT_LEDGER, 3L, Kind.INSERT_TARGET, 42L), null));

        BatchSettler.Settled settled = settler(s).settle(p, Deadline.in(CLOCK, Duration.ofMinutes(1)));

        assertThat(settled.outcome()).isEqualTo(BatchSettler.Outcome.COMMITTED);
        assertThat(settled.result()).isEqualTo(new RunResult("orders", BATCH, RunStatus.LOADED, 3, 30, 42));
        BatchExecuteStatementRequest sent =
                api.sent(BatchExecuteStatementRequest.class).get(0);
        assertThat(sent.clientToken()).isEqualTo(BATCH);
        assertThat(sent.sqls())
                .as("rebuilt from the settings and the record, as first built")
                .isEqualTo(BatchSql.batch(s, COLUMNS, BATCH, true, CREATED).stream()
                        .map(BatchStatement::sql)
                        .toList());
        assertThat(state(s).pendingBatches()).isEmpty();
    }

    @Test
    void aBatchThatLostItsFilesToAnotherIsAConflictLoggedNotAlerted() {
        LoaderSettings s = TestSettings.defaults();
        PendingBatch p = pending(s, "stmt", files(2));
        state(s).putPending(p);
        api.descriptions.add(() -> described(s, p, "FINISHED", Map.of(), null));
        int conflicts = BatchSettler.indexOf(p.statements(s), Kind.SELECT_CONFLICTS);
        api.resultsById.put("stmt:" + (conflicts + 1), List.of(List.of(ScriptedDataApi.text("orders/f1.csv"))));

        BatchSettler.Settled settled = settler(s).settle(p, Deadline.in(CLOCK, Duration.ofMinutes(1)));

        assertThat(settled.outcome()).isEqualTo(BatchSettler.Outcome.CONFLICT);
        assertThat(settled.result().status()).isEqualTo(RunStatus.CONFLICT);
        assertThat(api.sent(GetStatementResultRequest.class))
                .extracting(GetStatementResultRequest::id)
                .containsExactly("stmt:" + (conflicts + 1));
        assertThat(aws.calls()).doesNotContainKey("SNS.Publish");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("loaded nothing", "orders/f1.csv");
        assertThat(state(s).pendingBatches()).isEmpty();
    }

    @Test
    void aMergeBatchWithARepeatedKeyFailsAndTheAlertNamesTheKey() {
        LoaderSettings s = TestSettings.with("MODE", "merge", "MERGE_KEYS", "order_id");
        PendingBatch p = pending(s, "stmt", files(2));
        api.descriptions.add(() -> described(s, p, "FINISHED", Map.of(), null));
        api.resultsById.put(
                "stmt:" + (BatchSettler.indexOf(p.statements(s), Kind.SELECT_REPEATED_KEYS) + 1),
                List.of(List.of(ScriptedDataApi.text("17")), List.of(ScriptedDataApi.text("18"))));

        BatchSettler.Settled settled = settler(s).settle(p, Deadline.in(CLOCK, Duration.ofMinutes(1)));

        assertThat(settled.outcome()).isEqualTo(BatchSettler.Outcome.FAILED);
        assertThat(settled.failure()).contains("merge key (order_id) repeats", "Repeated keys: 17; 18", "set orderBy");
        assertThat(aws.calls()).containsEntry("SNS.Publish", 1);
        assertThat(aws.keys("ops-bucket")).noneMatch(k -> k.contains("/quarantine/"));
    }

    @Test
    void aFailedCopyOnAClusterReadsStlLoadErrorsByTheStlIdAndQuarantinesOnlyTheNamedFile() {
        LoaderSettings s = TestSettings.defaults();
        PendingBatch p = pending(s, "stmt", files(3));
        api.descriptions.add(() -> described(s, p, "FAILED", Map.of(), Kind.COPY_STAGE));
        api.results.add(List.of(List.of(
                ScriptedDataApi.text("4204"),
                ScriptedDataApi.text("s3://raw-bucket/orders/f1.csv"),
                ScriptedDataApi.text("3"),
                ScriptedDataApi.text("amount"),
                ScriptedDataApi.text("1207"),
                ScriptedDataApi.text("Invalid digit, Value 's', Pos 0, Type: Decimal"))));

        BatchSettler.Settled settled = settler(s).settle(p, Deadline.in(CLOCK, Duration.ofMinutes(1)));

        assertThat(settled.outcome()).isEqualTo(BatchSettler.Outcome.FAILED);
        assertThat(settled.failure()).contains("s3://raw-bucket/orders/f1.csv line 3 column amount: Invalid digit");
        assertThat(api.sent(ExecuteStatementRequest.class))
                .singleElement()
                .satisfies(q -> assertThat(q.sql())
                        .isEqualTo(BatchSql.stlLoadErrorsQuery(
                                4200L + BatchSettler.indexOf(p.statements(s), Kind.COPY_STAGE))));
        assertThat(state(s).quarantine()).extracting(QuarantineRecord::key).containsExactly("orders/f1.csv");
        assertThat(aws.calls()).containsEntry("SNS.Publish", 1);
    }

    @Test
    void aFailedCopyOnServerlessReadsSysLoadErrorDetailByTimeAndKeepsTheBatchsFiles() {
        readsSysLoadErrorDetail(TestSettings.with("CLUSTER_IDENTIFIER", null, "WORKGROUP_NAME", "analytics"));
    }

    @Test
    void aFailedCopyOnAMultiAzClusterReadsSysLoadErrorDetailTooForItHasNoStlViews() {
        LoaderSettings s = TestSettings.with("MULTI_AZ", "true");
        assertThat(s.clusterIdentifier()).isNotNull();
        readsSysLoadErrorDetail(s);
    }

    private void readsSysLoadErrorDetail(LoaderSettings s) {
        PendingBatch p = pending(s, "stmt", files(3));
        api.descriptions.add(() -> described(s, p, "FAILED", Map.of(), Kind.COPY_STAGE));
        api.results.add(List.of(
                List.of(
                        ScriptedDataApi.text("99"),
                        ScriptedDataApi.text("s3://raw-bucket/orders/other-batch.csv"),
                        ScriptedDataApi.text("2"),
                        ScriptedDataApi.text("amount"),
                        ScriptedDataApi.text("1207"),
                        ScriptedDataApi.text("not ours")),
                List.of(
                        ScriptedDataApi.text("97"),
                        ScriptedDataApi.text("s3://raw-bucket/orders/f2.csv"),
                        ScriptedDataApi.text("2"),
                        ScriptedDataApi.text("amount"),
                        ScriptedDataApi.text("1207"),
                        ScriptedDataApi.text("an earlier load of the file")),
                List.of(
                        ScriptedDataApi.text("98"),
                        ScriptedDataApi.text("s3://raw-bucket/orders/f2.csv"),
                        ScriptedDataApi.text("5"),
                        ScriptedDataApi.text("ordered_at"),
                        ScriptedDataApi.text("1206"),
                        ScriptedDataApi.text("Invalid timestamp format"))));

        BatchSettler.Settled settled = settler(s).settle(p, Deadline.in(CLOCK, Duration.ofMinutes(1)));

        assertThat(api.sent(ExecuteStatementRequest.class))
                .singleElement()
                .satisfies(q -> assertThat(q.sql())
                        .isEqualTo(BatchSql.sysLoadErrorsQuery(s, CREATED.minus(BatchSettler.CLOCK_SKEW))));
        assertThat(settled.failure())
                .contains("orders/f2.csv line 5 column ordered_at")
                .doesNotContain("not ours");
        assertThat(state(s).quarantine()).singleElement().satisfies(q -> {
            assertThat(q.key()).isEqualTo("orders/f2.csv");
            assertThat(q.errors())
                    .as("only the latest COPY of the file")
                    .extracting(LoadError::line)
                    .containsExactly(5L);
        });
    }

    @Test
    void aForgottenStatementIsSettledByTheLedger() {
        LoaderSettings s = TestSettings.defaults();
        PendingBatch committed = pending(s, "gone", files(2));
        api.descriptions.add(() -> {
            throw ResourceNotFoundException.builder()
                    .message("Query does not exist.")
                    .build();
        });
        api.results.add(List.of(List.of(ScriptedDataApi.text("2"))));
        assertThat(settler(s)
                        .settle(committed, Deadline.in(CLOCK, Duration.ofMinutes(1)))
                        .outcome())
                .isEqualTo(BatchSettler.Outcome.COMMITTED);

        state(s).putPending(committed);
        api.descriptions.add(() -> {
            throw ResourceNotFoundException.builder()
                    .message("Query does not exist.")
                    .build();
        });
        api.results.add(List.of(List.of(ScriptedDataApi.text("0"))));
        assertThat(settler(s)
                        .settle(committed, Deadline.in(CLOCK, Duration.ofMinutes(1)))
                        .outcome())
                .isEqualTo(BatchSettler.Outcome.DROPPED);
        assertThat(state(s).pendingBatches()).isEmpty();
    }

    @Test
    void aBatchStillRunningStaysOpen() {
        LoaderSettings s = TestSettings.defaults();
        api.statuses.add("STARTED");

        BatchSettler.Settled settled =
                settler(s).settle(pending(s, "stmt", files(1)), Deadline.in(CLOCK, Duration.ofMinutes(1)));

        assertThat(settled.outcome()).isEqualTo(BatchSettler.Outcome.OPEN);
        assertThat(settled.result().status()).isEqualTo(RunStatus.IN_FLIGHT);
    }
}
