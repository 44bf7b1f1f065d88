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
      statement.execute("CREATE TABLE orders (id BIGINT NOT NULL, amount DECIMAL(12,2),"
          + " note VARCHAR(8))");
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
    byte[] file = write(TYPED, CompressionCodecName.SNAPPY,
        row -> row.append("small", -7).append("i", 2_000_000_000).append("big", 9_000_000_000L)
            .append("r", 1.5f).append("d", -2.25e10).append("b", true).append("s", "héllo, \"x\"")
            .append("c", "EUR").append("amount", 123456L).append("day", 20_517)
            .append("at", 1_772_713_845_123_456L).append("atz", 1_772_713_845_123L),
        row -> { });
    String url = put("raw", "typed/a.parquet", file);
    put("ops", "m/typed.manifest", bytes(manifest(url, file.length)));

    DescribeStatementResponse copy = client.run("COPY typed FROM 's3://ops/m/typed.manifest' "
        + ROLE + " MANIFEST FORMAT AS PARQUET");

    assertThat(copy.status()).as(copy.error()).isEqualTo(StatusString.FINISHED);
    assertThat(client.queryText("SELECT small, i, big, r, d, b, s, c, amount, day, at,"
        + " atz AT TIME ZONE 'UTC' FROM typed ORDER BY i NULLS LAST")).containsExactly(
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
    for (CompressionCodecName codec : new CompressionCodecName[] {CompressionCodecName.SNAPPY,
        CompressionCodecName.GZIP, CompressionCodecName.UNCOMPRESSED}) {
      long rowId = id++;
      byte[] file = write(ORDERS, codec, row -> row.append("id", rowId)
          .append("amount", 100L * rowId).append("note", codec.name().substring(0, 4)));
      manifest[i++] = put("raw", "codecs/" + codec + ".parquet", file);
      manifest[i++] = file.length;
    }
    put("ops", "m/codecs.manifest", bytes(manifest(manifest)));

    DescribeStatementResponse batch = client.runBatch("CREATE TEMP TABLE stage (LIKE orders)",
        "COPY stage FROM 's3://ops/m/codecs.manifest' " + ROLE + " MANIFEST FORMAT AS PARQUET",
        "SELECT id, amount, note FROM stage ORDER BY id");

    assertThat(batch.status()).as(batch.error()).isEqualTo(StatusString.FINISHED);
    assertThat(texts(batch.id() + ":3")).containsExactly("1|1.00|SNAP", "2|2.00|GZIP",
        "3|3.00|UNCO");
  }

  private static java.util.List<String> texts(String id) {
    return client.rows(id).stream().map(row -> String.join("|",
        row.stream().map(DataApiClient::text).toList())).toList();
  }

  private static String put(String bucket, String key, byte[] content) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    return "s3://" + bucket + "/" + key;
  }
}
