package com.warehouseplatform.local;

import static com.warehouseplatform.local.ParquetFiles.manifest;
import static com.warehouseplatform.local.ParquetFiles.write;
import static com.warehouseplatform.local.TestBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.s3.S3Client;

/** COPY ... FORMAT AS PARQUET through the Data API, from files written by parquet-java. */
class ParquetCopyTest {

    private static final String ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/copy'";
    private static final String TYPED = "message row { optional int32 small (INTEGER(16,true));"
            + " optional int32 i; optional int64 big; optional float r; optional double d;"
            + " optional boolean b; optional binary s (STRING); optional binary c (STRING);"
            + " optional int64 amount (DECIMAL(12,2)); optional int32 day (DATE);"
            + " optional int64 at (TIMESTAMP(MICROS,false)); optional int64 atz (TIMESTAMP(MILLIS,true)); }";
    private static final String ORDERS = "message order { required int64 id;"
            + " optional int64 amount (DECIMAL(12,2)); optional binary note (STRING); }";

    private static LocalWarehouse warehouse;
    private static DataApiClient client;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults().buckets("raw", "ops"));
        client = new DataApiClient(warehouse);
        s3 = warehouse.newS3Client();
        try (Connection connection = warehouse.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE typed (small SMALLINT, i INTEGER, big BIGINT, r REAL,"
                    + " d DOUBLE PRECISION, b BOOLEAN, s VARCHAR(20), c CHAR(3), amount DECIMAL(12,2),"
                    + " day DATE, at TIMESTAMP, atz TIMESTAMPTZ)");
            statement.execute("CREATE TABLE orders (id BIGINT NOT NULL, amount DECIMAL(12,2)," + " note VARCHAR(8))");
        }
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (client != null) {
            client.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    @RedshiftDoc({"copy-usage_notes-copy-from-columnar", "r_COPY_command_examples"})
    void everyMappedTypeLoadsAndAnUnsetFieldIsNull() {
        byte[] file = write(
                TYPED,
                CompressionCodecName.SNAPPY,
                row -> row.append("small", -7)
                        .append("i", 2_000_000_000)
                        .append("big", 9_000_000_000L)
                        .append("r", 1.5f)
                        .append("d", -2.25e10)
                        .append("b", true)
                        .append("s", "héllo, \"x\"")
                        .append("c", "EUR")
                        .append("amount", 123456L)
                        .append("day", 20_517)
                        .append("at", 1_772_713_845_123_456L)
                        .append("atz", 1_772_713_845_123L),
                row -> {});
        String url = put("raw", "typed/a.parquet", file);
        put("ops", "m/typed.manifest", bytes(manifest(url, file.length)));

        DescribeStatementResponse copy =
                client.run("COPY typed FROM 's3://ops/m/typed.manifest' " + ROLE + " MANIFEST FORMAT AS PARQUET");

        assertThat(copy.status()).as(copy.error()).isEqualTo(StatusString.FINISHED);
        assertThat(client.queryText("SELECT small, i, big, r, d, b, s, c, amount, day, at,"
                        + " atz AT TIME ZONE 'UTC' FROM typed ORDER BY i NULLS LAST"))
                .containsExactly(
                        "-7|2000000000|9000000000|1.5|-2.25E10|true|héllo, \"x\"|EUR|1234.56|2026-03-05"
                                + "|2026-03-05 12:30:45.123456|2026-03-05 12:30:45.123",
                        "null|null|null|null|null|null|null|null|null|null|null|null");
    }

    @Test
    @RedshiftDoc("copy-usage_notes-copy-from-columnar")
    void snappyGzipAndUncompressedFilesLoad() {
        long id = 1;
        Object[] manifest = new Object[6];
        int i = 0;
        for (CompressionCodecName codec : new CompressionCodecName[] {
            CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.UNCOMPRESSED
        }) {
            long rowId = id++;
            byte[] file = write(
                    ORDERS,
                    codec,
                    row -> row.append("id", rowId)
                            .append("amount", 100L * rowId)
                            .append("note", codec.name().substring(0, 4)));
            manifest[i++] = put("raw", "codecs/" + codec + ".parquet", file);
            manifest[i++] = file.length;
        }
        put("ops", "m/codecs.manifest", bytes(manifest(manifest)));

        DescribeStatementResponse batch = client.runBatch(
                "CREATE TEMP TABLE stage (LIKE orders)",
                "COPY stage FROM 's3://ops/m/codecs.manifest' " + ROLE + " MANIFEST FORMAT AS PARQUET",
                "SELECT id, amount, note FROM stage ORDER BY id");

        assertThat(batch.status()).as(batch.error()).isEqualTo(StatusString.FINISHED);
        assertThat(texts(batch.id() + ":3")).containsExactly("1|1.00|SNAP", "2|2.00|GZIP", "3|3.00|UNCO");
    }

    @Test
    @RedshiftDoc({"copy-usage_notes-copy-from-columnar", "copy-parameters-column-mapping"})
    void columnsMapByPositionNotByNameAndOntoTheColumnList() {
        byte[] file = write(
                "message m { required int64 x; optional binary y (STRING);" + " optional int64 z (DECIMAL(12,2)); }",
                CompressionCodecName.SNAPPY,
                row -> row.append("x", 7L).append("y", "seven").append("z", 700L));
        byte[] two = write(
                "message m { optional binary note (STRING); required int64 id; }",
                CompressionCodecName.SNAPPY,
                row -> row.append("note", "listed").append("id", 8L));
        String url = put("raw", "position/a.parquet", file);
        String twoUrl = put("raw", "position/two.parquet", two);
        put("ops", "m/position.manifest", bytes(manifest(url, file.length)));
        put("ops", "m/list.manifest", bytes(manifest(twoUrl, two.length)));

        DescribeStatementResponse batch = client.runBatch(
                "CREATE TEMP TABLE stage (id BIGINT," + " note VARCHAR(8), amount DECIMAL(12,2))",
                "COPY stage FROM 's3://ops/m/position.manifest' " + ROLE + " MANIFEST FORMAT AS PARQUET",
                "COPY stage (note, id) FROM 's3://ops/m/list.manifest' " + ROLE + " MANIFEST FORMAT AS PARQUET",
                "SELECT id, note, amount FROM stage ORDER BY id");

        assertThat(batch.status()).as(batch.error()).isEqualTo(StatusString.FINISHED);
        assertThat(texts(batch.id() + ":4")).containsExactly("7|seven|7.00", "8|listed|null");
    }

    @Test
    @RedshiftDoc("copy-usage_notes-copy-from-columnar")
    void aColumnCountThatDiffersFromTheTableFailsTheCopy() {
        byte[] fewer =
                write("message m { required int64 id; }", CompressionCodecName.SNAPPY, row -> row.append("id", 1L));
        byte[] more = write(
                ORDERS.replace(" }", " optional binary extra (STRING); }"),
                CompressionCodecName.SNAPPY,
                row -> row.append("id", 1L));
        String fewerUrl = put("raw", "count/fewer.parquet", fewer);
        String moreUrl = put("raw", "count/more.parquet", more);
        put("ops", "m/fewer.manifest", bytes(manifest(fewerUrl, fewer.length)));
        put("ops", "m/more.manifest", bytes(manifest(moreUrl, more.length)));

        assertThat(failedCopy("COPY orders FROM 's3://ops/m/fewer.manifest'"))
                .isEqualTo("ERROR:"
                        + " Spectrum Scan Error: Unmatched number of columns between table and file. Table"
                        + " columns: 3, Data columns: 1, File name: s3://raw/count/fewer.parquet");
        assertThat(failedCopy("COPY orders FROM 's3://ops/m/more.manifest'"))
                .isEqualTo("ERROR:"
                        + " Spectrum Scan Error: Unmatched number of columns between table and file. Table"
                        + " columns: 3, Data columns: 4, File name: s3://raw/count/more.parquet");
        assertThat(failedCopy("COPY orders (id, note) FROM 's3://ops/m/fewer.manifest'"))
                .contains("Table columns: 2, Data columns: 1");
    }

    @Test
    @RedshiftDoc("copy-usage_notes-copy-from-columnar")
    void aTypeMismatchFailsTheCopyNamingFileAndColumnAndLoadsNothing() {
        byte[] good = write(
                ORDERS, CompressionCodecName.SNAPPY, row -> row.append("id", 1L).append("amount", 100L));
        byte[] bad = write(
                "message m { required int64 id; optional binary amount (STRING);" + " optional binary note (STRING); }",
                CompressionCodecName.SNAPPY,
                row -> row.append("id", 2L).append("amount", "1.00"));
        String goodUrl = put("raw", "mismatch/good.parquet", good);
        String badUrl = put("raw", "mismatch/bad.parquet", bad);
        put("ops", "m/mismatch.manifest", bytes(manifest(goodUrl, good.length, badUrl, bad.length)));

        DescribeStatementResponse batch = client.runBatch(
                "DELETE FROM orders",
                "COPY orders FROM 's3://ops/m/mismatch.manifest' " + ROLE + " MANIFEST FORMAT AS PARQUET");

        assertThat(batch.status()).isEqualTo(StatusString.FAILED);
        assertThat(batch.error())
                .isEqualTo("ERROR: Spectrum Scan Error: File"
                        + " 's3://raw/mismatch/bad.parquet' has an incompatible Parquet schema for column"
                        + " 'amount'. Column type: NUMERIC(12,2), Parquet schema: optional binary amount (STRING)");
        assertThat(client.queryText("SELECT count(*) FROM orders")).containsExactly("0");
    }

    @Test
    @RedshiftDoc("copy-usage_notes-copy-from-columnar")
    void typesLoadOnlyIntoTheirOwnRedshiftTypeWithoutWidening() {
        String[][] cases = {
            {"optional int32 id", "column 'id'. Column type: BIGINT, Parquet schema: optional int32 id"},
            {
                "optional int64 amount (DECIMAL(10,2))",
                "column 'amount'. Column type: NUMERIC(12,2),"
                        + " Parquet schema: optional int64 amount (DECIMAL(10,2))"
            },
            {
                "optional binary note",
                "column 'note'. Column type: CHARACTER VARYING(8), Parquet" + " schema: optional binary note"
            }
        };
        for (String[] c : cases) {
            String name = c[0].split(" ")[2];
            String schema =
                    ORDERS.replaceAll("(required|optional) [a-z0-9]+ " + name + "( \\([A-Z0-9(),]+\\))?;", c[0] + ";");
            byte[] file = write(schema, CompressionCodecName.SNAPPY, row -> {});
            String url = put("raw", "widen/" + name + ".parquet", file);
            put("ops", "m/widen-" + name + ".manifest", bytes(manifest(url, file.length)));
            assertThat(failedCopy("COPY orders FROM 's3://ops/m/widen-" + name + ".manifest'"))
                    .as(schema)
                    .contains("'" + url + "' has an incompatible Parquet schema for " + c[1]);
        }
    }

    @Test
    @RedshiftDoc("loading-data-files-using-manifest")
    void aParquetManifestEntryNeedsItsContentLengthAndTheRightOne() {
        byte[] file = write(ORDERS, CompressionCodecName.SNAPPY, row -> row.append("id", 1L));
        String url = put("raw", "length/a.parquet", file);
        put("ops", "m/no-length.manifest", bytes("{\"entries\": [{\"url\": \"" + url + "\", \"mandatory\": true}]}"));
        put("ops", "m/wrong-length.manifest", bytes(manifest(url, file.length + 1)));

        assertThat(failedCopy("COPY orders FROM 's3://ops/m/no-length.manifest'"))
                .isEqualTo("ERROR: Manifest file s3://ops/m/no-length.manifest: entry " + url + " has no"
                        + " meta.content_length, which COPY from PARQUET requires");
        assertThat(failedCopy("COPY orders FROM 's3://ops/m/wrong-length.manifest'"))
                .isEqualTo("ERROR: meta.content_length of " + url + " in the manifest is " + (file.length + 1)
                        + ", but the object has " + file.length + " bytes");
    }

    @Test
    @RedshiftDoc({"copy-usage_notes-copy-from-columnar", "copy-parameters-data-format"})
    void whatTheLocalWarehouseDoesNotReadIsRefusedByName() {
        byte[] nested = write(
                "message m { required int64 id; optional group amount { optional int64"
                        + " cents; } optional binary note (STRING); }",
                CompressionCodecName.SNAPPY,
                row -> row.append("id", 1L));
        byte[] tooLong = write(
                ORDERS, CompressionCodecName.SNAPPY, row -> row.append("id", 1L).append("note", "nine byte"));
        byte[] whole = write(ORDERS, CompressionCodecName.UNCOMPRESSED, row -> row.append("id", 1L));
        put("ops", "m/nested.manifest", bytes(manifest(put("raw", "refused/nested.parquet", nested), nested.length)));
        put("ops", "m/long.manifest", bytes(manifest(put("raw", "refused/long.parquet", tooLong), tooLong.length)));
        put("ops", "m/whole.manifest", bytes(manifest(put("raw", "refused/a.parquet.gz", whole), whole.length)));

        assertThat(failedCopy("COPY orders FROM 's3://ops/m/nested.manifest'"))
                .isEqualTo("ERROR:"
                        + " File 's3://raw/refused/nested.parquet' column amount is nested (optional group amount"
                        + " {\n  optional int64 cents;\n}): loading nested Parquet data (SERIALIZETOJSON into"
                        + " SUPER) is not supported by the local warehouse");
        assertThat(failedCopy("COPY orders FROM 's3://ops/m/long.manifest'"))
                .isEqualTo("ERROR:"
                        + " Spectrum Scan Error: The length of the data column note is longer than the length"
                        + " defined in the table. Table: 8, Data: 9, File name: s3://raw/refused/long.parquet");
        assertThat(failedCopy("COPY orders FROM 's3://ops/m/whole.manifest'"))
                .isEqualTo("ERROR:"
                        + " File 's3://raw/refused/a.parquet.gz': Parquet files compressed whole (.gz) are not"
                        + " supported by the local warehouse");
        assertThat(failedCopy("COPY orders FROM 's3://ops/m/long.manifest'", " SERIALIZETOJSON"))
                .isEqualTo("ERROR: COPY option SERIALIZETOJSON is not supported by the local warehouse");
        assertThat(client.queryText("SELECT count(*) FROM orders WHERE id = 1")).containsExactly("0");
    }

    /** Runs {@code copy} with the role, MANIFEST, FORMAT AS PARQUET and then {@code more}. */
    private static String failedCopy(String copy, String... more) {
        DescribeStatementResponse run = client.awaitEnd(
                client.submit(copy + " " + ROLE + " MANIFEST FORMAT AS PARQUET" + String.join("", more)));
        assertThat(run.status()).as(copy).isEqualTo(StatusString.FAILED);
        return run.error();
    }

    private static java.util.List<String> texts(String id) {
        return client.rows(id).stream()
                .map(row ->
                        String.join("|", row.stream().map(DataApiClient::text).toList()))
                .toList();
    }

    private static String put(String bucket, String key, byte[] content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        return "s3://" + bucket + "/" + key;
    }
}
