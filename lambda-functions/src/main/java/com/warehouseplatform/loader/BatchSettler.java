package com.warehouseplatform.loader;

import com.warehouseplatform.loader.BatchStatement.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;

/**
 * Brings one pending batch as far as it goes in this invocation: submits it if it was never
 * submitted (batch id as ClientToken), waits, then settles it: a commit that loaded the batch, a
 * commit that loaded nothing because another batch had one of its files or a merge key repeats, a
 * failure (quarantine the files the load errors name, alert), or a statement the Data API forgot
 * (the ledger tells). The pending state is deleted once the batch is settled.
 */
final class BatchSettler {

    /** Load errors on Serverless are matched by time: this much before the batch was created. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** At most this many errors are kept per quarantined file. */
    static final int ERRORS_PER_FILE = 100;

    /** How a batch ended up in this invocation. */
    enum Outcome {
        /** Committed with its files: move the watermark. */
        COMMITTED,
        /** Committed without effect: another batch had committed one of its files; plan again. */
        CONFLICT,
        /** Still running, or not yet submitted: plan nothing new. */
        OPEN,
        /** Failed: {@link Settled#failure()} says why; the invocation fails. */
        FAILED,
        /** Forgotten by the Data API and absent from the ledger: its files are planned again. */
        DROPPED
    }

    record Settled(Outcome outcome, RunResult result, String failure) {}

    private final LoaderSettings s;
    private final Warehouse warehouse;
    private final StateStore state;
    private final Telemetry log;
    private final AlertSender alerts;
    private final Clock clock;
    private final ClusterState cluster;

    BatchSettler(
            LoaderSettings settings,
            Warehouse warehouse,
            StateStore state,
            Telemetry log,
            AlertSender alerts,
            Clock clock) {
        this(settings, warehouse, state, log, alerts, clock, new ClusterState(null, null, log));
    }

    BatchSettler(
            LoaderSettings settings,
            Warehouse warehouse,
            StateStore state,
            Telemetry log,
            AlertSender alerts,
            Clock clock,
            ClusterState cluster) {
        this.cluster = cluster;
        this.s = settings;
        this.warehouse = warehouse;
        this.state = state;
        this.log = log;
        this.alerts = alerts;
        this.clock = clock;
    }

    Settled settle(PendingBatch p, Deadline deadline) {
        List<BatchStatement> statements = p.statements(s);
        DescribeStatementResponse d;
        if (p.statementId() == null) {
            String id;
            try {
                id = warehouse.submitBatch(
                        statements.stream().map(BatchStatement::sql).toList(), p.batchId(), deadline);
            } catch (AwsServiceException e) {
                return submitFailed(p, e);
            }
            if (id == null) {
                log.warn(
                        p.batchId(),
                        "the Data API is busy: the batch is recorded and is submitted by the next run",
                        Map.of());
                return new Settled(Outcome.OPEN, result(p, RunStatus.DEFERRED, 0, 0, 0), null);
            }
            p = p.withStatementId(id);
            state.putPending(p);
            log.info(
                    p.batchId(),
                    "submitted",
                    Map.of("statementId", id, "files", p.files().size(), "bytes", p.bytes()));
            d = warehouse.await(id, deadline);
        } else {
            try {
                d = warehouse.describe(p.statementId());
            } catch (ResourceNotFoundException e) {
                return settleForgotten(p, deadline);
            }
        }
        if (d == null || Warehouse.isRunning(d.statusAsString())) {
            log.info(
                    p.batchId(),
                    "still running: the next run resolves it",
                    Map.of("statementId", p.statementId(), "status", d == null ? "RUNNING" : d.statusAsString()));
            return new Settled(Outcome.OPEN, result(p, RunStatus.IN_FLIGHT, 0, 0, 0), null);
        }
        if ("FINISHED".equals(d.statusAsString())) {
            return finished(p, statements, d, deadline);
        }
        if (cluster.checks() && cluster.observe().paused()) {
            return interrupted(p, d.statusAsString());
        }
        return new Settled(Outcome.FAILED, null, fail(p, statements, d, deadline));
    }

    /**
     * While the cluster is paused: a batch whose statement ended without committing was ended by the pause
     * (its one transaction rolled back); drop it so that its files are planned again after resume. Anything
     * else stays as it is for the first run after resume. Returns true when the batch was dropped.
     */
    boolean dropIfInterrupted(PendingBatch p) {
        if (p.statementId() == null) {
            return false;
        }
        DescribeStatementResponse d;
        try {
            d = warehouse.describe(p.statementId());
        } catch (ResourceNotFoundException e) {
            return false; // the first run after resume asks the ledger
        }
        String status = d.statusAsString();
        if (Warehouse.isRunning(status) || "FINISHED".equals(status)) {
            return false;
        }
        interrupted(p, status);
        return true;
    }

    /** FAILED or ABORTED while the cluster pauses: rolled back, not the files' fault. No quarantine, no alert. */
    private Settled interrupted(PendingBatch p, String status) {
        state.deletePending(p.batchId());
        log.warn(
                p.batchId(),
                "the batch ended " + status + " while the cluster is paused: rolled back, its files are planned"
                        + " again after resume",
                Map.of(
                        "statementId",
                        String.valueOf(p.statementId()),
                        "files",
                        p.files().size()));
        return new Settled(Outcome.DROPPED, null, null);
    }

    private Settled submitFailed(PendingBatch p, AwsServiceException e) {
        if (cluster.checks() && cluster.observe().paused()) {
            log.info(
                    p.batchId(),
                    "the cluster paused before the batch could be submitted: it stays recorded for the first run"
                            + " after resume",
                    Map.of("error", String.valueOf(e.getMessage())));
            return new Settled(Outcome.OPEN, result(p, RunStatus.PAUSED, 0, 0, 0), null);
        }
        boolean permanent = e.statusCode() >= 400 && e.statusCode() < 500;
        String message = "submitting batch " + p.batchId() + " failed: " + e.getMessage();
        if (permanent) {
            state.deletePending(p.batchId());
        }
        log.error(p.batchId(), message, Map.of("kept", !permanent));
        alerts.send(
                "batch " + p.batchId() + " could not be submitted",
                Alerts.batchFailed(
                        s.loaderName(),
                        p.batchId(),
                        s.sourceBucket(),
                        p.files(),
                        List.of(),
                        List.of(),
                        e.getMessage() + (permanent ? "" : " (recorded: the next run submits it again)")));
        log.metrics(p.batchId(), Map.of("Failures", 1));
        return new Settled(Outcome.FAILED, null, message);
    }

    /** The Data API no longer knows the statement (it keeps them 24 h): the ledger tells. */
    private Settled settleForgotten(PendingBatch p, Deadline deadline) {
        List<List<String>> rows = warehouse.query(BatchSql.ledgerBatchQuery(s.loaderName(), p.batchId()), deadline);
        long count = rows.isEmpty() || rows.get(0).isEmpty() || rows.get(0).get(0) == null
                ? 0
                : Long.parseLong(rows.get(0).get(0).strip());
        if (count > 0) {
            log.warn(
                    p.batchId(),
                    "statement unknown to the Data API, but the ledger has the batch: finishing it",
                    Map.of("statementId", p.statementId(), "ledgerRows", count));
            return committed(p, null, count, 0);
        }
        state.deletePending(p.batchId());
        log.warn(
                p.batchId(),
                "statement unknown to the Data API and the ledger has no row of the batch:"
                        + " dropped, its files are planned again",
                Map.of("statementId", p.statementId()));
        return new Settled(Outcome.DROPPED, null, null);
    }

    /** FINISHED: committed. Either the batch loaded (ledger rows written) or it found a reason to load nothing. */
    private Settled finished(
            PendingBatch p, List<BatchStatement> statements, DescribeStatementResponse d, Deadline deadline) {
        long ledgerRows = resultRows(statements, d, Kind.INSERT_LEDGER);
        if (ledgerRows > 0) {
            return committed(p, d, ledgerRows, resultRows(statements, d, Kind.INSERT_TARGET));
        }
        state.deletePending(p.batchId());
        List<String> conflicts = findings(p, statements, d, Kind.SELECT_CONFLICTS, deadline);
        if (!conflicts.isEmpty()) {
            log.warn(
                    p.batchId(),
                    "another batch committed files of this batch first: this batch loaded nothing"
                            + " and its files are planned again",
                    Map.of("files", p.files().size(), "conflicting", conflicts));
            return new Settled(Outcome.CONFLICT, result(p, RunStatus.CONFLICT, 0, 0, 0), null);
        }
        List<String> repeated = findings(p, statements, d, Kind.SELECT_REPEATED_KEYS, deadline);
        String why = repeated.isEmpty()
                ? "the batch committed but wrote no ledger row and named no reason"
                : Alerts.repeatedKeysReason(s.mergeKeys(), s.orderBy(), repeated);
        log.error(
                p.batchId(),
                "batch loaded nothing: " + why,
                Map.of("files", p.files().size()));
        alerts.send(
                "batch " + p.batchId() + " loaded nothing",
                Alerts.batchFailed(
                        s.loaderName(), p.batchId(), s.sourceBucket(), p.files(), List.of(), List.of(), why));
        log.metrics(p.batchId(), Map.of("Failures", 1));
        return new Settled(Outcome.FAILED, null, "batch " + p.batchId() + " loaded nothing: " + why);
    }

    private Settled committed(PendingBatch p, DescribeStatementResponse d, long ledgerRows, long rows) {
        long bytes = ledgerRows == 0 ? 0 : p.bytes();
        Set<String> keys = new HashSet<>();
        p.files().forEach(f -> keys.add(f.key()));
        for (QuarantineRecord q : state.quarantine()) {
            if (keys.contains(q.key())) {
                state.deleteQuarantine(q.key());
                log.info(p.batchId(), "released from quarantine", Map.of("key", q.key(), "etag", q.etag()));
            }
        }
        state.deletePending(p.batchId());

        long durationMs = d != null && d.duration() != null && d.duration() > 0
                ? d.duration() / 1_000_000
                : Math.max(0, clock.millis() - Instant.parse(p.createdAt()).toEpochMilli());
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("FilesLoaded", ledgerRows);
        metrics.put("BytesLoaded", bytes);
        metrics.put("RowsLoaded", rows);
        metrics.put("Batches", 1);
        metrics.put("Failures", 0);
        metrics.put("DurationMs", durationMs);
        log.metrics(p.batchId(), metrics);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("files", ledgerRows);
        fields.put("bytes", bytes);
        fields.put("rows", rows);
        fields.put("durationMs", durationMs);
        log.info(p.batchId(), "batch committed", fields);
        return new Settled(Outcome.COMMITTED, result(p, RunStatus.LOADED, ledgerRows, bytes, rows), null);
    }

    /** FAILED or ABORTED: rolled back. Quarantine the files the load errors name, alert, drop the state. */
    private String fail(
            PendingBatch p, List<BatchStatement> statements, DescribeStatementResponse d, Deadline deadline) {
        String status = d.statusAsString();
        String statementError = "ABORTED".equals(status) ? "the statement was cancelled (ABORTED)" : d.error();
        SubStatementData failed = failedSubStatement(d);
        Kind failedKind = null;
        if (failed != null) {
            int index = subIndex(failed.id(), d.subStatements().indexOf(failed));
            failedKind = index >= 0 && index < statements.size()
                    ? statements.get(index).kind()
                    : null;
            if (failed.error() != null && !failed.error().isBlank()) {
                statementError = failed.error();
            }
        }
        List<LoadError> errors = failedKind == Kind.COPY_STAGE ? loadErrors(p, failed, deadline) : List.of();
        Map<BatchFile, List<LoadError>> byFile = LoadErrors.byFile(errors, p.files(), s.sourceBucket());
        List<LoadError> batchErrors = new ArrayList<>();
        byFile.values().forEach(batchErrors::addAll);
        List<QuarantineRecord> quarantined = new ArrayList<>();
        for (Map.Entry<BatchFile, List<LoadError>> e : byFile.entrySet()) {
            List<LoadError> fileErrors = e.getValue()
                    .subList(0, Math.min(ERRORS_PER_FILE, e.getValue().size()));
            QuarantineRecord q =
                    new QuarantineRecord(e.getKey().key(), e.getKey().etag(), p.batchId(), fileErrors);
            state.putQuarantine(q);
            quarantined.add(q);
        }
        String where = failedKind == null
                ? statementError
                : "the " + failedKind.label() + " statement failed: " + statementError;
        alerts.send(
                "batch " + p.batchId() + " failed",
                Alerts.batchFailed(
                        s.loaderName(), p.batchId(), s.sourceBucket(), p.files(), quarantined, batchErrors, where));
        state.deletePending(p.batchId());
        log.metrics(p.batchId(), Map.of("Failures", 1));

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", status);
        fields.put("statement", failedKind == null ? null : failedKind.label());
        fields.put("error", statementError);
        fields.put(
                "quarantined", quarantined.stream().map(QuarantineRecord::key).toList());
        fields.put(
                "firstErrors",
                batchErrors.subList(0, Math.min(Alerts.FIRST_ERRORS, batchErrors.size())).stream()
                        .map(LoadError::toJson)
                        .toList());
        log.error(p.batchId(), "batch failed", fields);
        return "batch " + p.batchId() + " " + status + ": "
                + (batchErrors.isEmpty() ? where : batchErrors.get(0).describe());
    }

    private static SubStatementData failedSubStatement(DescribeStatementResponse d) {
        if (!d.hasSubStatements()) {
            return null;
        }
        for (SubStatementData sub : d.subStatements()) {
            if ("FAILED".equals(sub.statusAsString())) {
                return sub;
            }
        }
        return null;
    }

    /**
     * Where Redshift writes the errors of the failed COPY: STL_LOAD_ERRORS by the STL query id on a
     * provisioned cluster; SYS_LOAD_ERROR_DETAIL by time and prefix on Serverless and on a Multi-AZ cluster,
     * which have only the SYS views (BatchSql, {@link LoaderSettings#sysViewsOnly()}).
     */
    private List<LoadError> loadErrors(PendingBatch p, SubStatementData failed, Deadline deadline) {
        try {
            if (s.sysViewsOnly()) {
                String sql = BatchSql.sysLoadErrorsQuery(
                        s, Instant.parse(p.createdAt()).minus(CLOCK_SKEW));
                return LoadErrors.parse(LoadErrors.latestPerFile(warehouse.query(sql, deadline)));
            }
            if (failed.redshiftQueryId() == null || failed.redshiftQueryId() <= 0) {
                log.warn(
                        p.batchId(),
                        "the failed COPY has no RedshiftQueryId: its load errors cannot be read",
                        Map.of());
                return List.of();
            }
            return LoadErrors.parse(warehouse.query(BatchSql.stlLoadErrorsQuery(failed.redshiftQueryId()), deadline));
        } catch (RuntimeException e) {
            log.warn(p.batchId(), "could not read the load errors: " + e.getMessage(), Map.of());
            return List.of();
        }
    }

    /** The rows a result-set statement of the finished batch returned, each row's columns joined by ", ". */
    private List<String> findings(
            PendingBatch p,
            List<BatchStatement> statements,
            DescribeStatementResponse d,
            Kind kind,
            Deadline deadline) {
        int index = indexOf(statements, kind);
        if (index < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            for (List<String> row : warehouse.result(subStatementId(d, index), deadline)) {
                out.add(String.join(
                        ", ",
                        row.stream().map(v -> v == null ? "NULL" : v.strip()).toList()));
            }
        } catch (RuntimeException e) {
            log.warn(p.batchId(), "could not read the " + kind.label() + " result: " + e.getMessage(), Map.of());
        }
        return out;
    }

    /** Rows the statement of this kind affected, 0 if the batch has none or the Data API does not say. */
    private static long resultRows(List<BatchStatement> statements, DescribeStatementResponse d, Kind kind) {
        int index = indexOf(statements, kind);
        if (index < 0 || !d.hasSubStatements() || index >= d.subStatements().size()) {
            return 0;
        }
        Long rows = d.subStatements().get(index).resultRows();
        return rows == null ? 0 : Math.max(0, rows);
    }

    /** Position (from 0) of the statement of this kind, or -1 if the batch has none. */
    static int indexOf(List<BatchStatement> statements, Kind kind) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    /** Sub-statement ids are {@code <statement id>:<n>}, n from 1 (API_DescribeStatement). */
    private static String subStatementId(DescribeStatementResponse d, int index) {
        if (d.hasSubStatements()
                && index < d.subStatements().size()
                && d.subStatements().get(index).id() != null) {
            return d.subStatements().get(index).id();
        }
        return d.id() + ":" + (index + 1);
    }

    /** The position (from 0) of a sub-statement from its id's suffix; falls back to its position in the list. */
    static int subIndex(String id, int position) {
        if (id != null) {
            int colon = id.lastIndexOf(':');
            if (colon >= 0) {
                try {
                    return Integer.parseInt(id.substring(colon + 1)) - 1;
                } catch (NumberFormatException e) {
                    return position;
                }
            }
        }
        return position;
    }

    private RunResult result(PendingBatch p, RunStatus status, long files, long bytes, long rows) {
        return new RunResult(s.loaderName(), p.batchId(), status, files, bytes, rows);
    }
}
