package com.warehouseplatform.loader;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an invocation returns: the loader, the batch it ended with (or null), how, and what it loaded. */
public record RunResult(String loader, String batchId, RunStatus status, long files, long bytes, long rows) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loader", loader);
        m.put("batchId", batchId);
        m.put("status", status.label());
        m.put("files", files);
        m.put("bytes", bytes);
        m.put("rows", rows);
        return m;
    }
}
