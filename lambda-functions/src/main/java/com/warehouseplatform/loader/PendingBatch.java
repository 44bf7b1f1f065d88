package com.warehouseplatform.loader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch recorded in {@code state/<loader>/pending/<batchId>.json} before it is submitted, so that
 * a run that dies at any point leaves enough for the next run to finish the work.
 *
 * @param statementId        the Data API statement id, null until the submission returned
 * @param watermarkOnSuccess the listing position to store once the batch has committed, or null
 * @param createdAt          ISO-8601 instant; also the ledger's loaded_at for this batch
 * @param fullScan           planned from a full listing: the watermark may move backwards
 * @param statements         the exact statements submitted, so that a re-submission is identical
 */
public record PendingBatch(
        String batchId,
        String statementId,
        List<BatchFile> files,
        String watermarkOnSuccess,
        String createdAt,
        boolean fullScan,
        List<BatchStatement> statements) {

    public PendingBatch {
        files = files == null ? List.of() : List.copyOf(files);
        statements = statements == null ? List.of() : List.copyOf(statements);
    }

    public PendingBatch withStatementId(String id) {
        return new PendingBatch(batchId, id, files, watermarkOnSuccess, createdAt, fullScan, statements);
    }

    public long bytes() {
        return files.stream().mapToLong(BatchFile::size).sum();
    }

    public List<String> sqls() {
        return statements.stream().map(BatchStatement::sql).toList();
    }

    /** Position (from 0) of the statement of this kind, or -1 if the batch has none. */
    public int indexOf(BatchStatement.Kind kind) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
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
        m.put("statements", statements.stream().map(BatchStatement::toJson).toList());
        return m;
    }

    /** Reads {@link #toJson()}: statementId and watermarkOnSuccess may be null, the rest is required. */
    static PendingBatch fromJson(Json.Fields f) {
        return new PendingBatch(f.text("batchId"), f.optionalText("statementId"), f.objects("files", BatchFile::fromJson),
                f.optionalText("watermarkOnSuccess"), f.text("createdAt"), f.bool("fullScan"),
                f.objects("statements", BatchStatement::fromJson));
    }
}
