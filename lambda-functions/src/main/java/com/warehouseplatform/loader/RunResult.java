package com.warehouseplatform.loader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an invocation returns. Status: {@code loaded} (a batch committed during this run),
 * {@code in-flight} (a batch is still running: the next run resolves it), {@code deferred} (the
 * batch is recorded but could not be submitted in time, or no time was left to plan), or
 * {@code up-to-date} (nothing new).
 */
public record RunResult(String loader, String batchId, String status, long files, long bytes, long rows) {

    public static final String LOADED = "loaded";
    public static final String IN_FLIGHT = "in-flight";
    public static final String DEFERRED = "deferred";
    public static final String UP_TO_DATE = "up-to-date";

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loader", loader);
        m.put("batchId", batchId);
        m.put("status", status);
        m.put("files", files);
        m.put("bytes", bytes);
        m.put("rows", rows);
        return m;
    }
}
