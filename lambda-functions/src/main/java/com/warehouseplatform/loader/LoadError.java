package com.warehouseplatform.loader;

import java.util.LinkedHashMap;
import java.util.Map;

/** One load error: the data file (s3://bucket/key), its line (1 = first line), column and reason. */
public record LoadError(String file, Long line, String column, String reason) {

    public String describe() {
        StringBuilder b = new StringBuilder(file == null ? "?" : file);
        if (line != null) {
            b.append(" line ").append(line);
        }
        if (column != null && !column.isEmpty()) {
            b.append(" column ").append(column);
        }
        return b.append(": ").append(reason).toString();
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("line", line);
        m.put("column", column);
        m.put("reason", reason);
        return m;
    }

    /** Reads {@link #toJson()}: every field may be null (it is a diagnostic, not state). */
    static LoadError fromJson(Json.Fields f) {
        return new LoadError(
                f.optionalText("file"), f.optionalNumber("line"), f.optionalText("column"), f.optionalText("reason"));
    }
}
