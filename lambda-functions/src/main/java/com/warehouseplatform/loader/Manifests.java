package com.warehouseplatform.loader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Redshift COPY manifests: one data file each, so that COPY errors and rows map to one file. */
public final class Manifests {

    private Manifests() {
    }

    /** {@code {"entries":[{"url":"s3://bucket/key","mandatory":true,"meta":{"content_length":n}}]}} */
    public static String forFile(String bucket, String key, long size) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("url", "s3://" + bucket + "/" + key);
        entry.put("mandatory", true);
        entry.put("meta", Map.of("content_length", size));
        return Json.write(Map.of("entries", List.of(entry)));
    }
}
