package com.warehouseplatform.loader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code state/<loader>/watermark.json}. Every key under the prefix up to and including
 * {@code startAfter} is in the ledger, so listing starts after it (a quarantined key stops the
 * advance, so it is listed again until it is resolved). {@code lastSuccessAt} (ISO-8601) is when a
 * batch last committed or a run last found the loader up to date: the SecondsSinceLastSuccess metric.
 */
public record Watermark(String startAfter, String lastSuccessAt) {

    public static final Watermark NONE = new Watermark(null, null);

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startAfter", startAfter);
        m.put("lastSuccessAt", lastSuccessAt);
        return m;
    }

    /** Reads {@link #toJson()}: both fields may be null. */
    static Watermark fromJson(Json.Fields f) {
        return new Watermark(f.optionalText("startAfter"), f.optionalText("lastSuccessAt"));
    }
}
