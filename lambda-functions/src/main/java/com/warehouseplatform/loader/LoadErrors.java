package com.warehouseplatform.loader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads load error rows (stl_load_errors, sys_load_error_detail) and maps them to the batch's files. */
public final class LoadErrors {

    private LoadErrors() {}

    /**
     * Rows of {@link BatchSql#loadErrorsQuery} (query_id, file_name, line_number, column_name,
     * error_code, error_message) as load errors; Redshift pads its char columns, so values are trimmed.
     */
    public static List<LoadError> parse(List<List<String>> rows) {
        List<LoadError> out = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            String file = trim(at(row, 1));
            Long line = null;
            String lineText = trim(at(row, 2));
            if (lineText != null && !lineText.isEmpty()) {
                try {
                    line = Long.parseLong(lineText);
                } catch (NumberFormatException e) {
                    line = null;
                }
            }
            String column = trim(at(row, 3));
            String code = trim(at(row, 4));
            String message = trim(at(row, 5));
            String reason = (message == null ? "load error" : withoutValues(message))
                    + (code == null ? "" : " (code " + code + ")");
            out.add(new LoadError(file, line, column == null || column.isEmpty() ? null : column, reason));
        }
        return out;
    }

    /**
     * The reason without the field values it quotes (Redshift: {@code Invalid digit, Value 's', Pos 0};
     * PostgreSQL: {@code invalid input syntax for type numeric: "seven"}): alerts and state files name
     * file, line, column, code and reason, never the data, which may be personal.
     */
    static String withoutValues(String message) {
        return message.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
    }

    /**
     * Of rows matched by time rather than by query id (Serverless), only those of each file's latest
     * COPY (the greatest query id), so that an earlier failed load of the same file is not quoted again.
     */
    public static List<List<String>> latestPerFile(List<List<String>> rows) {
        Map<String, Long> latest = new LinkedHashMap<>();
        for (List<String> row : rows) {
            latest.merge(String.valueOf(trim(at(row, 1))), queryId(row), Math::max);
        }
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            if (queryId(row) == latest.get(String.valueOf(trim(at(row, 1))))) {
                out.add(row);
            }
        }
        return out;
    }

    private static long queryId(List<String> row) {
        try {
            return Long.parseLong(trim(at(row, 0)));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Groups errors by the batch file they name. Matches {@code s3://<bucket>/<key>} exactly, or,
     * as Redshift cuts long file names, the one file whose URL starts with the reported name.
     * Errors naming no file of the batch are left out.
     */
    public static Map<BatchFile, List<LoadError>> byFile(List<LoadError> errors, List<BatchFile> files, String bucket) {
        Map<BatchFile, List<LoadError>> out = new LinkedHashMap<>();
        for (LoadError e : errors) {
            BatchFile f = match(e.file(), files, bucket);
            if (f != null) {
                out.computeIfAbsent(f, k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    static BatchFile match(String fileName, List<BatchFile> files, String bucket) {
        if (fileName == null || fileName.isEmpty()) {
            return null;
        }
        BatchFile prefixMatch = null;
        int prefixMatches = 0;
        for (BatchFile f : files) {
            String url = "s3://" + bucket + "/" + f.key();
            if (url.equals(fileName) || url.stripTrailing().equals(fileName)) {
                return f;
            }
            if (url.startsWith(fileName)) {
                prefixMatch = f;
                prefixMatches++;
            }
        }
        return prefixMatches == 1 && fileName.length() >= 200 ? prefixMatch : null;
    }

    private static String at(List<String> row, int i) {
        return i < row.size() ? row.get(i) : null;
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }
}
