package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every state record survives a write and a read, whatever its keys hold; bad files fail naming file and field. */
class JsonRoundTripTest {

    /** Quotes, a backslash, Korean text, an emoji (beyond U+FFFF) and control characters. */
    static final String AWKWARD = "orders/\"q\" back\\slash 주문 데이터 😀\t\u0001.csv";

    static <T> T roundTrip(Map<String, Object> json, java.util.function.Function<Json.Fields, T> read) {
        return read.apply(Json.read(Json.bytes(json), "state/orders/test.json"));
    }

    @Test
    void pendingBatchRoundTrips() {
        PendingBatch p = new PendingBatch(
                "20240501T120000Z-0123456789ab",
                "stmt-1",
                List.of(new BatchFile(AWKWARD, "\"e1\"", 10, false), new BatchFile("orders/b.csv", "e2", 0, true)),
                AWKWARD,
                "2024-05-01T12:00:00Z",
                true,
                List.of("order_id", "a \"quoted\" column"));

        assertThat(roundTrip(p.toJson(), PendingBatch::fromJson)).isEqualTo(p);
    }

    @Test
    void pendingBatchWithNullsRoundTrips() {
        PendingBatch p = new PendingBatch(
                "20240501T120000Z-0123456789ab", null, List.of(), null, "2024-05-01T12:00:00Z", false, List.of());

        assertThat(roundTrip(p.toJson(), PendingBatch::fromJson)).isEqualTo(p);
    }

    @Test
    void aPendingBatchWhoseIdIsNotTheLoadersOwnIsRefused() {
        PendingBatch p = new PendingBatch(
                "x'; DROP TABLE t; --", null, List.of(), null, "2024-05-01T12:00:00Z", false, List.of());

        assertThatThrownBy(() -> roundTrip(p.toJson(), PendingBatch::fromJson))
                .hasMessageContaining("pending batch id x'; DROP TABLE t; -- is not of the form");
    }

    @Test
    void quarantineRecordRoundTrips() {
        QuarantineRecord q = new QuarantineRecord(
                AWKWARD,
                "eb",
                "b1",
                List.of(
                        new LoadError("s3://raw/" + AWKWARD, 3L, "금액", "Invalid digit, Value '😀', Pos 0"),
                        new LoadError(null, null, null, null)));

        assertThat(roundTrip(q.toJson(), QuarantineRecord::fromJson)).isEqualTo(q);
        QuarantineRecord rejected = new QuarantineRecord(AWKWARD, "eb", null, List.of());
        assertThat(roundTrip(rejected.toJson(), QuarantineRecord::fromJson)).isEqualTo(rejected);
    }

    @Test
    void watermarkRoundTrips() {
        Watermark w = new Watermark(AWKWARD, "2024-05-01T12:00:00Z");

        assertThat(roundTrip(w.toJson(), Watermark::fromJson)).isEqualTo(w);
        assertThat(roundTrip(Watermark.NONE.toJson(), Watermark::fromJson)).isEqualTo(Watermark.NONE);
    }

    @Test
    void stringsAreEscapedAndNonAsciiIsWrittenAsUtf8() {
        String json = Json.write(Map.of("k", "a\"b\\c\n\u0001 주문 😀"));

        assertThat(json).isEqualTo("{\"k\":\"a\\\"b\\\\c\\n\\u0001 주문 😀\"}");
        byte[] bytes = Json.bytes("😀");
        assertThat(bytes).isEqualTo("\"😀\"".getBytes(StandardCharsets.UTF_8));
        assertThat(Json.write("lone \uD800 surrogate")).isEqualTo("\"lone \\ud800 surrogate\"");
        assertThat(Json.write(List.of(Double.NaN))).isEqualTo("[\"NaN\"]");
    }

    @Test
    void writesNumbersBooleansNullsListsAndMapsInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("int", 3);
        m.put("long", 1L << 40);
        m.put("double", 1.5);
        m.put("yes", true);
        m.put("none", null);
        m.put("list", Arrays.asList("a", null, 2));
        m.put("map", Map.of("x", List.of()));

        assertThat(Json.write(m))
                .isEqualTo("{\"int\":3,\"long\":1099511627776,\"double\":1.5,\"yes\":true,\"none\":null,"
                        + "\"list\":[\"a\",null,2],\"map\":{\"x\":[]}}");
    }

    @Test
    void unknownFieldsAreIgnored() {
        Watermark w = Watermark.fromJson(Json.read(
                "{\"startAfter\":\"a\",\"lastSuccessAt\":null,\"added\":{\"later\":[1]}}"
                        .getBytes(StandardCharsets.UTF_8),
                "w"));

        assertThat(w).isEqualTo(new Watermark("a", null));
    }

    @Test
    void aMissingRequiredFieldNamesTheFileAndTheField() {
        String noCreatedAt = "{\"batchId\":\"b1\",\"files\":[],\"fullScan\":false,\"columns\":[]}";
        assertThatThrownBy(() -> PendingBatch.fromJson(
                        Json.read(noCreatedAt.getBytes(StandardCharsets.UTF_8), "state/orders/pending/b1.json")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("unreadable state/orders/pending/b1.json: createdAt is required");

        String fileWithoutEtag = "{\"batchId\":\"b1\",\"createdAt\":\"t\",\"fullScan\":false,\"columns\":[],"
                + "\"files\":[{\"key\":\"k\",\"etag\":\"e\",\"size\":1,\"replay\":false},{\"key\":\"k2\",\"size\":1,\"replay\":false}]}";
        assertThatThrownBy(() -> PendingBatch.fromJson(
                        Json.read(fileWithoutEtag.getBytes(StandardCharsets.UTF_8), "state/orders/pending/b1.json")))
                .hasMessage("unreadable state/orders/pending/b1.json: files[1].etag is required");
    }

    @Test
    void wrongTypesAndNonJsonAreRefusedNamingTheFile() {
        assertThatThrownBy(() -> Watermark.fromJson(Json.read(
                        "{\"startAfter\":5}".getBytes(StandardCharsets.UTF_8), "state/orders/watermark.json")))
                .hasMessage("unreadable state/orders/watermark.json: startAfter must be a string, got 5");
        assertThatThrownBy(() -> BatchFile.fromJson(Json.read(
                        "{\"key\":\"k\",\"etag\":\"e\",\"size\":1.5,\"replay\":false}".getBytes(StandardCharsets.UTF_8),
                        "f")))
                .hasMessage("unreadable f: size must be a whole number, got 1.5");
        assertThatThrownBy(() -> Json.read("[]".getBytes(StandardCharsets.UTF_8), "state/orders/watermark.json"))
                .hasMessage("unreadable state/orders/watermark.json: must be a JSON object");
        assertThatThrownBy(() ->
                        Json.read("{\"startAfter\":".getBytes(StandardCharsets.UTF_8), "state/orders/watermark.json"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("unreadable state/orders/watermark.json: not JSON");
    }

    @Test
    void manifestsCarryAwkwardKeysIntact() {
        JsonTree json = JsonTree.parse(Manifests.forFiles("raw", List.of(new BatchFile(AWKWARD, "e", 42, false))));

        assertThat(json.text("/entries/0/url")).isEqualTo("s3://raw/" + AWKWARD);
    }
}
