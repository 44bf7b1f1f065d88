package com.warehouseplatform.loader;

import java.util.List;

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
}
