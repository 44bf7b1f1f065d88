package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryTest {

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Telemetry telemetry = new Telemetry(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC),
            "orders");

    JsonTree line() {
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        return JsonTree.parse(lines[0]);
    }

    @Test
    void metricsAreEmbeddedMetricFormat() {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("FilesLoaded", 3);
        values.put("BytesLoaded", 1234L);
        values.put("DurationMs", 56L);

        telemetry.metrics("b1", values);
        JsonTree json = line();

        assertThat(json.number("/_aws/Timestamp"))
                .isEqualTo(Instant.parse("2024-05-01T12:00:00Z").toEpochMilli());
        String directive = "/_aws/CloudWatchMetrics/0";
        assertThat(json.text(directive + "/Namespace")).isEqualTo("WarehousePlatform/Loaders");
        assertThat(json.text(directive + "/Dimensions/0/0")).isEqualTo("Loader");
        assertThat(json.size(directive + "/Metrics")).isEqualTo(3);
        assertThat(json.text(directive + "/Metrics/1/Name")).isEqualTo("BytesLoaded");
        assertThat(json.text(directive + "/Metrics/1/Unit")).isEqualTo("Bytes");
        assertThat(json.text("/Loader")).isEqualTo("orders");
        assertThat(json.number("/FilesLoaded")).isEqualTo(3);
        assertThat(json.number("/BytesLoaded")).isEqualTo(1234L);
        assertThat(json.text("/batchId")).isEqualTo("b1");
    }

    @Test
    void unknownMetricsAreRefused() {
        assertThatThrownBy(() -> telemetry.metrics(null, Map.of("Files", 1)))
                .hasMessageContaining("unknown metric Files");
    }

    @Test
    void logLinesAreJsonWithLoaderAndBatch() {
        telemetry.info("b1", "batch committed", Map.of("files", 2, "key", "a\"b"));
        JsonTree json = line();

        assertThat(json.text("/level")).isEqualTo("INFO");
        assertThat(json.text("/loader")).isEqualTo("orders");
        assertThat(json.text("/batchId")).isEqualTo("b1");
        assertThat(json.text("/message")).isEqualTo("batch committed");
        assertThat(json.number("/files")).isEqualTo(2);
        assertThat(json.text("/key")).isEqualTo("a\"b");
    }
}
