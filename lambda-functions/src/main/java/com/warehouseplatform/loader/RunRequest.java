package com.warehouseplatform.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One invocation's input: {@code {"loader": "orders"}}, optionally {@code "fullScan": true}
 * (list the whole prefix, not only after the watermark) or {@code "replay": ["key", ...]}
 * (load these keys again, even if the ledger has them). Unknown fields are refused.
 */
public record RunRequest(boolean fullScan, List<String> replay) {

    static final Set<String> FIELDS = Set.of("loader", "fullScan", "replay");

    public RunRequest {
        replay = List.copyOf(replay);
        if (fullScan && !replay.isEmpty()) {
            throw new IllegalArgumentException("fullScan and replay cannot be combined");
        }
    }

    public static final RunRequest SCHEDULED = new RunRequest(false, List.of());

    public static RunRequest parse(Map<String, ?> input, String expectedLoader) {
        if (input == null) {
            throw new IllegalArgumentException("input must be {\"loader\": \"" + expectedLoader + "\"}");
        }
        for (String field : input.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown input field '" + field + "' (allowed: loader, fullScan, replay)");
            }
        }
        Object loader = input.get("loader");
        if (!expectedLoader.equals(loader)) {
            throw new IllegalArgumentException("this function is loader '" + expectedLoader + "' but the input names '"
                    + loader + "'");
        }
        boolean fullScan = false;
        Object fs = input.get("fullScan");
        if (fs != null) {
            if (fs instanceof Boolean b) {
                fullScan = b;
            } else if ("true".equals(fs) || "false".equals(fs)) {
                fullScan = Boolean.parseBoolean((String) fs);
            } else {
                throw new IllegalArgumentException("fullScan must be true or false, got " + fs);
            }
        }
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
        return new RunRequest(fullScan, replay);
    }
}
