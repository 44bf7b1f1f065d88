package com.warehouseplatform.loader;

/** One object version under the source prefix: key, ETag (without quotes) and size in bytes. */
public record ObjectVersion(String key, String etag, long size) {

    public ObjectVersion {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key is required");
        }
        etag = normalizeEtag(etag);
    }

    /** S3 returns ETags in double quotes; the ledger and the state keep them bare. */
    public static String normalizeEtag(String etag) {
        if (etag == null) {
            return "";
        }
        String e = etag.trim();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    /** Folder placeholders ("key/") are not data. */
    public boolean isFolder() {
        return key.endsWith("/");
    }
}
