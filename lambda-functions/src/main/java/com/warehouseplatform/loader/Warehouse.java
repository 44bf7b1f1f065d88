package com.warehouseplatform.loader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.ActiveStatementsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;

/**
 * The warehouse through the Redshift Data API: submit, describe, wait with capped backoff, read
 * results. Addresses a cluster or a workgroup plus a database; a secret only for the bootstrap
 * (the loader authenticates as its own IAM role).
 */
public final class Warehouse {

    /** Where statements go. Exactly one of clusterIdentifier / workgroupName. */
    public record Target(String clusterIdentifier, String workgroupName, String database, String secretArn) {
        public Target {
            if ((clusterIdentifier == null) == (workgroupName == null)) {
                throw new IllegalArgumentException("exactly one of clusterIdentifier and workgroupName is required");
            }
            if (database == null || database.isBlank()) {
                throw new IllegalArgumentException("database is required");
            }
        }

        public static Target of(LoaderSettings s) {
            return new Target(s.clusterIdentifier(), s.workgroupName(), s.database(), null);
        }
    }

    /** A statement that ended FAILED or ABORTED while the caller needed its result. */
    public static final class StatementFailedException extends RuntimeException {
        public StatementFailedException(String message) {
            super(message);
        }
    }

    private final RedshiftDataClient client;
    private final Target target;
    private final Sleeper sleeper;

    public Warehouse(RedshiftDataClient client, Target target, Sleeper sleeper) {
        this.client = client;
        this.target = target;
        this.sleeper = sleeper;
    }

    public static boolean isRunning(String status) {
        return "SUBMITTED".equals(status) || "PICKED".equals(status) || "STARTED".equals(status);
    }

    /**
     * Submits a batch as one transaction, with {@code clientToken} so that a repeat returns the
     * first statement. Retries throttling and ActiveStatementsExceeded with backoff until the
     * deadline; returns the statement id, or null if the deadline came first.
     */
    public String submitBatch(List<String> sqls, String clientToken, Deadline deadline) {
        BatchExecuteStatementRequest.Builder req = BatchExecuteStatementRequest.builder()
                .sqls(sqls)
                .clientToken(clientToken)
                .database(target.database());
        if (target.clusterIdentifier() != null) {
            req.clusterIdentifier(target.clusterIdentifier());
        } else {
            req.workgroupName(target.workgroupName());
        }
        if (target.secretArn() != null) {
            req.secretArn(target.secretArn());
        }
        BatchExecuteStatementRequest request = req.build();
        for (int attempt = 0; ; attempt++) {
            try {
                return client.batchExecuteStatement(request).id();
            } catch (AwsServiceException e) {
                if (!isBusy(e)) {
                    throw e;
                }
                if (!deadline.sleep(sleeper, Backoff.SUBMIT.delay(attempt))) {
                    return null;
                }
            }
        }
    }

    /** Throttled, or too many statements running: worth trying again later. */
    static boolean isBusy(AwsServiceException e) {
        return e instanceof ActiveStatementsExceededException
                || e.isThrottlingException()
                || "ThrottlingException"
                        .equals(
                                e.awsErrorDetails() == null
                                        ? null
                                        : e.awsErrorDetails().errorCode());
    }

    /** Starts one statement; returns its id. */
    public String execute(String sql) {
        ExecuteStatementRequest.Builder req =
                ExecuteStatementRequest.builder().sql(sql).database(target.database());
        if (target.clusterIdentifier() != null) {
            req.clusterIdentifier(target.clusterIdentifier());
        } else {
            req.workgroupName(target.workgroupName());
        }
        if (target.secretArn() != null) {
            req.secretArn(target.secretArn());
        }
        return client.executeStatement(req.build()).id();
    }

    public DescribeStatementResponse describe(String statementId) {
        return client.describeStatement(b -> b.id(statementId));
    }

    /**
     * Polls with {@link Backoff#POLL} until the statement ends or the deadline comes; returns the
     * final description, or null if it was still running at the deadline.
     */
    public DescribeStatementResponse await(String statementId, Deadline deadline) {
        for (int attempt = 0; ; attempt++) {
            DescribeStatementResponse d = describe(statementId);
            if (!isRunning(d.statusAsString())) {
                return d;
            }
            Duration wait = Backoff.POLL.delay(attempt);
            if (!deadline.sleep(sleeper, wait)) {
                return null;
            }
        }
    }

    /**
     * Runs one statement to completion, retrying throttling and ActiveStatementsExceeded like
     * {@link #submitBatch}; fails if it fails or outlives the deadline.
     */
    public DescribeStatementResponse run(String sql, Deadline deadline) {
        String id = null;
        for (int attempt = 0; id == null; attempt++) {
            try {
                id = execute(sql);
            } catch (AwsServiceException e) {
                if (!isBusy(e) || !deadline.sleep(sleeper, Backoff.SUBMIT.delay(attempt))) {
                    throw e;
                }
            }
        }
        DescribeStatementResponse d = await(id, deadline);
        if (d == null) {
            throw new StatementFailedException("statement " + id + " still running at the deadline: " + sql);
        }
        if (!"FINISHED".equals(d.statusAsString())) {
            throw new StatementFailedException("statement " + id + " " + d.statusAsString() + ": " + d.error());
        }
        return d;
    }

    /** Runs a query and returns every row, each column as text (null for SQL NULL). */
    public List<List<String>> query(String sql, Deadline deadline) {
        DescribeStatementResponse d = run(sql, deadline);
        if (Boolean.FALSE.equals(d.hasResultSet())) {
            return new ArrayList<>();
        }
        return result(d.id(), deadline);
    }

    /**
     * Every row of a finished statement's result, or of one statement of a batch by its
     * {@code <id>:<n>} (API_GetStatementResult), each column as text (null for SQL NULL).
     */
    public List<List<String>> result(String statementId, Deadline deadline) {
        List<List<String>> rows = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            GetStatementResultResponse r =
                    client.getStatementResult(b -> b.id(statementId).nextToken(page));
            for (List<Field> record : r.records()) {
                List<String> row = new ArrayList<>(record.size());
                for (Field f : record) {
                    row.add(text(f));
                }
                rows.add(row);
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty() && !deadline.passed());
        return rows;
    }

    /** A Data API field as text, null for SQL NULL. */
    public static String text(Field f) {
        if (Boolean.TRUE.equals(f.isNull())) {
            return null;
        }
        if (f.stringValue() != null) {
            return f.stringValue();
        }
        if (f.longValue() != null) {
            return f.longValue().toString();
        }
        if (f.doubleValue() != null) {
            return f.doubleValue().toString();
        }
        if (f.booleanValue() != null) {
            return f.booleanValue().toString();
        }
        return f.blobValue() == null ? null : f.blobValue().asUtf8String();
    }
}
