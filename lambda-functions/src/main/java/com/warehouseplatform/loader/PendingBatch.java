package com.warehouseplatform.loader;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A batch recorded in {@code state/<loader>/pending/<batchId>.json} before it is submitted, so that
 * a run that dies at any point leaves enough for the next run to finish the work. It records what
 * the batch is, never SQL: the statements are rebuilt from the loader's validated settings
 * ({@link #statements}), identical to the first submission, so that its ClientToken still holds and
 * a state file edited in the ops bucket cannot make the loader run statements of its choosing.
 *
 * @param statementId        the Data API statement id, null until the submission returned
 * @param watermarkOnSuccess the listing position to store once the batch has committed, or null
 * @param createdAt          ISO-8601 instant; also the ledger's loaded_at for this batch
 * @param fullScan           planned from a full listing: the watermark may move backwards
 * @param columns            the target's columns the batch loads (read when it was planned)
 */
public record PendingBatch(
        String batchId,
        String statementId,
        List<BatchFile> files,
        String watermarkOnSuccess,
        String createdAt,
        boolean fullScan,
        List<String> columns) {

    /** What {@link LoaderRun#batchIds} makes: {@code 20240501T120000Z-<12 hex>}. */
    static final Pattern BATCH_ID = Pattern.compile("^\\d{8}T\\d{6}Z-[0-9a-f]{12}$");

    public PendingBatch {
        files = files == null ? List.of() : List.copyOf(files);
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    public PendingBatch withStatementId(String id) {
        return new PendingBatch(batchId, id, files, watermarkOnSuccess, createdAt, fullScan, columns);
    }

    public long bytes() {
        return files.stream().mapToLong(BatchFile::size).sum();
    }

    /** Whether any file has bytes: a batch of empty files copies no data. */
    public boolean hasDataFiles() {
        return files.stream().anyMatch(f -> f.size() > 0);
    }

    /** The batch's statements, from the settings and what the batch records (BatchSql). */
    public List<BatchStatement> statements(LoaderSettings settings) {
        return BatchSql.batch(settings, columns, batchId, hasDataFiles(), Instant.parse(createdAt));
    }

    /** The state file's fields; statementId and watermarkOnSuccess are written even when null. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batchId", batchId);
        m.put("statementId", statementId);
        m.put("files", files.stream().map(BatchFile::toJson).toList());
        m.put("watermarkOnSuccess", watermarkOnSuccess);
        m.put("createdAt", createdAt);
        m.put("fullScan", fullScan);
        m.put("columns", columns);
        return m;
    }

    /**
     * Reads {@link #toJson()}: statementId and watermarkOnSuccess may be null, the rest is required;
     * the batch id must have the loader's own form (it names objects and goes into SQL).
     */
    static PendingBatch fromJson(Json.Fields f) {
        PendingBatch p = new PendingBatch(
                f.text("batchId"),
                f.optionalText("statementId"),
                f.objects("files", BatchFile::fromJson),
                f.optionalText("watermarkOnSuccess"),
                f.text("createdAt"),
                f.bool("fullScan"),
                f.texts("columns"));
        if (!BATCH_ID.matcher(p.batchId()).matches()) {
            throw new IllegalStateException(
                    "pending batch id " + Sql.printable(p.batchId()) + " is not of the form " + BATCH_ID.pattern());
        }
        return p;
    }
}
