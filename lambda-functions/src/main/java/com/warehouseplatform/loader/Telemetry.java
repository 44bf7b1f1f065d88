package com.warehouseplatform.loader;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Log lines and metrics as JSON lines on stdout, no logging framework: each log line carries
 * the loader and the batch id; metrics use CloudWatch's embedded metric format (namespace
 * WarehousePlatform/Loaders, dimension Loader), which Lambda turns into metrics.
 */
public final class Telemetry {

    public static final String NAMESPACE = "WarehousePlatform/Loaders";

    /** The metrics the loader emits, with their CloudWatch units. */
    public static final Map<String, String> UNITS = Map.of(
            "FilesLoaded", "Count",
            "BytesLoaded", "Bytes",
            "RowsLoaded", "Count",
            "Batches", "Count",
            "Failures", "Count",
            "DurationMs", "Milliseconds",
            "SecondsSinceLastSuccess", "Seconds",
            // the freshness alarm's metric: the seconds since the last success during which the pause schedule
            // had the warehouse up (equal to SecondsSinceLastSuccess without a schedule)
            "UpSecondsSinceLastSuccess", "Seconds",
            // runs that found the cluster paused, pausing or resuming and loaded nothing
            "PausedRuns", "Count");

    private final PrintStream out;
    private final Clock clock;
    private final String loader;

    public Telemetry(PrintStream out, Clock clock, String loader) {
        this.out = out;
        this.clock = clock;
        this.loader = loader;
    }

    public void info(String batchId, String message, Map<String, ?> fields) {
        log("INFO", batchId, message, fields);
    }

    public void warn(String batchId, String message, Map<String, ?> fields) {
        log("WARN", batchId, message, fields);
    }

    public void error(String batchId, String message, Map<String, ?> fields) {
        log("ERROR", batchId, message, fields);
    }

    private void log(String level, String batchId, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("loader", loader);
        line.put("batchId", batchId);
        line.put("message", message);
        if (fields != null) {
            fields.forEach((k, v) -> line.putIfAbsent(k, v));
        }
        emit(line);
    }

    /** One EMF line with these metric values (names from {@link #UNITS}). */
    public void metrics(String batchId, Map<String, ? extends Number> values) {
        emit(emf(clock.millis(), loader, batchId, values));
    }

    static Map<String, Object> emf(
            long timestamp, String loader, String batchId, Map<String, ? extends Number> values) {
        List<Map<String, String>> definitions = new ArrayList<>();
        for (String name : values.keySet()) {
            String unit = UNITS.get(name);
            if (unit == null) {
                throw new IllegalArgumentException("unknown metric " + name);
            }
            Map<String, String> definition = new LinkedHashMap<>();
            definition.put("Name", name);
            definition.put("Unit", unit);
            definitions.add(definition);
        }
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(List.of("Loader")));
        directive.put("Metrics", definitions);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", timestamp);
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.put("Loader", loader);
        if (batchId != null) {
            line.put("batchId", batchId); // a property, not a dimension: searchable in Logs Insights
        }
        line.putAll(values);
        return line;
    }

    private void emit(Map<String, Object> line) {
        String json = Json.write(line);
        synchronized (out) {
            out.println(json);
            out.flush();
        }
    }
}
