package com.warehouseplatform.loader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file of a batch as kept in the pending state. {@code replay} files are loaded even when the
 * ledger already holds them (an operator asked for it).
 */
public record BatchFile(String key, String etag, long size, boolean replay) {

    public BatchFile {
        etag = ObjectVersion.normalizeEtag(etag);
    }

    public static BatchFile of(ObjectVersion o, boolean replay) {
        return new BatchFile(o.key(), o.etag(), o.size(), replay);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("etag", etag);
        m.put("size", size);
        m.put("replay", replay);
        return m;
    }

    /** Reads {@link #toJson()}: every field is required. */
    static BatchFile fromJson(Json.Fields f) {
        return new BatchFile(f.text("key"), f.text("etag"), f.number("size"), f.bool("replay"));
    }
}
