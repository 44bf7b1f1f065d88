package com.warehouseplatform.loader;

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
}
