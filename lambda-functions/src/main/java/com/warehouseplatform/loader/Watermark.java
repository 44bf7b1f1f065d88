package com.warehouseplatform.loader;

/**
 * {@code state/<loader>/watermark.json}. Every key under the prefix up to and including
 * {@code startAfter} is in the ledger, so listing starts after it (a quarantined key stops the
 * advance, so it is listed again until it is resolved). {@code lastSuccessAt} (ISO-8601) is when a
 * batch last committed or a run last found the loader up to date: the SecondsSinceLastSuccess metric.
 */
public record Watermark(String startAfter, String lastSuccessAt) {

    public static final Watermark NONE = new Watermark(null, null);
}
