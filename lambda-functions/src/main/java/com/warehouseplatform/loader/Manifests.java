package com.warehouseplatform.loader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Redshift COPY manifests: one data file each, so that COPY errors and rows map to one file. */
public final class Manifests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    /** {@code {"entries":[{"url":"s3://bucket/key","mandatory":true,"meta":{"content_length":n}}]}} */
    public static String forFile(String bucket, String key, long size) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode entry = root.putArray("entries").addObject();
        entry.put("url", "s3://" + bucket + "/" + key);
        entry.put("mandatory", true);
        entry.putObject("meta").put("content_length", size);
        return root.toString();
    }
}
