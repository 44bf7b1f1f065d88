package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/** The real SDK client pointed at a local warehouse, with polling helpers for tests. */
final class DataApiClient implements AutoCloseable {

    static final String CLUSTER = "local-cluster";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    final RedshiftDataClient sdk;
    private final String database;

    DataApiClient(LocalWarehouse warehouse) {
        this(warehouse, "AKIDEXAMPLE");
    }

    /** A client signing with {@code accessKeyId} (see {@link LocalWarehouse#iamRole}). */
    DataApiClient(LocalWarehouse warehouse, String accessKeyId) {
        this.database = warehouse.database();
        this.sdk = RedshiftDataClient.builder()
                .endpointOverride(warehouse.dataApiEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "not-a-real-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    String submit(String sql) {
        return sdk.executeStatement(
                        b -> b.clusterIdentifier(CLUSTER).database(database).sql(sql))
                .id();
    }

    String submitBatch(String... sqls) {
        return sdk.batchExecuteStatement(
                        b -> b.clusterIdentifier(CLUSTER).database(database).sqls(sqls))
                .id();
    }

    DescribeStatementResponse describe(String id) {
        return sdk.describeStatement(b -> b.id(id));
    }

    /** Polls DescribeStatement until {@code condition} holds, failing after 30 seconds. */
    DescribeStatementResponse awaitUntil(String id, Predicate<DescribeStatementResponse> condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            DescribeStatementResponse response = describe(id);
            if (condition.test(response)) {
                return response;
            }
            assertThat(Instant.now())
                    .as("waiting for statement %s, last %s", id, response)
                    .isBefore(deadline);
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    DescribeStatementResponse awaitEnd(String id) {
        return awaitUntil(
                id,
                d -> d.status() == StatusString.FINISHED
                        || d.status() == StatusString.FAILED
                        || d.status() == StatusString.ABORTED);
    }

    DescribeStatementResponse awaitStatus(String id, StatusString status) {
        return awaitUntil(id, d -> d.status() == status);
    }

    /** Runs one statement and asserts that it finished. */
    DescribeStatementResponse run(String sql) {
        DescribeStatementResponse done = awaitEnd(submit(sql));
        assertThat(done.status()).as("%s: %s", sql, done.error()).isEqualTo(StatusString.FINISHED);
        return done;
    }

    /** Runs a batch and returns how it ended. */
    DescribeStatementResponse runBatch(String... sqls) {
        return awaitEnd(submitBatch(sqls));
    }

    /** Runs a query and returns all rows, every page. */
    List<List<Field>> query(String sql) {
        String id = run(sql).id();
        return rows(id);
    }

    List<List<Field>> rows(String id) {
        List<List<Field>> rows = new ArrayList<>();
        for (GetStatementResultResponse page : sdk.getStatementResultPaginator(b -> b.id(id))) {
            rows.addAll(page.records());
        }
        return rows;
    }

    /** The rows as plain text, fields joined by '|' ("null" for NULL). */
    List<String> queryText(String sql) {
        List<String> lines = new ArrayList<>();
        for (List<Field> row : query(sql)) {
            List<String> values = new ArrayList<>();
            for (Field field : row) {
                values.add(text(field));
            }
            lines.add(String.join("|", values));
        }
        return lines;
    }

    static String text(Field field) {
        if (Boolean.TRUE.equals(field.isNull())) {
            return "null";
        }
        if (field.longValue() != null) {
            return field.longValue().toString();
        }
        if (field.doubleValue() != null) {
            return field.doubleValue().toString();
        }
        if (field.booleanValue() != null) {
            return field.booleanValue().toString();
        }
        return field.stringValue();
    }

    @Override
    public void close() {
        sdk.close();
    }
}
