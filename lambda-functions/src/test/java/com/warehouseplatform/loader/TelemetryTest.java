package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
    final Telemetry telemetry = new Telemetry(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC), "orders");

    JsonNode line() throws Exception {
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        return Json.MAPPER.readTree(lines[0]);
    }

    @Test
    void metricsAreEmbeddedMetricFormat() throws Exception {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("FilesLoaded", 3);
        values.put("BytesLoaded", 1234L);
        values.put("DurationMs", 56L);

        telemetry.metrics("b1", values);
        JsonNode json = line();

        assertThat(json.at("/_aws/Timestamp").asLong()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z").toEpochMilli());
        JsonNode directive = json.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("WarehousePlatform/Loaders");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Loader");
        assertThat(directive.get("Metrics")).hasSize(3);
        assertThat(directive.at("/Metrics/1/Name").asText()).isEqualTo("BytesLoaded");
        assertThat(directive.at("/Metrics/1/Unit").asText()).isEqualTo("Bytes");
        assertThat(json.get("Loader").asText()).isEqualTo("orders");
        assertThat(json.get("FilesLoaded").asInt()).isEqualTo(3);
        assertThat(json.get("BytesLoaded").asLong()).isEqualTo(1234L);
        assertThat(json.get("batchId").asText()).isEqualTo("b1");
    }

    @Test
    void unknownMetricsAreRefused() {
        assertThatThrownBy(() -> telemetry.metrics(null, Map.of("Files", 1))).hasMessageContaining("unknown metric Files");
    }

    @Test
    void logLinesAreJsonWithLoaderAndBatch() throws Exception {
        telemetry.info("b1", "batch committed", Map.of("files", 2, "key", "a\"b"));
        JsonNode json = line();

        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("loader").asText()).isEqualTo("orders");
        assertThat(json.get("batchId").asText()).isEqualTo("b1");
        assertThat(json.get("message").asText()).isEqualTo("batch committed");
        assertThat(json.get("files").asInt()).isEqualTo(2);
        assertThat(json.get("key").asText()).isEqualTo("a\"b");
    }
}
