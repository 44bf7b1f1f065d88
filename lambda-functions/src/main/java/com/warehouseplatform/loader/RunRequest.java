package com.warehouseplatform.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One invocation's input: {@code {"loader": "orders"}}, optionally {@code "fullScan": true}
 * (list the whole prefix, not only after the watermark) or {@code "replay": ["key", ...]}
 * (load these keys again, even if the ledger has them), or {@code "status": true} (load nothing:
 * report the pending batches, quarantined files and recent loads). Unknown fields are refused.
 */
public record RunRequest(boolean fullScan, List<String> replay, boolean status) {

    static final Set<String> FIELDS = Set.of("loader", "fullScan", "replay", "status");

    public RunRequest {
        replay = List.copyOf(replay);
        if (fullScan && !replay.isEmpty()) {
            throw new IllegalArgumentException("fullScan and replay cannot be combined");
        }
        if (status && (fullScan || !replay.isEmpty())) {
            throw new IllegalArgumentException("status reports only: it cannot be combined with fullScan or replay");
        }
    }

    public RunRequest(boolean fullScan, List<String> replay) {
        this(fullScan, replay, false);
    }

    public static final RunRequest SCHEDULED = new RunRequest(false, List.of());

    public static RunRequest parse(Map<String, ?> input, String expectedLoader) {
        if (input == null) {
            throw new IllegalArgumentException("input must be {\"loader\": \"" + expectedLoader + "\"}");
        }
        for (String field : input.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        "unknown input field '" + field + "' (allowed: loader, fullScan, replay, status)");
            }
        }
        Object loader = input.get("loader");
        if (!expectedLoader.equals(loader)) {
            throw new IllegalArgumentException(
                    "this function is loader '" + expectedLoader + "' but the input names '" + loader + "'");
        }
        boolean fullScan = flag(input, "fullScan");
        boolean status = flag(input, "status");
        List<String> replay = new ArrayList<>();
        Object r = input.get("replay");
        if (r != null) {
            if (!(r instanceof List<?> list)) {
                throw new IllegalArgumentException("replay must be a list of object keys");
            }
            for (Object key : list) {
                if (!(key instanceof String k) || k.isEmpty()) {
                    throw new IllegalArgumentException("replay must be a list of object keys, got " + key);
                }
                replay.add(k);
            }
            if (replay.isEmpty()) {
                throw new IllegalArgumentException("replay must name at least one object key");
            }
        }
        return new RunRequest(fullScan, replay, status);
    }

    private static boolean flag(Map<String, ?> input, String name) {
        Object value = input.get(name);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new IllegalArgumentException(name + " must be true or false, got " + value);
    }
}
