package com.warehouseplatform.loader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file version the loader will not try again, in
 * {@code state/<loader>/quarantine/<sha256 of key>.json}. A new version of the key (another ETag)
 * is planned as usual; a replay of the key loads it and removes the record.
 */
public record QuarantineRecord(String key, String etag, String batchId, List<LoadError> errors) {

    public QuarantineRecord {
        etag = ObjectVersion.normalizeEtag(etag);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("etag", etag);
        m.put("batchId", batchId);
        m.put("errors", errors.stream().map(LoadError::toJson).toList());
        return m;
    }

    /** Reads {@link #toJson()}: batchId may be null (a key rejected before any batch), the rest is required. */
    static QuarantineRecord fromJson(Json.Fields f) {
        return new QuarantineRecord(
                f.text("key"), f.text("etag"), f.optionalText("batchId"), f.objects("errors", LoadError::fromJson));
    }
}
