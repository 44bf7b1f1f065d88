package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.redshiftdata.model.ActiveStatementsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.RedshiftDataException;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

class WarehouseTest {

    final ScriptedDataApi api = new ScriptedDataApi();
    final BackoffTest.FakeTime time = new BackoffTest.FakeTime();
    final Warehouse warehouse = new Warehouse(api, Warehouse.Target.of(TestSettings.defaults()), time.sleeper());

    @Test
    void awaitPollsWithCappedBackoffUntilTheStatementEnds() {
        api.statuses.addAll(
                List.of("SUBMITTED", "PICKED", "STARTED", "STARTED", "STARTED", "STARTED", "STARTED", "FINISHED"));

        DescribeStatementResponse d = warehouse.await("s1", Deadline.in(time, Duration.ofMinutes(1)));

        assertThat(d.statusAsString()).isEqualTo("FINISHED");
        assertThat(time.sleeps)
                .extracting(Duration::toMillis)
                .containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L);
    }

    @Test
    void awaitGivesUpAtTheDeadlineWithoutOversleeping() {
        for (int i = 0; i < 100; i++) {
            api.statuses.add("STARTED");
        }

        DescribeStatementResponse d = warehouse.await("s1", Deadline.in(time, Duration.ofMillis(2900)));

        assertThat(d).isNull();
        assertThat(time.sleeps).extracting(Duration::toMillis).containsExactly(200L, 400L, 800L);
    }

    @Test
    void submitSendsTheBatchWithItsClientTokenAndTarget() {
        String id = warehouse.submitBatch(
                List.of("LOCK ops.load_ledger", "SELECT 1"), "batch-7", Deadline.in(time, Duration.ofMinutes(1)));

        BatchExecuteStatementRequest sent =
                api.sent(BatchExecuteStatementRequest.class).get(0);
        assertThat(id).isEqualTo("batch-1");
        assertThat(sent.clientToken()).isEqualTo("batch-7");
        assertThat(sent.sqls()).containsExactly("LOCK ops.load_ledger", "SELECT 1");
        assertThat(sent.clusterIdentifier()).isEqualTo("warehouse");
        assertThat(sent.workgroupName()).isNull();
        assertThat(sent.database()).isEqualTo("dev");
        assertThat(sent.secretArn()).isNull();
        assertThat(sent.dbUser()).isNull();
    }

    @Test
    void submitRetriesWhileTheWarehouseIsBusy() {
        api.batchAnswers.add(() -> {
            throw ActiveStatementsExceededException.builder()
                    .message("too many")
                    .build();
        });
        api.batchAnswers.add(() -> {
            throw RedshiftDataException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ThrottlingException")
                            .build())
                    .build();
        });

        String id = warehouse.submitBatch(List.of("SELECT 1"), "b", Deadline.in(time, Duration.ofMinutes(1)));

        assertThat(id).isEqualTo("batch-1");
        assertThat(api.sent(BatchExecuteStatementRequest.class)).hasSize(3);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void submitReturnsNullWhenStillBusyAtTheDeadlineAndThrowsOtherErrors() {
        for (int i = 0; i < 10; i++) {
            api.batchAnswers.add(() -> {
                throw ActiveStatementsExceededException.builder()
                        .message("too many")
                        .build();
            });
        }
        assertThat(warehouse.submitBatch(List.of("SELECT 1"), "b", Deadline.in(time, Duration.ofSeconds(4))))
                .isNull();

        api.batchAnswers.clear();
        api.batchAnswers.add(() -> {
            throw ValidationException.builder()
                    .message("bad sql")
                    .statusCode(400)
                    .build();
        });
        assertThatThrownBy(
                        () -> warehouse.submitBatch(List.of("SELECT 1"), "b", Deadline.in(time, Duration.ofSeconds(4))))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void queryRunsWaitsAndReadsEveryColumnAsText() {
        api.statuses.addAll(List.of("STARTED", "FINISHED"));
        api.results.add(List.of(
                List.of(
                        ScriptedDataApi.text("orders/a.csv"),
                        Field.builder().longValue(42L).build()),
                List.of(
                        ScriptedDataApi.text("orders/b.csv"),
                        Field.builder().isNull(true).build())));

        List<List<String>> rows = warehouse.query(
                "SELECT object_key, size_bytes FROM ops.load_ledger", Deadline.in(time, Duration.ofMinutes(1)));

        assertThat(rows).containsExactly(List.of("orders/a.csv", "42"), java.util.Arrays.asList("orders/b.csv", null));
        ExecuteStatementRequest sent = api.sent(ExecuteStatementRequest.class).get(0);
        assertThat(sent.sql()).isEqualTo("SELECT object_key, size_bytes FROM ops.load_ledger");
        assertThat(sent.clusterIdentifier()).isEqualTo("warehouse");
    }

    @Test
    void aFailedQueryIsAnError() {
        api.statuses.add("FAILED");
        assertThatThrownBy(() -> warehouse.query("SELECT x", Deadline.in(time, Duration.ofMinutes(1))))
                .isInstanceOf(Warehouse.StatementFailedException.class)
                .hasMessageContaining("FAILED");
    }
}
