package com.warehouseplatform.local;

import static com.warehouseplatform.local.TestBytes.bytes;
import static com.warehouseplatform.local.TestBytes.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * COPY's data conversions as Redshift documents them, through real COPY statements on the local
 * warehouse, and the records of a successful load (stl_load_commits, sys_load_history).
 */
class CopyConversionsTest {

    private static final String ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/copy'";

    private static LocalWarehouse warehouse;
    private static DataApiClient api;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults().buckets("raw"));
        api = new DataApiClient(warehouse);
        s3 = warehouse.newS3Client();
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

    @Test
    @RedshiftDoc({"r_Character_types", "copy-parameters-data-conversion"})
    void varcharCountsBytesAndTruncateColumnsCutsAtACharacterBoundary() {
        api.run("CREATE TABLE texts (id INT, s VARCHAR(5))");
        put("texts/a.csv", "1,abcde\n2,가나\n3,abcdefg\n");

        DescribeStatementResponse strict = failed("COPY texts FROM 's3://raw/texts/' " + ROLE + " CSV MAXERROR 2");
        assertThat(errors(strict))
                .containsExactly(
                        "2|s|1204|String length exceeds DDL length", "3|s|1204|String length exceeds DDL length");

        api.run("COPY texts FROM 's3://raw/texts/' " + ROLE + " CSV TRUNCATECOLUMNS");
        assertThat(api.queryText("SELECT id, s, octet_length(s) FROM texts ORDER BY id"))
                .containsExactly("1|abcde|5", "2|가|3", "3|abcde|5");
    }

    @Test
    @RedshiftDoc({"multi-byte-character-load-errors", "r_Character_types"})
    void charHoldsSingleByteCharactersOnly() {
        api.run("CREATE TABLE codes (id INT, c CHAR(10))");
        put("codes/a.csv", "1,abc\n2,café\n");

        DescribeStatementResponse copy = failed("COPY codes FROM 's3://raw/codes/' " + ROLE + " CSV ACCEPTINVCHARS");
        assertThat(errors(copy))
                .containsExactly("2|c|1220|Multibyte character not supported for CHAR"
                        + " (Hint: Try using VARCHAR). Invalid char: c3 a9");
        assertThat(api.queryText("SELECT count(*) FROM codes")).containsExactly("0");
    }

    @Test
    @RedshiftDoc({"copy-parameters-data-conversion", "r_Load_Error_Reference"})
    void aBlankLineIsAnErrorUnlessIgnoreBlankLines() {
        api.run("CREATE TABLE lines (id INT, s VARCHAR(5))");
        put("lines/a.csv", "1,a\n\n3,c\n");

        DescribeStatementResponse copy = failed("COPY lines FROM 's3://raw/lines/' " + ROLE + " CSV");
        assertThat(errors(copy)).containsExactly("2||1211|Input line contained no data");

        assertThat(api.run("COPY lines FROM 's3://raw/lines/' " + ROLE + " CSV IGNOREBLANKLINES")
                        .resultRows())
                .isEqualTo(2L);
    }

    @Test
    @RedshiftDoc("copy-parameters-data-conversion")
    void emptyAndBlankFieldsByTypeWithAndWithoutEmptyAsNullAndBlanksAsNull() {
        api.run("CREATE TABLE empties (line INT, s VARCHAR(5), c CHAR(3), n INT, d DECIMAL(5,2)," + " t TIMESTAMP)");
        put("empties/a.csv", "1,,,,,\n2,  ,  , ,  ,  \n");
        String shape = "SELECT line, s IS NULL, octet_length(s), c IS NULL, n IS NULL, d IS NULL,"
                + " t IS NULL FROM empties ORDER BY line";

        api.run("COPY empties FROM 's3://raw/empties/' " + ROLE + " CSV");
        assertThat(api.queryText(shape))
                .as("text keeps empty and blank; other types load NULL")
                .containsExactly("1|false|0|false|true|true|true", "2|false|2|false|true|true|true");

        api.run("TRUNCATE empties");
        api.run("COPY empties FROM 's3://raw/empties/' " + ROLE + " CSV EMPTYASNULL");
        assertThat(api.queryText(shape))
                .containsExactly("1|true|null|true|true|true|true", "2|false|2|false|true|true|true");

        api.run("TRUNCATE empties");
        api.run("COPY empties FROM 's3://raw/empties/' " + ROLE + " CSV BLANKSASNULL");
        assertThat(api.queryText(shape))
                .containsExactly("1|false|0|false|true|true|true", "2|true|null|true|true|true|true");

        api.run("CREATE TABLE required (id INT NOT NULL, s VARCHAR(5))");
        put("required/a.csv", "1,a\n,b\n");
        assertThat(errors(failed("COPY required FROM 's3://raw/required/' " + ROLE + " CSV")))
                .containsExactly("2|id|1213|Missing data for not-null field");
    }

    @Test
    @RedshiftDoc("copy-parameters-data-conversion")
    void decimalsBeyondTheScaleAreTruncatedUnlessRoundDec() {
        api.run("CREATE TABLE amounts (id INT, a DECIMAL(8,2), w DECIMAL(5,0))");
        put("amounts/a.csv", "1,20.259,7.9\n2,-1.999,-0.5\n3,1.5,12\n4,2.555e1,1e1\n");
        String query = "SELECT id, a, w FROM amounts ORDER BY id";

        api.run("COPY amounts FROM 's3://raw/amounts/' " + ROLE + " CSV");
        assertThat(api.queryText(query)).containsExactly("1|20.25|7", "2|-1.99|0", "3|1.50|12", "4|25.55|10");

        api.run("TRUNCATE amounts");
        api.run("COPY amounts FROM 's3://raw/amounts/' " + ROLE + " CSV ROUNDEC");
        assertThat(api.queryText(query)).containsExactly("1|20.26|8", "2|-2.00|-1", "3|1.50|12", "4|25.55|10");
    }

    @Test
    @RedshiftDoc({"r_DATEFORMAT_and_TIMEFORMAT_strings", "automatic-recognition", "copy-parameters-data-conversion"})
    void defaultDateAndTimeFormatsAndWhatAutoAddsAndRefuses() {
        api.run("CREATE TABLE times (id INT, t TIMESTAMP, d DATE)");
        put("times/ok.csv", "1,2024-01-02 03:04:05,2024-01-02\n2,2024-01-02 03:04:05.123456," + "2024-12-31\n");
        put(
                "times/iso.csv",
                "3,2024-01-02T03:04:05,2024-01-02\n4,2024-01-02,2024-01-02\n"
                        + "5,2024-01-02 03:04:05,01/02/2024\n6,19960108 040809,1996.008\n");
        put("times/special.csv", "7,now,2024-01-02\n8,2024-01-02 03:04:05,today\n");

        assertThat(api.run("COPY times FROM 's3://raw/times/ok.csv' " + ROLE + " CSV")
                        .resultRows())
                .isEqualTo(2L);
        DescribeStatementResponse strict =
                failed("COPY times FROM 's3://raw/times/iso.csv' " + ROLE + " CSV MAXERROR 4");
        assertThat(errors(strict))
                .extracting(e -> e.substring(0, e.indexOf('|', 5)))
                .containsExactly("1|t|1206", "2|t|1206", "3|d|1205", "4|t|1206");
        assertThat(errors(strict).get(0)).contains("[YYYY-MM-DD HH:MI:SS]");

        api.run("COPY times FROM 's3://raw/times/iso.csv' " + ROLE + " CSV TIMEFORMAT 'auto' DATEFORMAT 'auto'");
        assertThat(api.queryText("SELECT id, t, d FROM times WHERE id > 2 ORDER BY id"))
                .containsExactly(
                        "3|2024-01-02 03:04:05|2024-01-02",
                        "4|2024-01-02 00:00:00|2024-01-02",
                        "5|2024-01-02 03:04:05|2024-01-02",
                        "6|1996-01-08 04:08:09|1996-01-08");

        DescribeStatementResponse special = failed("COPY times FROM 's3://raw/times/special.csv' " + ROLE
                + " CSV TIMEFORMAT 'auto' DATEFORMAT 'auto' MAXERROR 2");
        assertThat(errors(special))
                .extracting(e -> e.substring(0, e.indexOf('|', 5)))
                .containsExactly("1|t|1206", "2|d|1205");
    }

    @Test
    @RedshiftDoc({"r_STL_LOAD_ERRORS", "copy-parameters-data-load"})
    void aBadRowAmongManyGoodOnesIsReportedWithItsFileLineAndColumnByTheFastPath() {
        api.run("CREATE TABLE many (id INT, amount DECIMAL(10,2), note VARCHAR(20))");
        StringBuilder csv = new StringBuilder("id,amount,note\n");
        for (int i = 1; i <= 100_000; i++) {
            csv.append(i == 54_321 ? "x54321" : String.valueOf(i))
                    .append(',')
                    .append(i % 1000)
                    .append(".5,row ")
                    .append(i)
                    .append('\n');
        }
        s3.putObject(b -> b.bucket("raw").key("many/part-1.csv.gz"), RequestBody.fromBytes(gzip(csv.toString())));

        DescribeStatementResponse copy = failed("COPY many FROM 's3://raw/many/' " + ROLE + " CSV IGNOREHEADER 1 GZIP");
        assertThat(api.queryText("SELECT TRIM(filename), line_number, TRIM(colname), err_code,"
                        + " TRIM(raw_field_value) FROM stl_load_errors WHERE query = " + copy.redshiftQueryId()))
                .containsExactly("s3://raw/many/part-1.csv.gz|54322|id|1207|x54321");
        assertThat(api.queryText("SELECT count(*) FROM many")).containsExactly("0");

        DescribeStatementResponse tolerant =
                api.run("COPY many FROM 's3://raw/many/' " + ROLE + " CSV IGNOREHEADER 1 GZIP MAXERROR 2");
        assertThat(tolerant.resultRows()).isEqualTo(99_999L);
        assertThat(api.queryText("SELECT count(*), sum(id) FROM many"))
                .containsExactly("99999|" + (100_000L * 100_001 / 2 - 54_321));
    }

    @Test
    @RedshiftDoc({"r_STL_LOAD_COMMITS", "SYS_LOAD_HISTORY"})
    void aSuccessfulCopyIsRecordedPerFileInStlLoadCommitsAndOnceInSysLoadHistory() {
        api.run("CREATE TABLE recorded (id INT, s VARCHAR(5))");
        put("recorded/a.csv", "1,a\n2,b\n");
        put("recorded/b.csv", "3,c\n");

        DescribeStatementResponse copy = api.run("COPY recorded FROM 's3://raw/recorded/' " + ROLE + " CSV");
        assertThat(api.queryText("SELECT query, TRIM(filename), lines_scanned, TRIM(file_format),"
                        + " octet_length(filename) FROM stl_load_commits WHERE query = " + copy.redshiftQueryId()
                        + " ORDER BY filename"))
                .containsExactly(
                        copy.redshiftQueryId() + "|s3://raw/recorded/a.csv|2|Text|256",
                        copy.redshiftQueryId() + "|s3://raw/recorded/b.csv|1|Text|256");
        List<String> history = api.queryText("SELECT query_id, status, table_name, data_source,"
                + " file_format, loaded_rows, source_file_count, source_file_bytes, error_count"
                + " FROM sys_load_history WHERE data_source = 's3://raw/recorded/'");
        assertThat(history).hasSize(1);
        assertThat(history.get(0)).endsWith("|completed|recorded|s3://raw/recorded/|csv|3|2|12|0");
        assertThat(Long.parseLong(history.get(0).substring(0, history.get(0).indexOf('|'))))
                .as("the SYS query id, not the STL one")
                .isGreaterThan(5_000_000_000L);

        put("recorded/c.csv", "x,d\n");
        DescribeStatementResponse bad = failed("COPY recorded FROM 's3://raw/recorded/' " + ROLE + " CSV");
        assertThat(api.queryText("SELECT count(*) FROM stl_load_commits WHERE query = " + bad.redshiftQueryId()))
                .as("a failed COPY commits no file")
                .containsExactly("0");
        assertThat(api.queryText("SELECT status, loaded_rows, error_count FROM sys_load_history"
                        + " WHERE data_source = 's3://raw/recorded/' ORDER BY query_id"))
                .containsExactly("completed|3|0", "aborted|0|1");
    }

    /** The errors of a COPY: line, column, code, reason. */
    private static List<String> errors(DescribeStatementResponse copy) {
        return api.queryText("SELECT line_number, TRIM(colname), err_code, TRIM(err_reason) FROM"
                + " stl_load_errors WHERE query = " + copy.redshiftQueryId() + " ORDER BY line_number");
    }

    private static DescribeStatementResponse failed(String copy) {
        DescribeStatementResponse response = api.awaitEnd(api.submit(copy));
        assertThat(response.status()).as(copy).isEqualTo(StatusString.FAILED);
        return response;
    }

    private static void put(String key, String text) {
        s3.putObject(b -> b.bucket("raw").key(key), RequestBody.fromBytes(bytes(text)));
    }
}
