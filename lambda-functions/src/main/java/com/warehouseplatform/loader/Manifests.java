package com.warehouseplatform.loader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redshift COPY manifests (loading-data-files-using-manifest): every entry mandatory, so a file
 * that disappears fails the COPY instead of being skipped, and with {@code meta.content_length},
 * which COPY from columnar formats requires and the others accept.
 */
public final class Manifests {

    private Manifests() {}

    /** The batch's data files that have bytes, in the order given (COPY keeps no order anyway). */
    public static String forFiles(String bucket, List<BatchFile> files) {
        List<Map<String, Object>> entries = new ArrayList<>(files.size());
        for (BatchFile f : files) {
            if (f.size() > 0) {
                entries.add(entry(bucket, f.key(), f.size()));
            }
        }
        return Json.write(Map.of("entries", entries));
    }

    /** A manifest of one object. */
    public static String forObject(String bucket, String key, long size) {
        return Json.write(Map.of("entries", List.of(entry(bucket, key, size))));
    }

    private static Map<String, Object> entry(String bucket, String key, long size) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("url", "s3://" + bucket + "/" + key);
        entry.put("mandatory", true);
        entry.put("meta", Map.of("content_length", size));
        return entry;
    }
}
