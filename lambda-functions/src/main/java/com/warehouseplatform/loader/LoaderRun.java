package com.warehouseplatform.loader;

import com.warehouseplatform.contract.PauseSchedule;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * One run of a loader (DESIGN.md, "Data flow"); it orchestrates, {@link Planner} plans and
 * {@link BatchSettler} settles:
 * <ol>
 *   <li>settle this loader's pending batches; while one is still running, plan nothing;</li>
 *   <li>plan: list after the watermark, skip quarantined versions, drop the ledger's versions
 *       (read for the listed key range only), cap the batch by files and bytes;</li>
 *   <li>write the batch's file list and its one data manifest to the ops bucket, and the pending
 *       state, then submit the batch;</li>
 *   <li>wait with capped backoff until it ends or the invocation's time runs out (the next run
 *       settles it then).</li>
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
    private final StateStore state;
    private final AlertSender alerts;
    private final BatchSettler settler;
    private final Telemetry log;
    private final Clock clock;
    private final Supplier<String> batchIds;
    private final ClusterState cluster;
    private final PauseSchedule schedule;

    /**
     * How long after a scheduled resume a cluster found paused is still no surprise: a resume takes minutes
     * (the Management Guide gives no bound; 30 minutes is a safe margin). After it, a paused cluster is logged
     * as a WARN, and the freshness metric keeps growing.
     */
    static final Duration RESUME_GRACE = Duration.ofMinutes(30);

    // per-run state: reset at the start of every run (one LoaderRun serves a warm container's runs)
    private List<QuarantineRecord> quarantine;
    private Watermark watermark;

    public LoaderRun(
            LoaderSettings settings,
            Warehouse warehouse,
            S3Client s3,
            SnsClient sns,
            Telemetry telemetry,
            Clock clock,
            Supplier<String> batchIds) {
        this(settings, warehouse, s3, sns, telemetry, clock, batchIds, new ClusterState(null, null, telemetry));
    }

    public LoaderRun(
            LoaderSettings settings,
            Warehouse warehouse,
            S3Client s3,
            SnsClient sns,
            Telemetry telemetry,
            Clock clock,
            Supplier<String> batchIds,
            ClusterState cluster) {
        this.cluster = cluster;
        this.schedule = settings.schedule();
        this.s = settings;
        this.warehouse = warehouse;
        this.s3 = s3;
        this.state = new StateStore(s3, settings.opsBucket(), settings.loaderName());
        this.log = telemetry;
        this.clock = clock;
        this.batchIds = batchIds;
        this.alerts = new AlertSender(sns, settings, telemetry);
        this.settler = new BatchSettler(settings, warehouse, state, telemetry, alerts, clock, cluster);
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
            if (cluster.checks()) {
                ClusterState.Observation observed = cluster.observe();
                if (observed.paused()) {
                    return paused(observed);
                }
            }
            return runSteps(request, deadline, failures);
        } finally {
            emitStaleness();
        }
    }

    private RunResult runSteps(RunRequest request, Deadline deadline, List<String> failures) {
        // 1. settle what earlier runs left
        RunResult result = null;
        RunResult open = null;
        for (PendingBatch p : state.pendingBatches()) {
            BatchSettler.Settled settled = settle(p, deadline, failures);
            if (settled.outcome() == BatchSettler.Outcome.OPEN) {
                open = settled.result();
            } else if (settled.result() != null) {
                result = settled.result();
            }
        }
        if (!failures.isEmpty()) {
            throw new LoaderFailedException(s.loaderName(), failures);
        }
        if (open != null) {
            log.info(
                    open.batchId(),
                    "a batch is still in flight: planning nothing new"
                            + (request.replay().isEmpty() ? "" : " (replay not started: invoke again when it is done)"),
                    Map.of("status", open.status().label()));
            return open;
        }

        // 2. plan
        Planner.Plan plan =
                request.replay().isEmpty() ? plan(request.fullScan(), deadline) : replayPlan(request.replay());
        quarantineRejected(plan.rejected(), failures);
        if (plan.files().isEmpty()) {
            advanceWatermark(plan.watermarkOnSuccess(), request.fullScan(), failures.isEmpty());
            if (!failures.isEmpty()) {
                throw new LoaderFailedException(s.loaderName(), failures);
            }
            log.info(null, "up to date: no new files", Map.of("startAfter", String.valueOf(watermark.startAfter())));
            return result != null ? result : new RunResult(s.loaderName(), null, RunStatus.UP_TO_DATE, 0, 0, 0);
        }
        if (deadline.passed()) {
            log.warn(null, "no time left to submit the planned batch: the next run plans again", Map.of());
            return new RunResult(s.loaderName(), null, RunStatus.DEFERRED, 0, 0, 0);
        }

        // 3. the batch's objects in the ops bucket, pending state, submit; 4. wait and settle
        PendingBatch pending = prepare(plan, request.fullScan(), deadline);
        BatchSettler.Settled settled = settle(pending, deadline, failures);
        if (!failures.isEmpty()) {
            throw new LoaderFailedException(s.loaderName(), failures);
        }
        if (settled.result() == null) { // dropped: the cluster paused while the batch ran
            log.metrics(null, Map.of("PausedRuns", 1));
            return new RunResult(s.loaderName(), pending.batchId(), RunStatus.PAUSED, 0, 0, 0);
        }
        return settled.result();
    }

    /**
     * The cluster is paused, pausing or resuming: load nothing, fail nothing. Pending batches stay for the
     * first run after resume, except one the pause ended (rolled back): it is dropped, its files planned again.
     */
    private RunResult paused(ClusterState.Observation observed) {
        int dropped = 0;
        int pending = 0;
        for (PendingBatch p : state.pendingBatches()) {
            if (settler.dropIfInterrupted(p)) {
                dropped++;
            } else {
                pending++;
            }
        }
        boolean expectedUp = schedule.expectedUp(clock.instant(), RESUME_GRACE);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("clusterStatus", observed.status());
        fields.put("pendingBatches", pending);
        fields.put("droppedBatches", dropped);
        fields.put("scheduledUp", expectedUp);
        if (expectedUp) {
            log.warn(
                    null,
                    "the cluster is " + observed.status() + " although its schedule has it up: loading nothing"
                            + " (the freshness alarm counts this time)",
                    fields);
        } else {
            log.info(
                    null,
                    "the cluster is " + observed.status() + ": loading nothing; the first run after resume loads"
                            + " what arrives meanwhile",
                    fields);
        }
        log.metrics(null, Map.of("PausedRuns", 1));
        return new RunResult(s.loaderName(), null, RunStatus.PAUSED, 0, 0, 0);
    }

    /** Settles one batch, then applies what follows for this run: the watermark, the quarantine cache. */
    private BatchSettler.Settled settle(PendingBatch p, Deadline deadline, List<String> failures) {
        BatchSettler.Settled settled = settler.settle(p, deadline);
        quarantine = null;
        switch (settled.outcome()) {
            case COMMITTED -> {
                advanceWatermark(p.watermarkOnSuccess(), p.fullScan(), true);
                log.info(p.batchId(), "watermark", Map.of("startAfter", String.valueOf(watermark.startAfter())));
            }
            case FAILED -> failures.add(settled.failure());
            case CONFLICT, OPEN, DROPPED -> {
                // nothing moves: the files are planned again, or the batch is still open
            }
        }
        return settled;
    }

    // ---------------------------------------------------------------- step 2: plan

    private Planner.Plan plan(boolean fullScan, Deadline deadline) {
        Set<Planner.VersionId> quarantined = new HashSet<>();
        for (QuarantineRecord q : quarantine()) {
            quarantined.add(new Planner.VersionId(q.key(), q.etag()));
        }
        Planner planner = new Planner(Planner.Limits.of(s), quarantined);
        SourceListing listing = new SourceListing(
                s3::listObjectsV2, s.sourceBucket(), s.sourcePrefix(), fullScan ? null : watermark.startAfter());
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
        for (List<String> row :
                warehouse.query(BatchSql.ledgerRangeQuery(s.loaderName(), range.first(), range.last()), deadline)) {
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
                throw new IllegalArgumentException("replay key " + Sql.printable(key)
                        + " is not under this loader's prefix '" + s.sourcePrefix() + "'");
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
            QuarantineRecord q = new QuarantineRecord(
                    o.key(),
                    o.etag(),
                    null,
                    List.of(new LoadError(
                            "s3://" + s.sourceBucket() + "/" + Sql.printable(o.key()), null, null, r.reason())));
            state.putQuarantine(q);
            records.add(q);
            quarantine = null;
        }
        alerts.send(
                records.size() + " object(s) quarantined", Alerts.rejected(s.loaderName(), s.sourceBucket(), records));
        log.metrics(null, Map.of("Failures", records.size()));
        log.error(
                null,
                "quarantined objects that cannot be loaded",
                Map.of("keys", records.stream().map(q -> Sql.printable(q.key())).toList()));
        failures.add("quarantined " + records.size() + " object(s) whose key cannot be loaded, first: "
                + Sql.printable(records.get(0).key()) + " (" + rejected.get(0).reason() + ")");
    }

    // ---------------------------------------------------------------- step 3: prepare

    private PendingBatch prepare(Planner.Plan plan, boolean fullScan, Deadline deadline) {
        List<String> columns =
                BatchSql.loadedColumns(warehouse.query(BatchSql.columnsQuery(s.targetTable()), deadline));
        String batchId = batchIds.get();
        PendingBatch pending = new PendingBatch(
                batchId,
                null,
                plan.files(),
                plan.watermarkOnSuccess(),
                clock.instant().toString(),
                fullScan,
                columns);
        int statements = pending.statements(s).size(); // builds them once: a target that cannot be loaded fails here
        String fileList = BatchSql.fileList(plan.files());
        state.putFileList(BatchSql.fileListKey(s, batchId), fileList);
        state.putManifest(
                BatchSql.fileListManifestKey(s, batchId),
                Manifests.forObject(
                        s.opsBucket(),
                        BatchSql.fileListKey(s, batchId),
                        fileList.getBytes(StandardCharsets.UTF_8).length));
        if (pending.hasDataFiles()) {
            state.putManifest(BatchSql.dataManifestKey(s, batchId), Manifests.forFiles(s.sourceBucket(), plan.files()));
        }
        state.putPending(pending);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("files", pending.files().size());
        fields.put("bytes", pending.bytes());
        fields.put("statements", statements);
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
            Instant last = Instant.parse(watermark.lastSuccessAt());
            Instant now = clock.instant();
            long seconds = Duration.between(last, now).toSeconds();
            Map<String, Number> values = new LinkedHashMap<>();
            values.put("SecondsSinceLastSuccess", Math.max(0, seconds));
            values.put("UpSecondsSinceLastSuccess", schedule.upSecondsBetween(last, now));
            log.metrics(null, values);
        } catch (RuntimeException e) {
            log.warn(null, "unreadable lastSuccessAt in the watermark: " + watermark.lastSuccessAt(), Map.of());
        }
    }
}
