package com.warehouseplatform.loader;

import java.util.List;

/**
 * A batch recorded in {@code state/<loader>/pending/<batchId>.json} before it is submitted, so that
 * a run that dies at any point leaves enough for the next run to finish the work.
 *
 * @param statementId        the Data API statement id, null until the submission returned
 * @param watermarkOnSuccess the listing position to store once the batch has committed, or null
 * @param createdAt          ISO-8601 instant; also the ledger's loaded_at for this batch
 * @param fullScan           planned from a full listing: the watermark may move backwards
 * @param sqls               the exact statements submitted, so that a re-submission is identical
 */
public record PendingBatch(
        String batchId,
        String statementId,
        List<BatchFile> files,
        String watermarkOnSuccess,
        String createdAt,
        boolean fullScan,
        List<String> sqls) {

    public PendingBatch {
        files = files == null ? List.of() : List.copyOf(files);
        sqls = sqls == null ? List.of() : List.copyOf(sqls);
    }

    public PendingBatch withStatementId(String id) {
        return new PendingBatch(batchId, id, files, watermarkOnSuccess, createdAt, fullScan, sqls);
    }

    public long bytes() {
        return files.stream().mapToLong(BatchFile::size).sum();
    }
}
