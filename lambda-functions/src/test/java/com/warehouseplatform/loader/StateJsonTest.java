package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON shapes of the state files in the ops bucket, which operators read. */
class StateJsonTest {

    @Test
    void pendingBatchHasTheDocumentedFieldsAndRoundTrips() throws Exception {
        PendingBatch p = new PendingBatch("b1", null, List.of(new BatchFile("orders/a.csv", "\"e1\"", 10, false)),
                "orders/a.csv", "2024-05-01T12:00:00Z", false, List.of("LOCK ops.load_ledger"));

        JsonNode json = Json.MAPPER.readTree(Json.bytes(p));

        assertThat(json.get("batchId").asText()).isEqualTo("b1");
        assertThat(json.get("statementId").isNull()).isTrue();
        assertThat(json.at("/files/0/key").asText()).isEqualTo("orders/a.csv");
        assertThat(json.at("/files/0/etag").asText()).isEqualTo("e1");
        assertThat(json.at("/files/0/size").asLong()).isEqualTo(10);
        assertThat(json.get("watermarkOnSuccess").asText()).isEqualTo("orders/a.csv");
        assertThat(json.get("createdAt").asText()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(Json.read(Json.bytes(p.withStatementId("s-1")), PendingBatch.class, "p"))
                .isEqualTo(p.withStatementId("s-1"));
    }

    @Test
    void quarantineAndWatermarkShapes() throws Exception {
        QuarantineRecord q = new QuarantineRecord("orders/b.csv", "eb", "b1",
                List.of(new LoadError("s3://raw/orders/b.csv", 3L, "amount", "Invalid digit")));
        JsonNode json = Json.MAPPER.readTree(Json.bytes(q));
        assertThat(json.get("key").asText()).isEqualTo("orders/b.csv");
        assertThat(json.get("etag").asText()).isEqualTo("eb");
        assertThat(json.get("batchId").asText()).isEqualTo("b1");
        assertThat(json.at("/errors/0/file").asText()).isEqualTo("s3://raw/orders/b.csv");
        assertThat(json.at("/errors/0/line").asLong()).isEqualTo(3);
        assertThat(json.at("/errors/0/column").asText()).isEqualTo("amount");
        assertThat(json.at("/errors/0/reason").asText()).isEqualTo("Invalid digit");

        Watermark w = Json.read("{\"startAfter\":\"orders/a.csv\",\"unknown\":1}".getBytes(), Watermark.class, "w");
        assertThat(w.startAfter()).isEqualTo("orders/a.csv");
        assertThat(w.lastSuccessAt()).isNull();
    }

    @Test
    void stateKeysFollowTheLayout() {
        assertThat(Keys.pending("orders", "b1")).isEqualTo("state/orders/pending/b1.json");
        assertThat(Keys.watermark("orders")).isEqualTo("state/orders/watermark.json");
        assertThat(Keys.quarantine("orders", "orders/b.csv"))
                .matches("state/orders/quarantine/[0-9a-f]{64}\\.json")
                .isEqualTo("state/orders/quarantine/" + Keys.sha256Hex("orders/b.csv") + ".json");
        assertThat(Keys.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(BatchSql.manifestKey(TestSettings.defaults(), "b1", 3)).isEqualTo("manifests/orders/b1/3.manifest");
    }

    @Test
    void manifestNamesOneFileWithItsLength() throws Exception {
        JsonNode json = Json.MAPPER.readTree(Manifests.forFile("raw", "orders/o'b \"q\".csv", 42));

        assertThat(json.get("entries")).hasSize(1);
        assertThat(json.at("/entries/0/url").asText()).isEqualTo("s3://raw/orders/o'b \"q\".csv");
        assertThat(json.at("/entries/0/mandatory").asBoolean()).isTrue();
        assertThat(json.at("/entries/0/meta/content_length").asLong()).isEqualTo(42);
    }

    @Test
    void batchIdsSortByTimeAndFitAClientToken() {
        var clock = java.time.Clock.fixed(java.time.Instant.parse("2024-05-01T12:00:00Z"), java.time.ZoneOffset.UTC);
        String a = LoaderRun.batchIds(clock).get();
        String b = LoaderRun.batchIds(clock).get();

        assertThat(a).matches("20240501T120000Z-[0-9a-f]{12}").isNotEqualTo(b);
        assertThat(a.length()).isLessThanOrEqualTo(64);
    }
}
