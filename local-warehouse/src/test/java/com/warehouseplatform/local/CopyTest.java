package com.warehouseplatform.local;

import static com.warehouseplatform.local.TestBytes.bytes;
import static com.warehouseplatform.local.TestBytes.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatementStatusString;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** COPY from the local S3 server, through the Data API, as the loader sends it. */
class CopyTest {

    private static final String ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/copy'";
    private static final String CONTRACT_CSV = "FORMAT AS CSV DELIMITER ',' QUOTE AS '\"'"
            + " IGNOREHEADER 1 GZIP MAXERROR 0 TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL";
    private static final String COLUMNS = "order_id, customer, amount, note, ordered_at, is_gift";
    private static final String HEADER = "order_id,customer,amount,note,ordered_at,is_gift\n";

    @TempDir
    static Path dataFolder;

    private static LocalWarehouse warehouse;
    private static DataApiClient api;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        warehouse = LocalWarehouse.start(
                LocalWarehouse.Options.defaults().dataFolder(dataFolder).buckets("raw", "ops"));
        api = new DataApiClient(warehouse);
        s3 = warehouse.newS3Client();
        try (Connection connection = warehouse.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA sales");
            // a ledger shaped like the loader's earlier shared one: a table these COPY tests write to
            statement.execute("CREATE SCHEMA IF NOT EXISTS ops");
            statement.execute("CREATE TABLE IF NOT EXISTS ops.load_ledger (loader VARCHAR(128) NOT NULL,"
                    + " object_key VARCHAR(1024) NOT NULL, etag VARCHAR(128) NOT NULL, size_bytes BIGINT NOT NULL,"
                    + " batch_id VARCHAR(64) NOT NULL, loaded_at TIMESTAMP NOT NULL)");
            statement.execute("CREATE TABLE sales.orders (order_id INT NOT NULL,"
                    + " customer VARCHAR(20), amount NUMERIC(12,2), note VARCHAR(200),"
                    + " ordered_at TIMESTAMP, is_gift BOOLEAN)");
        }
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (api != null) {
            api.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @BeforeEach
    void emptyTables() {
        api.run("TRUNCATE sales.orders");
        api.run("TRUNCATE ops.load_ledger");
    }

    @Test
    void contractBatchLoadsGzippedCsvFromManifests() {
        put(
                "raw",
                "orders/2024/01.csv.gz",
                gzip(HEADER
                        + "1,\"Kim, Min-jun\",12.50,\"multi\nline note\",2024-01-02 03:04:05,true\n"
                        + "2,박지민,7.00,\"say \"\"hi\"\" 😀\",2024-01-03T10:00:00,false\r\n"
                        + "3,NA,,\"\",2024-01-04,NA\n"));
        put(
                "raw",
                "orders/2024/02.csv.gz",
                gzip(HEADER + "4, Lee ,1.5,  \"padded quotes\"  ,2024-01-05 00:00:00,TRUE\n"));
        put("ops", "manifests/orders/b1/1.manifest", manifest("raw", "orders/2024/01.csv.gz"));
        put("ops", "manifests/orders/b1/2.manifest", manifest("raw", "orders/2024/02.csv.gz"));

        DescribeStatementResponse batch = api.runBatch(contractBatch(
                "b1",
                List.of(
                        copyFromManifest("s3://ops/manifests/orders/b1/1.manifest", CONTRACT_CSV + " NULL AS 'NA'"),
                        copyFromManifest("s3://ops/manifests/orders/b1/2.manifest", CONTRACT_CSV)),
                List.of("orders/2024/01.csv.gz", "orders/2024/02.csv.gz")));

        assertThat(batch.status()).as(batch.error()).isEqualTo(StatusString.FINISHED);
        assertThat(batch.subStatements().get(3).queryString()).startsWith("COPY stage_file");
        assertThat(batch.subStatements().get(3).resultRows()).isEqualTo(3L);
        assertThat(api.queryText("SELECT " + COLUMNS + " FROM sales.orders ORDER BY order_id"))
                .containsExactly(
                        "1|Kim, Min-jun|12.50|multi\nline note|2024-01-02 03:04:05|true",
                        "2|박지민|7.00|say \"hi\" 😀|2024-01-03 10:00:00|false",
                        "3|null|null|null|2024-01-04 00:00:00|null",
                        "4| Lee |1.50|padded quotes|2024-01-05 00:00:00|true");
        assertThat(api.queryText("SELECT object_key, batch_id FROM ops.load_ledger ORDER BY 1"))
                .containsExactly("orders/2024/01.csv.gz|b1", "orders/2024/02.csv.gz|b1");
    }

    @Test
    void copyWithoutManifestReadsEveryObjectUnderThePrefix() {
        api.run("CREATE TABLE IF NOT EXISTS pipe_target (LIKE sales.orders)");
        api.run("TRUNCATE pipe_target");
        put("raw", "pipe/", new byte[0]);
        put("raw", "pipe/part-1.txt", bytes("5|Choi|3.00|a,b|2024-02-01 00:00:00|false\n"));
        put("raw", "pipe/sub/part-2.txt", bytes("6|Jung|4.00|\"quoted|text\"|2024-02-02 00:00:00|t"));
        put("raw", "pipeline-other.txt", bytes("7|Not|0|under the prefix|2024-02-03|f\n"));

        DescribeStatementResponse copy = api.run(
                "copy pipe_target from 's3://raw/pipe/' " + ROLE + " format as csv delimiter as '|' maxerror as 0");

        assertThat(copy.resultRows()).isEqualTo(2L);
        assertThat(api.queryText("SELECT order_id, note, is_gift FROM pipe_target ORDER BY 1"))
                .containsExactly("5|a,b|false", "6|quoted|text|true");
    }

    @Test
    void jsonAutoMatchesKeysToColumns() {
        api.run("CREATE TABLE IF NOT EXISTS json_target (LIKE sales.orders)");
        api.run("TRUNCATE json_target");
        String json = "{\"order_id\": 7, \"customer\": \"한글\", \"amount\": 9.99,"
                + " \"note\": {\"k\": [1, 2]}, \"ordered_at\": \"2024-03-01 12:00:00\","
                + " \"is_gift\": true}\n"
                + "{\"order_id\": 8,\n \"customer\": \"\",\n \"Amount\": 1}"
                + "{\"order_id\": 9, \"extra\": \"ignored\", \"is_gift\": null}\n";
        put("raw", "json/orders.json.gz", gzip(json));
        put("ops", "manifests/json.manifest", manifest("raw", "json/orders.json.gz"));

        api.run("COPY json_target FROM 's3://ops/manifests/json.manifest' " + ROLE
                + " MANIFEST FORMAT AS JSON 'auto' GZIP MAXERROR 0 TIMEFORMAT 'auto' DATEFORMAT 'auto'"
                + " EMPTYASNULL");
        assertThat(api.queryText("SELECT " + COLUMNS + " FROM json_target ORDER BY order_id"))
                .containsExactly(
                        "7|한글|9.99|{\"k\":[1,2]}|2024-03-01 12:00:00|true",
                        "8|null|null|null|null|null",
                        "9|null|null|null|null|null");

        api.run("TRUNCATE json_target");
        api.run("COPY json_target FROM 's3://raw/json/orders.json.gz' " + ROLE + " JSON 'auto ignorecase' GZIP");
        assertThat(api.queryText("SELECT order_id, amount FROM json_target WHERE order_id = 8"))
                .containsExactly("8|1.00");
    }

    @RedshiftDoc({"cm_chap_system-tables", "sys_view_migration", "r_STL_LOAD_ERRORS"})
    @Test
    void badRowFailsTheBatchAndIsReadableInStlLoadErrors() {
        api.run("INSERT INTO sales.orders VALUES (100, 'existing', 1, NULL, NULL, NULL)");
        put(
                "raw",
                "bad/orders.csv.gz",
                gzip(HEADER
                        + "10,Good,1.00,fine,2024-01-01,true\n"
                        + "11,Good,2.00,\"two\nlines\",2024-01-01,true\n"
                        + "x12,Bad,3.00,wrong id,2024-01-01,true\n"
                        + "13,Good,4.00,after,2024-01-01,true\n"));
        put("ops", "manifests/bad/1.manifest", manifest("raw", "bad/orders.csv.gz"));

        DescribeStatementResponse batch = api.runBatch(contractBatch(
                "bad",
                List.of(copyFromManifest("s3://ops/manifests/bad/1.manifest", CONTRACT_CSV)),
                List.of("bad/orders.csv.gz")));

        String expected =
                "ERROR: Load into table 'stage_file' failed. Check 'stl_load_errors'" + " system table for details.";
        assertThat(batch.status()).isEqualTo(StatusString.FAILED);
        assertThat(batch.error()).isEqualTo(expected);
        var copy = batch.subStatements().get(3);
        assertThat(copy.status()).isEqualTo(StatementStatusString.FAILED);
        assertThat(copy.error()).isEqualTo(expected);
        assertThat(batch.subStatements().get(4).status()).isEqualTo(StatementStatusString.ABORTED);

        List<String> errors = api.queryText("SELECT query, TRIM(filename), line_number,"
                + " TRIM(colname), err_code, TRIM(err_reason) FROM stl_load_errors WHERE query = "
                + copy.redshiftQueryId() + " ORDER BY line_number");
        assertThat(errors)
                .containsExactly(copy.redshiftQueryId() + "|s3://raw/bad/orders.csv.gz|5"
                        + "|order_id|1207|invalid input syntax for type integer: \"x12\"");
        assertThat(api.queryText(
                        "SELECT count(*) FROM sys_load_error_detail WHERE query_id = " + copy.redshiftQueryId()))
                .as("SYS views have query ids of their own")
                .containsExactly("0");
        assertThat(api.queryText("SELECT order_id FROM sales.orders")).containsExactly("100");
        assertThat(api.queryText("SELECT count(*) FROM ops.load_ledger")).containsExactly("0");
    }

    @Test
    @RedshiftDoc({"copy-parameters-data-load", "r_STL_LOAD_ERRORS"})
    void maxErrorToleratesRejectedRowsAndRecordsThem() {
        api.run("CREATE TABLE IF NOT EXISTS tolerant (LIKE sales.orders)");
        api.run("TRUNCATE tolerant");
        put(
                "raw",
                "tolerant/data.csv",
                bytes(HEADER
                        + "20,가나다라마바사,1,too long in bytes,2024-01-01,true\n"
                        + "21,ok,2,fine,2024-01-01,true\n"
                        + ",missing id,3,not null,2024-01-01,true\n"
                        + "23,ok,3,extra,2024-01-01,true,surplus\n"
                        + "24,ok,4,\"unterminated\n"));

        // "If the load returns the error_count number of errors or greater, the load fails"
        // (copy-parameters-data-load): MAXERROR 5 tolerates these 4 rejected rows, MAXERROR 4 does not
        DescribeStatementResponse copy = api.run(
                "COPY tolerant FROM 's3://raw/tolerant/' " + ROLE + " CSV IGNOREHEADER 1 MAXERROR 5 TIMEFORMAT 'auto'");

        assertThat(copy.resultRows()).isEqualTo(1L);
        assertThat(api.queryText("SELECT order_id FROM tolerant")).containsExactly("21");
        assertThat(api.queryText("SELECT line_number, TRIM(colname), TRIM(col_length), err_code"
                        + " FROM stl_load_errors WHERE query = " + copy.redshiftQueryId()
                        + " ORDER BY line_number"))
                .containsExactly("2|customer|20|1204", "4|order_id||1213", "5|||1202", "6|||1214");

        DescribeStatementResponse strict = api.awaitEnd(api.submit("COPY tolerant FROM" + " 's3://raw/tolerant/' "
                + ROLE + " CSV IGNOREHEADER 1 MAXERROR 4 TIMEFORMAT 'auto'"));
        assertThat(strict.status()).isEqualTo(StatusString.FAILED);
        assertThat(strict.error()).contains("Load into table 'tolerant' failed");
        assertThat(api.queryText("SELECT count(*) FROM tolerant")).containsExactly("1");
    }

    @Test
    void invalidUtf8IsRejectedUnlessAcceptInvChars() {
        api.run("CREATE TABLE IF NOT EXISTS bytes_target (id INT, s VARCHAR(10))");
        api.run("TRUNCATE bytes_target");
        byte[] data = {'1', ',', 'a', (byte) 0xff, 'b', '\n'};
        put("raw", "utf8/bad.csv", data);

        DescribeStatementResponse rejected =
                api.awaitEnd(api.submit("COPY bytes_target FROM 's3://raw/utf8/bad.csv' " + ROLE + " CSV"));
        assertThat(rejected.status()).isEqualTo(StatusString.FAILED);
        assertThat(api.queryText("SELECT TRIM(colname), err_code FROM stl_load_errors" + " WHERE query = "
                        + rejected.redshiftQueryId()))
                .containsExactly("s|1220");

        api.run("COPY bytes_target FROM 's3://raw/utf8/bad.csv' " + ROLE + " CSV ACCEPTINVCHARS AS '^'");
        assertThat(api.queryText("SELECT id, s FROM bytes_target")).containsExactly("1|a^b");
    }

    @RedshiftDoc("copy-usage_notes-copy-from-columnar")
    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "BZIP2; BZIP2",
                "ZSTD; ZSTD",
                "LZOP; LZOP",
                "FORMAT AS ORC; ORC",
                "ORC; ORC",
                "FORMAT AS PARQUET SERIALIZETOJSON; SERIALIZETOJSON",
                "ESCAPE; ESCAPE",
                "TRIMBLANKS; TRIMBLANKS",
                "TIMEFORMAT 'AUTO'; TIMEFORMAT 'AUTO'",
                "REGION 'us-east-1'; REGION",
                "TIMEFORMAT 'epochsecs'; TIMEFORMAT 'epochsecs'",
                "DELIMITER '|~|'; DELIMITER '|~|'"
            })
    void unsupportedOptionsFailTheStatementByName(String option, String named) {
        DescribeStatementResponse failed =
                api.awaitEnd(api.submit("COPY sales.orders FROM 's3://raw/orders/' " + ROLE + " MANIFEST " + option));
        assertThat(failed.status()).isEqualTo(StatusString.FAILED);
        assertThat(failed.error())
                .startsWith("ERROR: COPY option " + named + " ")
                .contains("is not supported by the local warehouse");
    }

    @Test
    void missingFilesFailWithTheirName() {
        put(
                "ops",
                "manifests/missing.manifest",
                ("{\"entries\": [" + "{\"url\": \"s3://raw/nowhere/a.csv\", \"mandatory\": true}]}")
                        .getBytes(StandardCharsets.UTF_8));
        DescribeStatementResponse mandatory = api.awaitEnd(api.submit(
                "COPY sales.orders FROM" + " 's3://ops/manifests/missing.manifest' " + ROLE + " MANIFEST CSV"));
        assertThat(mandatory.status()).isEqualTo(StatusString.FAILED);
        assertThat(mandatory.error()).contains("s3://raw/nowhere/a.csv");

        DescribeStatementResponse prefix =
                api.awaitEnd(api.submit("COPY sales.orders FROM" + " 's3://raw/nothing-here/' " + ROLE + " CSV"));
        assertThat(prefix.status()).isEqualTo(StatusString.FAILED);
        assertThat(prefix.error()).isEqualTo("ERROR: The specified S3 prefix 'nothing-here/' does not exist");

        put("raw", "plain/not-gzip.csv", bytes("1,a,1,n,2024-01-01,true\n"));
        DescribeStatementResponse notGzip = api.awaitEnd(
                api.submit("COPY sales.orders FROM" + " 's3://raw/plain/not-gzip.csv' " + ROLE + " CSV GZIP"));
        assertThat(notGzip.status()).isEqualTo(StatusString.FAILED);
        assertThat(notGzip.error()).contains("s3://raw/plain/not-gzip.csv").contains("not in gzip format");
    }

    @Test
    void filesDroppedIntoTheDataFolderAreObjectsWithEtags() throws Exception {
        byte[] content = bytes("30,Dropped,1.25,by hand,2024-05-01 00:00:00,false\n");
        Path file = dataFolder.resolve("raw/dropped/2024/file.csv");
        Files.createDirectories(file.getParent());
        Files.write(file, content);

        List<S3Object> listed = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket("raw").prefix("dropped/"))
                .contents()
                .forEach(listed::add);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        assertThat(listed)
                .filteredOn(o -> !o.key().endsWith("/"))
                .extracting(S3Object::key, S3Object::eTag, S3Object::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "dropped/2024/file.csv", "\"" + md5 + "\"", (long) content.length));

        api.run("COPY sales.orders FROM 's3://raw/dropped/' " + ROLE + " CSV");
        assertThat(api.queryText("SELECT order_id, customer, amount FROM sales.orders"))
                .containsExactly("30|Dropped|1.25");
    }

    @RedshiftDoc({"r_CREATE_TABLE_NEW", "copy-parameters-column-mapping", "copy-parameters-data-conversion"})
    @Test
    void identityColumnsShowRedshiftsDefaultAndAreFilledWhenLeftOut() {
        api.run("CREATE TABLE IF NOT EXISTS sales.notes (note_id BIGINT IDENTITY(101, 2),"
                + " seq INT GENERATED BY DEFAULT AS IDENTITY(1, 1), body VARCHAR(20))");
        api.run("TRUNCATE sales.notes");
        List<String> columns = api.queryText("SELECT column_name, column_default FROM"
                + " information_schema.columns WHERE table_schema = 'sales' AND table_name = 'notes'"
                + " ORDER BY ordinal_position");
        assertThat(columns).hasSize(3);
        assertThat(columns.get(0)).matches("note_id\\|\"identity\"\\(\\d+, 0, '101,2'::text\\)");
        assertThat(columns.get(1)).matches("seq\\|\"identity\"\\(\\d+, 1, '1,1'::text\\)");
        assertThat(columns.get(2)).isEqualTo("body|null");

        api.run("INSERT INTO sales.notes (body) VALUES ('a'), ('b')");
        assertThat(api.queryText("SELECT note_id, seq, body FROM sales.notes ORDER BY note_id"))
                .containsExactly("101|1|a", "103|2|b");
        DescribeStatementResponse explicit =
                api.awaitEnd(api.submit("INSERT INTO sales.notes (note_id, body) VALUES (7, 'c')"));
        assertThat(explicit.status()).as("IDENTITY takes no explicit value").isEqualTo(StatusString.FAILED);
        api.run("INSERT INTO sales.notes (seq, body) VALUES (50, 'd')");

        put("raw", "notes/n.csv", bytes("60,e\n"));
        api.run("COPY sales.notes FROM 's3://raw/notes/n.csv' " + ROLE + " CSV");
        assertThat(api.queryText(
                        "SELECT note_id, seq, body FROM sales.notes WHERE body IN ('d', 'e')" + " ORDER BY body"))
                .containsExactly("105|50|d", "107|60|e");
        DescribeStatementResponse named = api.awaitEnd(
                api.submit("COPY sales.notes (note_id, body)" + " FROM 's3://raw/notes/n.csv' " + ROLE + " CSV"));
        assertThat(named.error()).contains("IDENTITY column").contains("EXPLICIT_IDS");
    }

    private static String copyFromManifest(String manifestUrl, String options) {
        return "COPY stage_file FROM '" + manifestUrl + "'\n     " + ROLE + " MANIFEST\n     " + options;
    }

    /** The loader contract's batch: lock, stage, one COPY per file, append, ledger. */
    private static String[] contractBatch(String batchId, List<String> copies, List<String> keys) {
        List<String> sqls = new ArrayList<>();
        sqls.add("LOCK ops.load_ledger");
        sqls.add("CREATE TEMP TABLE stage_file (LIKE sales.orders)");
        sqls.add("CREATE TEMP TABLE stage AS SELECT " + COLUMNS + ", 0 AS file_seq__,"
                + " 0::BIGINT AS row_seq__ FROM sales.orders WHERE 1 = 0");
        for (int i = 0; i < copies.size(); i++) {
            sqls.add(copies.get(i));
            sqls.add("INSERT INTO stage SELECT " + COLUMNS + ", " + (i + 1) + ", ROW_NUMBER() OVER () FROM stage_file");
            sqls.add("DELETE FROM stage_file");
        }
        sqls.add("INSERT INTO sales.orders (" + COLUMNS + ") SELECT " + COLUMNS
                + " FROM stage ORDER BY file_seq__, row_seq__");
        StringBuilder ledger = new StringBuilder(
                "INSERT INTO ops.load_ledger (loader, object_key," + " etag, size_bytes, batch_id, loaded_at) VALUES ");
        for (int i = 0; i < keys.size(); i++) {
            ledger.append(i == 0 ? "" : ", ")
                    .append("('orders', '")
                    .append(keys.get(i))
                    .append("', 'etag', 1, '")
                    .append(batchId)
                    .append("', GETDATE())");
        }
        sqls.add(ledger.toString());
        return sqls.toArray(String[]::new);
    }

    private static byte[] manifest(String bucket, String key) {
        return ("{\"entries\": [{\"url\": \"s3://" + bucket + "/" + key + "\", \"mandatory\": true,"
                        + " \"meta\": {\"content_length\": 1}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void put(String bucket, String key, byte[] content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }
}
