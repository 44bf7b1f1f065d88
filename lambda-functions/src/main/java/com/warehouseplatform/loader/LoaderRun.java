package com.warehouseplatform.loader;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * One run of a loader (DESIGN.md, "Data flow"):
 * <ol>
 *   <li>resolve this loader's pending batches: finish committed ones, quarantine and alert on
 *       failed ones, re-submit unsubmitted ones with their batch id as ClientToken; while one is
 *       still running, plan nothing;</li>
 *   <li>plan: list after the watermark, skip quarantined versions, drop the ledger's versions
 *       (read for the listed key range only), cap the batch;</li>
 *   <li>write one manifest per file and the pending state, then submit the batch;</li>
 *   <li>poll with capped backoff until it ends or the invocation's time runs out (the next run
 *       resolves it then).</li>
 * </ol>
 * Failures are thrown as {@link LoaderFailedException} once the bookkeeping is done.
 */
public final class LoaderRun {

    private static final DateTimeFormatter BATCH_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LoaderSettings s;
    private final Warehouse warehouse;
    private final S3Client s3;
    private final SnsClient sns;
    private final StateStore state;
    private final Telemetry log;
    private final Clock clock;
    private final Supplier<String> batchIds;

    // per-run state: reset at the start of every run (one LoaderRun serves a warm container's runs)
    private List<QuarantineRecord> quarantine;
    private Watermark watermark;

    public LoaderRun(LoaderSettings settings, Warehouse warehouse, S3Client s3, SnsClient sns, Telemetry telemetry,
                     Clock clock, Supplier<String> batchIds) {
        this.s = settings;
        this.warehouse = warehouse;
        this.s3 = s3;
        this.sns = sns;
        this.state = new StateStore(s3, settings.opsBucket(), settings.loaderName());
        this.log = telemetry;
        this.clock = clock;
        this.batchIds = batchIds;
    }

    /** Batch ids sort by creation time: {@code 20240501T120000Z-<12 hex>}. */
    public static Supplier<String> batchIds(Clock clock) {
        return () -> {
            byte[] random = new byte[6];
            RANDOM.nextBytes(random);
            return BATCH_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
        };
    }

    public RunResult run(RunRequest request, Deadline deadline) {
        List<String> failures = new ArrayList<>();
        quarantine = null;
        watermark = state.watermark();
        try {
            return runSteps(request, deadline, failures);
        } finally {
            emitStaleness();
        }
    }

    private RunResult runSteps(RunRequest request, Deadline deadline, List<String> failures) {
        // 1. resolve what earlier runs left
        RunResult result = null;
        RunResult inFlight = null;
        for (PendingBatch p : state.pendingBatches()) {
            RunResult r = resolve(p, deadline, failures);
            if (r == null) {
                continue;
            }
            if (RunResult.IN_FLIGHT.equals(r.status()) || RunResult.DEFERRED.equals(r.status())) {
                inFlight = r;
            } else {
                result = r;
            }
        }
        if (!failures.isEmpty()) {
            throw new LoaderFailedException(s.loaderName(), failures);
        }
        if (inFlight != null) {
            log.info(inFlight.batchId(), "a batch is still in flight: planning nothing new"
                    + (request.replay().isEmpty() ? "" : " (replay not started: invoke again when it is done)"),
                    Map.of("status", inFlight.status()));
            return inFlight;
        }

        // 2. plan
        Planner.Plan plan = request.replay().isEmpty() ? plan(request.fullScan(), deadline) : replayPlan(request.replay());
        quarantineRejected(plan.rejected(), failures);
        if (plan.files().isEmpty()) {
            advanceWatermark(plan.watermarkOnSuccess(), request.fullScan(), failures.isEmpty());
            if (!failures.isEmpty()) {
                throw new LoaderFailedException(s.loaderName(), failures);
            }
            log.info(null, "up to date: no new files", Map.of("startAfter", String.valueOf(watermark.startAfter())));
            return result != null ? result : new RunResult(s.loaderName(), null, RunResult.UP_TO_DATE, 0, 0, 0);
        }
        if (deadline.passed()) {
            log.warn(null, "no time left to submit the planned batch: the next run plans again", Map.of());
            return new RunResult(s.loaderName(), null, RunResult.DEFERRED, 0, 0, 0);
        }

        // 3. manifests, pending state, submit; 4. poll
        PendingBatch pending = prepare(plan, request.fullScan(), deadline);
        RunResult r = resolve(pending, deadline, failures);
        if (!failures.isEmpty()) {
            throw new LoaderFailedException(s.loaderName(), failures);
        }
        return r;
    }

    // ---------------------------------------------------------------- step 1 and 4: resolve

    /**
     * Brings a pending batch as far as it goes in this invocation: submits it if it was never
     * submitted, then finishes or fails it once it has ended. Returns null when the batch was
     * dropped without a result.
     */
    RunResult resolve(PendingBatch p, Deadline deadline, List<String> failures) {
        DescribeStatementResponse d;
        if (p.statementId() == null) {
            String id;
            try {
                id = warehouse.submitBatch(p.sqls(), p.batchId(), deadline);
            } catch (AwsServiceException e) {
                return submitFailed(p, e, failures);
            }
            if (id == null) {
                log.warn(p.batchId(), "the Data API is busy: the batch is recorded and is submitted by the next run",
                        Map.of());
                return result(p, RunResult.DEFERRED, 0, 0, 0);
            }
            p = p.withStatementId(id);
            state.putPending(p);
            log.info(p.batchId(), "submitted", Map.of("statementId", id, "files", p.files().size(), "bytes", p.bytes()));
            d = warehouse.await(id, deadline);
        } else {
            try {
                d = warehouse.describe(p.statementId());
            } catch (ResourceNotFoundException e) {
                return settleForgotten(p, deadline);
            }
        }
        if (d == null || Warehouse.isRunning(d.statusAsString())) {
            log.info(p.batchId(), "still running: the next run resolves it",
                    Map.of("statementId", p.statementId(), "status", d == null ? "RUNNING" : d.statusAsString()));
            return result(p, RunResult.IN_FLIGHT, 0, 0, 0);
        }
        if ("FINISHED".equals(d.statusAsString())) {
            return finish(p, d);
        }
        failures.add(fail(p, d, deadline));
        return null;
    }

    private RunResult submitFailed(PendingBatch p, AwsServiceException e, List<String> failures) {
        boolean permanent = e.statusCode() >= 400 && e.statusCode() < 500;
        String message = "submitting batch " + p.batchId() + " failed: " + e.getMessage();
        if (permanent) {
            state.deletePending(p.batchId());
        }
        log.error(p.batchId(), message, Map.of("kept", !permanent));
        alert("batch " + p.batchId() + " could not be submitted",
                Alerts.batchFailed(s.loaderName(), p.batchId(), s.sourceBucket(), p.files(), List.of(), List.of(),
                        e.getMessage() + (permanent ? "" : " (recorded: the next run submits it again)")));
        log.metrics(p.batchId(), Map.of("Failures", 1));
        failures.add(message);
        return null;
    }

    /** The Data API no longer knows the statement (it keeps them 24 h): the ledger tells. */
    private RunResult settleForgotten(PendingBatch p, Deadline deadline) {
        List<List<String>> rows = warehouse.query(BatchSql.ledgerBatchQuery(s.loaderName(), p.batchId()), deadline);
        long count = rows.isEmpty() || rows.get(0).isEmpty() || rows.get(0).get(0) == null
                ? 0 : Long.parseLong(rows.get(0).get(0).strip());
        if (count > 0) {
            log.warn(p.batchId(), "statement unknown to the Data API, but the ledger has the batch: finishing it",
                    Map.of("statementId", p.statementId(), "ledgerRows", count));
            return finish(p, null);
        }
        state.deletePending(p.batchId());
        log.warn(p.batchId(), "statement unknown to the Data API and the ledger has no row of the batch:"
                + " dropped, its files are planned again", Map.of("statementId", p.statementId()));
        return null;
    }

    private RunResult finish(PendingBatch p, DescribeStatementResponse d) {
        long ledgerRows = p.files().size();
        long rows = 0;
        if (d != null && d.hasSubStatements()) {
            List<SubStatementData> subs = d.subStatements();
            Long last = subs.get(subs.size() - 1).resultRows();
            if (last != null && last >= 0) {
                ledgerRows = last;
            }
            int insert = BatchSql.targetInsertIndex(s, p.sqls());
            if (insert >= 0 && insert < subs.size() && subs.get(insert).resultRows() != null) {
                rows = Math.max(0, subs.get(insert).resultRows());
            }
        }
        long bytes = ledgerRows == 0 ? 0 : p.bytes();

        advanceWatermark(p.watermarkOnSuccess(), p.fullScan(), true);
        Set<String> keys = new HashSet<>();
        p.files().forEach(f -> keys.add(f.key()));
        for (QuarantineRecord q : quarantine()) {
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
        fields.put("startAfter", watermark.startAfter());
        if (ledgerRows < p.files().size()) {
            fields.put("alreadyLoaded", p.files().size() - ledgerRows);
        }
        log.info(p.batchId(), "batch committed", fields);
        return result(p, RunResult.LOADED, ledgerRows, bytes, rows);
    }

    /** A FAILED or ABORTED batch: quarantine the files the errors name, alert, drop the state. */
    private String fail(PendingBatch p, DescribeStatementResponse d, Deadline deadline) {
        String status = d.statusAsString();
        String statementError = "ABORTED".equals(status) ? "the statement was cancelled (ABORTED)" : d.error();
        SubStatementData failed = null;
        int failedIndex = -1;
        if (d.hasSubStatements()) {
            List<SubStatementData> subs = d.subStatements();
            for (int i = 0; i < subs.size(); i++) {
                if ("FAILED".equals(subs.get(i).statusAsString())) {
                    failed = subs.get(i);
                    failedIndex = subIndex(failed.id(), i);
                    break;
                }
            }
        }
        int copiedSeq = failedIndex >= 0 && failedIndex < p.sqls().size()
                ? BatchSql.copiedFileSeq(p.sqls().get(failedIndex)) : -1;
        if (failed != null && failed.error() != null && !failed.error().isBlank()) {
            statementError = failed.error();
        }

        List<LoadError> errors = List.of();
        if (copiedSeq > 0 && failed.redshiftQueryId() != null) {
            try {
                errors = LoadErrors.parse(warehouse.query(BatchSql.loadErrorsQuery(failed.redshiftQueryId()), deadline));
            } catch (RuntimeException e) {
                log.warn(p.batchId(), "could not read the load errors: " + e.getMessage(), Map.of());
            }
        }
        Map<BatchFile, List<LoadError>> byFile = LoadErrors.byFile(errors, p.files(), s.sourceBucket());
        if (byFile.isEmpty() && copiedSeq > 0 && copiedSeq <= p.files().size()) {
            BatchFile f = p.files().get(copiedSeq - 1);
            byFile = Map.of(f, List.of(new LoadError("s3://" + s.sourceBucket() + "/" + f.key(), null, null,
                    statementError == null ? "COPY failed" : statementError)));
        }
        List<QuarantineRecord> quarantined = new ArrayList<>();
        for (Map.Entry<BatchFile, List<LoadError>> e : byFile.entrySet()) {
            List<LoadError> fileErrors = e.getValue().subList(0, Math.min(100, e.getValue().size()));
            QuarantineRecord q = new QuarantineRecord(e.getKey().key(), e.getKey().etag(), p.batchId(), fileErrors);
            state.putQuarantine(q);
            quarantined.add(q);
            quarantine = null;
        }
        alert("batch " + p.batchId() + " failed",
                Alerts.batchFailed(s.loaderName(), p.batchId(), s.sourceBucket(), p.files(), quarantined, errors,
                        statementError));
        state.deletePending(p.batchId());
        log.metrics(p.batchId(), Map.of("Failures", 1));

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", status);
        fields.put("error", statementError);
        fields.put("quarantined", quarantined.stream().map(QuarantineRecord::key).toList());
        fields.put("firstErrors", errors.subList(0, Math.min(Alerts.FIRST_ERRORS, errors.size())).stream()
                .map(LoadError::toJson).toList());
        log.error(p.batchId(), "batch failed", fields);
        return "batch " + p.batchId() + " " + status + ": " + (errors.isEmpty() ? statementError : errors.get(0).describe());
    }

    /** Sub-statement ids are {@code <statement id>:<n>} with n from 1; fall back to the position. */
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

    // ---------------------------------------------------------------- step 2: plan

    private Planner.Plan plan(boolean fullScan, Deadline deadline) {
        Set<Planner.VersionId> quarantined = new HashSet<>();
        for (QuarantineRecord q : quarantine()) {
            quarantined.add(new Planner.VersionId(q.key(), q.etag()));
        }
        Planner planner = new Planner(Planner.Limits.of(s), quarantined);
        SourceListing listing = new SourceListing(s3::listObjectsV2, s.sourceBucket(), s.sourcePrefix(),
                fullScan ? null : watermark.startAfter());
        int pages = planner.consume(listing, range -> ledger(range, deadline), deadline::passed);
        Planner.Plan plan = planner.plan();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pages", pages);
        fields.put("files", plan.files().size());
        fields.put("bytes", plan.bytes());
        fields.put("capped", plan.capped());
        fields.put("fullScan", fullScan);
        fields.put("startAfter", fullScan ? null : watermark.startAfter());
        log.info(null, "planned", fields);
        return plan;
    }

    private Set<Planner.VersionId> ledger(Planner.KeyRange range, Deadline deadline) {
        Set<Planner.VersionId> out = new HashSet<>();
        for (List<String> row : warehouse.query(BatchSql.ledgerRangeQuery(s.loaderName(), range.first(), range.last()),
                deadline)) {
            if (row.size() >= 2 && row.get(0) != null && row.get(1) != null) {
                out.add(new Planner.VersionId(row.get(0), row.get(1).strip()));
            }
        }
        return out;
    }

    private Planner.Plan replayPlan(List<String> keys) {
        List<ObjectVersion> objects = new ArrayList<>();
        for (String key : keys) {
            if (!key.startsWith(s.sourcePrefix())) {
                throw new IllegalArgumentException("replay key " + Sql.printable(key) + " is not under this loader's prefix '"
                        + s.sourcePrefix() + "'");
            }
            HeadObjectResponse head;
            try {
                head = s3.headObject(b -> b.bucket(s.sourceBucket()).key(key));
            } catch (NoSuchKeyException e) {
                throw new IllegalArgumentException("replay key not found: s3://" + s.sourceBucket() + "/" + key, e);
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new IllegalArgumentException("replay key not found: s3://" + s.sourceBucket() + "/" + key, e);
                }
                throw e;
            }
            objects.add(new ObjectVersion(key, head.eTag(), head.contentLength() == null ? 0 : head.contentLength()));
        }
        Planner.Plan plan = Planner.replay(objects, Planner.Limits.of(s));
        log.info(null, "planned a replay", Map.of("files", plan.files().size(), "bytes", plan.bytes()));
        return plan;
    }

    private void quarantineRejected(List<Planner.Rejected> rejected, List<String> failures) {
        if (rejected.isEmpty()) {
            return;
        }
        List<QuarantineRecord> records = new ArrayList<>();
        for (Planner.Rejected r : rejected) {
            ObjectVersion o = r.object();
            QuarantineRecord q = new QuarantineRecord(o.key(), o.etag(), null,
                    List.of(new LoadError("s3://" + s.sourceBucket() + "/" + Sql.printable(o.key()), null, null, r.reason())));
            state.putQuarantine(q);
            records.add(q);
            quarantine = null;
        }
        alert(records.size() + " object(s) quarantined", Alerts.rejected(s.loaderName(), s.sourceBucket(), records));
        log.metrics(null, Map.of("Failures", records.size()));
        log.error(null, "quarantined objects that cannot be loaded",
                Map.of("keys", records.stream().map(q -> Sql.printable(q.key())).toList()));
        failures.add("quarantined " + records.size() + " object(s) whose key cannot be loaded, first: "
                + Sql.printable(records.get(0).key()) + " (" + rejected.get(0).reason() + ")");
    }

    // ---------------------------------------------------------------- step 3: prepare

    private PendingBatch prepare(Planner.Plan plan, boolean fullScan, Deadline deadline) {
        List<String> columns = new ArrayList<>();
        for (List<String> row : warehouse.query(BatchSql.columnsQuery(s.targetTable()), deadline)) {
            columns.add(row.get(0).strip());
        }
        String batchId = batchIds.get();
        Instant createdAt = clock.instant();
        List<String> sqls = BatchSql.batch(s, columns, batchId, plan.files(), createdAt);
        for (int i = 0; i < plan.files().size(); i++) {
            BatchFile f = plan.files().get(i);
            if (f.size() > 0) {
                state.putManifest(BatchSql.manifestKey(s, batchId, i + 1),
                        Manifests.forFile(s.sourceBucket(), f.key(), f.size()));
            }
        }
        PendingBatch pending = new PendingBatch(batchId, null, plan.files(), plan.watermarkOnSuccess(),
                createdAt.toString(), fullScan, sqls);
        state.putPending(pending);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("files", pending.files().size());
        fields.put("bytes", pending.bytes());
        fields.put("statements", sqls.size());
        fields.put("watermarkOnSuccess", plan.watermarkOnSuccess());
        fields.put("replay", pending.files().stream().anyMatch(BatchFile::replay));
        log.info(batchId, "batch recorded", fields);
        return pending;
    }

    // ---------------------------------------------------------------- state helpers

    private List<QuarantineRecord> quarantine() {
        if (quarantine == null) {
            quarantine = state.quarantine();
        }
        return quarantine;
    }

    /**
     * Moves the watermark to {@code candidate} if it is ahead (or anywhere on a full scan) and,
     * when {@code success}, stamps the last success.
     */
    private void advanceWatermark(String candidate, boolean fullScan, boolean success) {
        Watermark current = state.watermark();
        String start = current.startAfter();
        if (candidate != null && (fullScan || start == null || Keys.compare(candidate, start) > 0)) {
            start = candidate;
        }
        String lastSuccess = success ? clock.instant().toString() : current.lastSuccessAt();
        Watermark next = new Watermark(start, lastSuccess);
        if (!next.equals(current)) {
            state.putWatermark(next);
        }
        watermark = next;
    }

    private void emitStaleness() {
        if (watermark == null || watermark.lastSuccessAt() == null) {
            return;
        }
        try {
            long seconds = Duration.between(Instant.parse(watermark.lastSuccessAt()), clock.instant()).toSeconds();
            log.metrics(null, Map.of("SecondsSinceLastSuccess", Math.max(0, seconds)));
        } catch (RuntimeException e) {
            log.warn(null, "unreadable lastSuccessAt in the watermark: " + watermark.lastSuccessAt(), Map.of());
        }
    }

    private void alert(String subject, String message) {
        if (s.alertTopicArn() == null) {
            log.warn(null, "no ALERT_TOPIC_ARN: alert only logged", Map.of("subject", subject, "alert", message));
            return;
        }
        try {
            sns.publish(b -> b.topicArn(s.alertTopicArn()).subject(Alerts.subject(s.loaderName(), subject))
                    .message(message));
        } catch (RuntimeException e) {
            log.error(null, "could not publish the alert: " + e.getMessage(), Map.of("subject", subject, "alert", message));
        }
    }

    private RunResult result(PendingBatch p, String status, long files, long bytes, long rows) {
        return new RunResult(s.loaderName(), p.batchId(), status, files, bytes, rows);
    }
}
