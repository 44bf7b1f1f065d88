package com.warehouseplatform.local;

import static com.warehouseplatform.local.TestBytes.bytes;
import static com.warehouseplatform.local.TestBytes.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The COPY forms of the loader's batch, sent as the loader's (non-superuser) IAM user into
 * temporary tables, and the queries the loader reads load errors and results with.
 */
class LoaderCopyFormsTest {

    private static final String ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/copy'";
    private static final String FILES_TABLE = "CREATE TEMP TABLE batch_files (object_key"
            + " VARCHAR(1024) NOT NULL, etag VARCHAR(128) NOT NULL, size_bytes BIGINT NOT NULL,"
            + " replay BOOLEAN NOT NULL)";
    private static final String DATA_OPTIONS = "MANIFEST FORMAT AS CSV DELIMITER ',' QUOTE AS '\"'"
            + " IGNOREHEADER 1 GZIP MAXERROR 0 TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL";
    private static final int FILES = 2000;

    private static LocalWarehouse warehouse;
    private static DataApiClient loader;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults().buckets("raw", "ops"));
        warehouse.iamRole("AKIALOADER", "orders-loader");
        loader = new DataApiClient(warehouse, "AKIALOADER");
        s3 = warehouse.newS3Client();
        try (Connection connection = warehouse.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA sales");
            statement.execute("CREATE TABLE sales.orders (order_id INT NOT NULL, note VARCHAR(50))");
            statement.execute("CREATE USER \"IAMR:orders-loader\"");
            statement.execute("GRANT USAGE ON SCHEMA sales TO \"IAMR:orders-loader\"");
            statement.execute("GRANT SELECT ON sales.orders TO \"IAMR:orders-loader\"");
        }
        for (int i = 0; i < FILES; i++) {
            String row = i == 7 ? "7,fine\nx7,bad id\n" : i == 1500 ? "bad,1500\n" : i + ",n" + i + "\n";
            put("raw", "orders/" + i + ".csv.gz", gzip("order_id,note\n" + row));
        }
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (loader != null) {
            loader.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @RedshiftDoc({"API_GetStatementResult", "API_SubStatementData", "r_CREATE_TABLE_NEW"})
    @Test
    void fileListLoadsCsvQuotedKeysIntoATempTable() {
        put(
                "ops",
                "manifests/orders/b1/files.csv",
                bytes("orders/2026/a.csv,\"9b2cf535f27731c974343645a3985328\",123,false\n"
                        + "\"orders/2026/with,comma \"\"and quote\"\".csv\",\"etag2\",0,true\n"));
        put(
                "ops",
                "manifests/orders/b1/files.manifest",
                bytes("{\"entries\": [{\"url\":"
                        + " \"s3://ops/manifests/orders/b1/files.csv\", \"mandatory\": true}]}"));

        DescribeStatementResponse batch = loader.runBatch(
                FILES_TABLE,
                "COPY batch_files FROM 's3://ops/manifests/orders/b1/files.manifest' " + ROLE
                        + " MANIFEST FORMAT AS CSV DELIMITER ',' QUOTE AS '\"'",
                "SELECT object_key, etag, size_bytes, replay FROM batch_files ORDER BY size_bytes DESC");

        assertThat(batch.status()).as(batch.error()).isEqualTo(StatusString.FINISHED);
        assertThat(texts(loader.rows(batch.id() + ":3")))
                .containsExactly(
                        "orders/2026/a.csv|9b2cf535f27731c974343645a3985328|123|false",
                        "orders/2026/with,comma \"and quote\".csv|etag2|0|true");
    }

    @RedshiftDoc({
        "cm_chap_system-tables",
        "sys_view_migration",
        "SYS_LOAD_ERROR_DETAIL",
        "r_STL_LOAD_ERRORS",
        "loading-data-files-using-manifest",
        "copy-parameters-data-source-s3"
    })
    @Test
    void manifestOfThousandsOfFilesRecordsEachErrorWithItsFileAndLine() {
        String start = LocalDateTime.now(ZoneOffset.UTC)
                .minusSeconds(1)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        putManifest("manifests/orders/b2/data.manifest", IntStream.range(0, FILES));

        DescribeStatementResponse batch = loader.runBatch(
                "CREATE TEMP TABLE stage (LIKE sales.orders)",
                "COPY stage FROM 's3://ops/manifests/orders/b2/data.manifest' " + ROLE + " "
                        + DATA_OPTIONS.replace("MAXERROR 0", "MAXERROR 5"),
                "SELECT count(*) FROM stage");

        assertThat(batch.status()).as(batch.error()).isEqualTo(StatusString.FINISHED);
        List<SubStatementData> subs = batch.subStatements();
        assertThat(subs)
                .extracting(SubStatementData::redshiftQueryId)
                .doesNotContainNull()
                .allMatch(id -> id > 0)
                .doesNotHaveDuplicates();
        assertThat(texts(loader.rows(batch.id() + ":3"))).containsExactly(String.valueOf(FILES - 2 + 1));
        long copyId = subs.get(1).redshiftQueryId();

        assertThat(loader.queryText("SELECT query, TRIM(filename), line_number, TRIM(colname),"
                        + " err_code, TRIM(err_reason) FROM stl_load_errors WHERE query = " + copyId
                        + " ORDER BY filename, line_number LIMIT 1000"))
                .containsExactly(
                        copyId + "|s3://raw/orders/1500.csv.gz|2|order_id|1207|invalid input syntax for"
                                + " type integer: \"bad\"",
                        copyId + "|s3://raw/orders/7.csv.gz|3|order_id|1207|invalid input syntax for type"
                                + " integer: \"x7\"");
        List<String> sys = loader.queryText("SELECT query_id, TRIM(file_name), line_number,"
                + " TRIM(column_name), error_code, TRIM(error_message) FROM sys_load_error_detail"
                + " WHERE start_time >= '" + start + "' AND file_name LIKE 's3://raw/orders/%'"
                + " ORDER BY file_name, line_number LIMIT 1000");
        assertThat(sys).hasSize(2);
        assertThat(sys.get(0))
                .endsWith("|s3://raw/orders/1500.csv.gz|2|order_id|1207|invalid input"
                        + " syntax for type integer: \"bad\"");
        long sysId = Long.parseLong(sys.get(0).substring(0, sys.get(0).indexOf('|')));
        assertThat(sysId).as("SYS query id differs from the STL one").isNotEqualTo(copyId);
    }

    @RedshiftDoc({"r_Load_Error_Reference", "sys_view_migration"})
    @Test
    void firstErrorFailsTheCopyWithMaxErrorZeroAndNamesStlLoadErrors() {
        putManifest("manifests/orders/b3/data.manifest", IntStream.of(3, 1500, 4));
        DescribeStatementResponse batch = loader.runBatch(
                "CREATE TEMP TABLE stage (LIKE sales.orders)",
                "COPY stage FROM 's3://ops/manifests/orders/b3/data.manifest' " + ROLE + " " + DATA_OPTIONS);
        assertThat(batch.status()).isEqualTo(StatusString.FAILED);
        assertThat(batch.error())
                .isEqualTo("ERROR: Load into table 'stage' failed. Check"
                        + " 'stl_load_errors' system table for details.");
        assertThat(loader.queryText("SELECT TRIM(filename), line_number FROM stl_load_errors" + " WHERE query = "
                        + batch.subStatements().get(1).redshiftQueryId()))
                .containsExactly("s3://raw/orders/1500.csv.gz|2");
    }

    @RedshiftDoc({"r_Load_Error_Reference", "sys_view_migration"})
    @Test
    void aFailedCopyOnServerlessPointsAtTheSysView() {
        putManifest("manifests/orders/b4/data.manifest", IntStream.of(1500));
        String id = loader.sdk
                .batchExecuteStatement(b -> b.workgroupName("wg")
                        .database(warehouse.database())
                        .sqls(
                                "CREATE TEMP TABLE stage (LIKE sales.orders)",
                                "COPY stage FROM 's3://ops/manifests/orders/b4/data.manifest' " + ROLE + " "
                                        + DATA_OPTIONS))
                .id();
        assertThat(loader.awaitEnd(id).error())
                .isEqualTo("ERROR: Load into table 'stage' failed."
                        + " Check 'sys_load_error_detail' system table for details.");
    }

    @RedshiftDoc({"loading-data-files-using-manifest", "copy-parameters-data-source-s3"})
    @Test
    void manifestHonoursMandatoryAndFailsWhenNoFileIsFound() {
        put(
                "ops",
                "m/optional.manifest",
                bytes("{\"entries\": ["
                        + "{\"url\": \"s3://raw/orders/1.csv.gz\", \"mandatory\": true,"
                        + " \"meta\": {\"content_length\": 41}},"
                        + "{\"url\": \"s3://raw/orders/gone.csv.gz\", \"mandatory\": false}]}"));
        DescribeStatementResponse skipped = loader.runBatch(
                "CREATE TEMP TABLE stage (LIKE sales.orders)",
                "COPY stage FROM 's3://ops/m/optional.manifest' " + ROLE + " " + DATA_OPTIONS);
        assertThat(skipped.status()).as(skipped.error()).isEqualTo(StatusString.FINISHED);
        assertThat(skipped.subStatements().get(1).resultRows()).isEqualTo(1L);

        put(
                "ops",
                "m/mandatory.manifest",
                bytes("{\"entries\": [" + "{\"url\": \"s3://raw/orders/gone.csv.gz\", \"mandatory\": true}]}"));
        assertThat(copy("s3://ops/m/mandatory.manifest").error())
                .contains("mandatory entry s3://raw/orders/gone.csv.gz does not exist");

        put(
                "ops",
                "m/none.manifest",
                bytes("{\"entries\": [" + "{\"url\": \"s3://raw/orders/gone.csv.gz\", \"mandatory\": false}]}"));
        assertThat(copy("s3://ops/m/none.manifest").error()).contains("none of its 1 entries");

        put(
                "ops",
                "m/bad-meta.manifest",
                bytes("{\"entries\": [{\"url\":"
                        + " \"s3://raw/orders/1.csv.gz\", \"meta\": {\"content_length\": \"many\"}}]}"));
        assertThat(copy("s3://ops/m/bad-meta.manifest").error())
                .contains("meta.content_length of s3://raw/orders/1.csv.gz must be a number of bytes");
    }

    @RedshiftDoc("copy-usage_notes-copy-from-columnar")
    @Test
    void parquetWithMaxErrorIsRefusedAsRedshiftRefusesIt() {
        DescribeStatementResponse failed = loader.awaitEnd(loader.submit("COPY sales.orders FROM"
                + " 's3://ops/x.manifest' " + ROLE + " MANIFEST FORMAT AS PARQUET MAXERROR 0"));
        assertThat(failed.status()).isEqualTo(StatusString.FAILED);
        assertThat(failed.error()).isEqualTo("ERROR: MAXERROR argument is not supported for PARQUET based COPY");
    }

    private static DescribeStatementResponse copy(String manifestUrl) {
        DescribeStatementResponse batch = loader.runBatch(
                "CREATE TEMP TABLE stage (LIKE sales.orders)",
                "COPY stage FROM '" + manifestUrl + "' " + ROLE + " " + DATA_OPTIONS);
        assertThat(batch.status()).isEqualTo(StatusString.FAILED);
        return batch;
    }

    private static void putManifest(String key, IntStream files) {
        String entries = files.mapToObj(i -> "{\"url\":\"s3://raw/orders/" + i + ".csv.gz\","
                        + "\"mandatory\":true,\"meta\":{\"content_length\":123}}")
                .collect(Collectors.joining(",\n"));
        put("ops", key, bytes("{\"entries\": [\n" + entries + "\n]}"));
    }

    private static List<String> texts(List<List<software.amazon.awssdk.services.redshiftdata.model.Field>> rows) {
        return rows.stream()
                .map(row -> row.stream().map(DataApiClient::text).collect(Collectors.joining("|")))
                .toList();
    }

    private static void put(String bucket, String key, byte[] content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }
}
