package com.warehouseplatform.loader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator asks of a loader with {@code {"loader": "orders", "status": true}}: its pending
 * batches, its quarantined files with their errors, its watermark and the files it loaded last. It
 * reads the same state the loader keeps and changes nothing.
 */
final class LoaderStatus {
    /** How many of the most recently loaded files the report lists. */
    static final int RECENT = 20;

    private final LoaderSettings settings;
    private final StateStore state;
    private final Warehouse warehouse;

    LoaderStatus(LoaderSettings settings, StateStore state, Warehouse warehouse) {
        this.settings = settings;
        this.state = state;
        this.warehouse = warehouse;
    }

    Map<String, Object> report(Deadline deadline) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loader", settings.loaderName());
        List<Map<String, Object>> pending = new ArrayList<>();
        for (PendingBatch batch : state.pendingBatches()) {
            pending.add(Map.of(
                    "batchId", batch.batchId(),
                    "statementId", String.valueOf(batch.statementId()),
                    "files", batch.files().stream().map(BatchFile::key).toList()));
        }
        out.put("pending", pending);
        List<Map<String, Object>> quarantined = new ArrayList<>();
        for (QuarantineRecord record : state.quarantine()) {
            quarantined.add(Map.of(
                    "key", record.key(),
                    "etag", record.etag(),
                    "batchId", String.valueOf(record.batchId()),
                    "errors", record.errors().stream().map(LoadError::describe).toList()));
        }
        out.put("quarantined", quarantined);
        Watermark watermark = state.watermark();
        out.put("watermark", watermark == null ? null : watermark.startAfter());
        List<Map<String, Object>> loaded = new ArrayList<>();
        for (List<String> row : warehouse.query(recentQuery(), deadline)) {
            loaded.add(Map.of("key", row.get(0), "etag", row.get(1), "batchId", row.get(2), "loadedAt", row.get(3)));
        }
        out.put("recentlyLoaded", loaded);
        return out;
    }

    String recentQuery() {
        return "SELECT object_key, etag, batch_id, loaded_at FROM " + Ledger.table(settings.loaderName())
                + " ORDER BY loaded_at DESC, object_key DESC LIMIT " + RECENT;
    }
}
