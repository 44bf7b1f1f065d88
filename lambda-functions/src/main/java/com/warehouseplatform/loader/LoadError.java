package com.warehouseplatform.loader;

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
}
