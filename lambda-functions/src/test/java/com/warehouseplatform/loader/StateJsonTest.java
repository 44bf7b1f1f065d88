package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON shapes of the state files in the ops bucket, which operators read. */
class StateJsonTest {

    @Test
    void pendingBatchHasTheDocumentedFieldsAndRoundTrips() {
        PendingBatch p = new PendingBatch(
                "20240501T120000Z-0123456789ab",
                null,
                List.of(new BatchFile("orders/a.csv", "\"e1\"", 10, false)),
                "orders/a.csv",
                "2024-05-01T12:00:00Z",
                false,
                List.of("order_id", "amount"));

        JsonTree json = JsonTree.parse(Json.bytes(p.toJson()));

        assertThat(json.text("/batchId")).isEqualTo("20240501T120000Z-0123456789ab");
        assertThat(json.isNull("/statementId")).isTrue();
        assertThat(json.text("/files/0/key")).isEqualTo("orders/a.csv");
        assertThat(json.text("/files/0/etag")).isEqualTo("e1");
        assertThat(json.number("/files/0/size")).isEqualTo(10);
        assertThat(json.text("/watermarkOnSuccess")).isEqualTo("orders/a.csv");
        assertThat(json.text("/createdAt")).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(json.text("/columns/1")).isEqualTo("amount");
        assertThat(json.has("/statements"))
                .as("no SQL is stored: it is rebuilt from the settings")
                .isFalse();
        assertThat(PendingBatch.fromJson(
                        Json.read(Json.bytes(p.withStatementId("s-1").toJson()), "p")))
                .isEqualTo(p.withStatementId("s-1"));
    }

    @Test
    void quarantineAndWatermarkShapes() {
        QuarantineRecord q = new QuarantineRecord(
                "orders/b.csv",
                "eb",
                "b1",
                List.of(new LoadError("s3://raw/orders/b.csv", 3L, "amount", "Invalid digit")));
        JsonTree json = JsonTree.parse(Json.bytes(q.toJson()));
        assertThat(json.text("/key")).isEqualTo("orders/b.csv");
        assertThat(json.text("/etag")).isEqualTo("eb");
        assertThat(json.text("/batchId")).isEqualTo("b1");
        assertThat(json.text("/errors/0/file")).isEqualTo("s3://raw/orders/b.csv");
        assertThat(json.number("/errors/0/line")).isEqualTo(3);
        assertThat(json.text("/errors/0/column")).isEqualTo("amount");
        assertThat(json.text("/errors/0/reason")).isEqualTo("Invalid digit");

        Watermark w = Watermark.fromJson(Json.read("{\"startAfter\":\"orders/a.csv\",\"unknown\":1}".getBytes(), "w"));
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
    }

    @Test
    void dataManifestNamesEveryFileWithBytesWithItsLength() {
        JsonTree json = JsonTree.parse(Manifests.forFiles(
                "raw",
                java.util.List.of(
                        new BatchFile("orders/o'b \"q\".csv", "e1", 42, false),
                        new BatchFile("orders/empty.csv", "e2", 0, false),
                        new BatchFile("orders/c.csv", "e3", 7, true))));

        assertThat(json.size("/entries"))
                .as("the empty file has no rows to COPY")
                .isEqualTo(2);
        assertThat(json.text("/entries/0/url")).isEqualTo("s3://raw/orders/o'b \"q\".csv");
        assertThat(json.bool("/entries/0/mandatory")).isTrue();
        assertThat(json.number("/entries/0/meta/content_length")).isEqualTo(42);
        assertThat(json.text("/entries/1/url")).isEqualTo("s3://raw/orders/c.csv");
        assertThat(json.number("/entries/1/meta/content_length")).isEqualTo(7);
    }

    @Test
    void fileListManifestNamesOneObject() {
        JsonTree json = JsonTree.parse(Manifests.forObject("ops", "manifests/orders/b1/files.csv", 99));

        assertThat(json.size("/entries")).isEqualTo(1);
        assertThat(json.text("/entries/0/url")).isEqualTo("s3://ops/manifests/orders/b1/files.csv");
        assertThat(json.number("/entries/0/meta/content_length")).isEqualTo(99);
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
