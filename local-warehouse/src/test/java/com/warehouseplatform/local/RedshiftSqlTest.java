package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/**
 * Redshift's SQL dialect, functions and catalog views, through the Data API (the real SDK
 * client) and through JDBC on the warehouse's data source, which get the same installed functions.
 */
class RedshiftSqlTest {

    private static final String TIMESTAMP_TO_THE_SECOND = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";

    private static LocalWarehouse warehouse;
    private static DataApiClient api;

    @BeforeAll
    static void start() {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults().statementThreads(2));
        api = new DataApiClient(warehouse);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    @RedshiftDoc("r_pg_keywords")
    void unreservedWordsAreNamesAndCommentsAreNotReadThroughTheDataApi() {
        String id = api.run("SELECT 1 AS sortkey, 2 AS distkey").id();
        assertThat(api.sdk
                        .getStatementResult(b -> b.id(id))
                        .columnMetadata()
                        .get(0)
                        .label())
                .isEqualTo("sortkey");
        assertThat(api.rows(id).get(0).get(0).longValue()).isEqualTo(1L);
        assertThat(api.queryText("SELECT GETDATE() IS NOT NULL AS ok -- later we UNLOAD"))
                .containsExactly("true");
        assertThat(api.queryText("SELECT 'DISTSTYLE KEY' /* UNLOAD, SORTKEY */ AS \"sortkey (x)\""))
                .containsExactly("DISTSTYLE KEY");
    }

    @Test
    @RedshiftDoc({"r_NVL_function", "r_NVL2", "r_DATEADD_function", "r_DATEDIFF_function", "r_LISTAGG", "r_GETDATE"})
    void nvlDateaddDatediffListaggAndGetdateGiveRedshiftsDocumentedResults() {
        assertThat(api.queryText(
                        "SELECT NVL(NULL, 'x'), NVL(NULL, NULL, 3), NVL2(NULL, 'a', 'b')," + " NVL2(1, 'a', 'b')"))
                .containsExactly("x|3|b|a");
        assertThat(api.queryText("SELECT DATEADD(day, 1, '2008-02-28'), DATEADD(month, 1, '2008-01-31'),"
                        + " DATEADD(w, 2, '2008-01-01'), DATEADD(hrs, -3, '2008-01-01 01:00:00')"))
                .containsExactly(
                        "2008-02-29 00:00:00|2008-02-29 00:00:00|2008-01-15 00:00:00" + "|2007-12-31 22:00:00");
        // the page's examples: 52 weeks, 53 hours, 33 days; boundaries crossed: 1 year, 2 hours
        assertThat(api.queryText("SELECT datediff(week, '2009-01-01', '2009-12-31') AS numweeks,"
                        + " datediff(hour, '2023-01-01', '2023-01-03 05:04:03'),"
                        + " datediff(days, 'Jun 1,2008 09:59:59 EST', 'Jul 4,2008 09:59:59 EST'),"
                        + " DATEDIFF(year, '2008-12-31', '2009-01-01'),"
                        + " DATEDIFF(hour, '2009-01-01 08:30:00', '2009-01-01 10:00:00'),"
                        + " DATEDIFF(qtr, '2009-03-31', '2008-12-31')"))
                .containsExactly("52|53|33|1|2|-1");
        DescribeStatementResponse bad =
                api.awaitEnd(api.submit("SELECT DATEDIFF(fortnight, '2009-01-01', '2009-02-01')"));
        assertThat(bad.error()).contains("DATEDIFF does not support the datepart \"fortnight\"");

        api.run("CREATE TABLE listed (grp INT, name VARCHAR(10))");
        api.run("INSERT INTO listed VALUES (1, 'c'), (1, 'a'), (1, NULL), (1, 'b'), (2, 'z')");
        assertThat(api.queryText("SELECT grp, LISTAGG(name, ', ') WITHIN GROUP (ORDER BY name DESC)"
                        + " FROM listed GROUP BY grp ORDER BY grp"))
                .containsExactly("1|c, b, a", "2|z");
        assertThat(api.queryText("SELECT LISTAGG(name) FROM listed WHERE grp = 2"))
                .containsExactly("z");
        DescribeStatementResponse tooLong = api.awaitEnd(api.submit(
                "SELECT LISTAGG(x) FROM (SELECT REPEAT('a', 40000) x" + " UNION ALL SELECT REPEAT('b', 30000)) t"));
        assertThat(tooLong.error()).startsWith("ERROR: Result size exceeds LISTAGG limit");

        String now = api.queryText("SELECT GETDATE()").get(0);
        assertThat(now).matches(TIMESTAMP_TO_THE_SECOND);
        assertThat(LocalDateTime.parse(now.replace(' ', 'T')))
                .isBetween(LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1), LocalDateTime.now(ZoneOffset.UTC));
    }

    @Test
    @RedshiftDoc({
        "r_MEDIAN",
        "r_WF_MEDIAN",
        "r_CONVERT_TIMEZONE",
        "r_TRUNC_date",
        "r_LEN",
        "r_SYSDATE",
        "r_TOP_clause",
        "r_COUNT"
    })
    void medianConvertTimezoneTruncLenSysdateTopAndApproximateThroughTheDataApi() {
        api.run("CREATE TABLE sold (seller INT, qty INT, price DOUBLE PRECISION)");
        api.run("INSERT INTO sold VALUES (1, 10, 1.0), (1, 10, 2.0), (1, 30, 4.0), (3, 10, 1.0),"
                + " (3, 15, 2.0), (3, 20, 3.0), (3, 30, NULL)");
        assertThat(api.queryText(
                        "SELECT seller, MEDIAN(qty), MEDIAN(price) FROM sold GROUP BY seller" + " ORDER BY seller"))
                .containsExactly("1|10|2.0", "3|17.5|2.0");
        assertThat(api.queryText("SELECT DISTINCT seller, MEDIAN(qty) OVER (PARTITION BY seller) FROM sold"
                        + " ORDER BY seller"))
                .containsExactly("1|10", "3|17.5");
        assertThat(api.queryText("SELECT CONVERT_TIMEZONE('EST', 'PST', '20080305 12:25:29'),"
                        + " CONVERT_TIMEZONE('America/New_York', '2008-03-05 12:25:29'),"
                        + " TRUNC('2011-07-21 10:32:38.248109'::timestamp), LEN('français'), LEN('ab  '),"
                        + " LEN('ab  '::CHAR(4))"))
                .containsExactly("2008-03-05 09:25:29|2008-03-05 07:25:29|2011-07-21|8|4|2");
        assertThat(api.queryText("SELECT SYSDATE").get(0)).matches(TIMESTAMP_TO_THE_SECOND + "\\.\\d+");
        assertThat(api.queryText("SELECT TOP 2 qty FROM sold ORDER BY qty DESC"))
                .containsExactly("30", "30");
        assertThat(api.queryText("SELECT APPROXIMATE COUNT(DISTINCT qty) FROM sold"))
                .containsExactly("4");
    }

    @Test
    @RedshiftDoc({
        "r_GETDATE",
        "r_SYSDATE",
        "r_NVL_function",
        "r_DATEADD_function",
        "r_DATEDIFF_function",
        "r_LISTAGG",
        "r_MEDIAN",
        "r_LEN",
        "r_TRUNC_date",
        "r_CONVERT_TIMEZONE"
    })
    void jdbcOverTlsGetsTheSameRedshiftSqlAsTheDataApi() throws Exception {
        // the front door: TLS (sslmode=require in jdbcUrl) and the Data API's translation
        try (Connection connection = java.sql.DriverManager.getConnection(warehouse.jdbcUrl())) {
            assertThat(warehouse.jdbcUrl()).contains("sslmode=require");
            assertThat(
                            row(
                                    connection,
                                    "SELECT NVL(NULL::int, 2), NVL2('x', 1, 0), DATEADD(day, 1, '2008-02-28'),"
                                            + " DATEDIFF(hour, '2023-01-01', '2023-01-03 05:04:03'),"
                                            + " (SELECT LISTAGG(v, '-') WITHIN GROUP (ORDER BY v) FROM (VALUES ('b'), ('a')) t(v)),"
                                            + " (SELECT MEDIAN(v) FROM (VALUES (1), (2), (3), (4)) t(v)), LEN('ab  '),"
                                            + " TRUNC('2011-07-21 10:32:38'::timestamp), CONVERT_TIMEZONE('EST', 'PST', '20080305 12:25:29')"))
                    .containsExactly(
                            "2",
                            "1",
                            "2008-02-29 00:00:00",
                            "53",
                            "a-b",
                            "2.5",
                            "4",
                            "2011-07-21",
                            "2008-03-05 09:25:29");
            assertThat(row(connection, "SELECT 1 AS sortkey, GETDATE() IS NOT NULL -- later we UNLOAD"))
                    .containsExactly("1", "t");
            // GETDATE is the start of the statement, to the second; SYSDATE the start of the transaction
            connection.setAutoCommit(false);
            List<String> first = row(connection, "SELECT GETDATE(), SYSDATE");
            row(connection, "SELECT pg_sleep(1.1)");
            List<String> second = row(connection, "SELECT GETDATE(), SYSDATE");
            connection.rollback();
            assertThat(first.get(0)).matches(TIMESTAMP_TO_THE_SECOND);
            assertThat(second.get(0)).isGreaterThan(first.get(0));
            assertThat(second.get(1)).isEqualTo(first.get(1));
        }
    }

    @Test
    @RedshiftDoc({
        "c_unsupported-postgresql-features",
        "c_unsupported-postgresql-datatypes",
        "r_Character_types",
        "r_Numeric_types201"
    })
    void postgresqlOnlyDdlFailsByNameAndBareTypesGetRedshiftsSizes() {
        api.run("CREATE TABLE sized (t TEXT, n NUMERIC, v VARCHAR)");
        api.run("INSERT INTO sized VALUES ('x', 1.5, 'y')");
        assertThat(api.queryText("SELECT n, 1.5::numeric, CAST(2.5 AS DECIMAL) FROM sized"))
                .containsExactly("2|2|3");
        assertThat(
                        api.queryText(
                                "SELECT column_name, data_type, character_maximum_length, numeric_precision,"
                                        + " numeric_scale FROM information_schema.columns WHERE table_name = 'sized' ORDER BY ordinal_position"))
                .containsExactly(
                        "t|character varying|256|null|null",
                        "n|numeric|null|18|0",
                        "v|character varying|256|null|null");
        for (String sql : List.of(
                "CREATE INDEX sized_t ON sized (t)",
                "CREATE TABLE s2 (id SERIAL)",
                "CREATE TABLE s2 (doc JSONB)",
                "CREATE TABLE s2 (id UUID)",
                "CREATE SEQUENCE s2")) {
            DescribeStatementResponse failed = api.awaitEnd(api.submit(sql));
            assertThat(failed.status()).as(sql).isEqualTo(StatusString.FAILED);
            assertThat(failed.error()).as(sql).contains("Redshift does not support PostgreSQL's");
        }
    }

    @Test
    @RedshiftDoc("r_TRUNCATE")
    void truncateCommitsWhatRanBeforeItInItsBatchAndALaterFailureCannotRollItBack() {
        api.run("CREATE TABLE truncated (x INT)");
        api.run("CREATE TABLE truncate_log (step VARCHAR(20))");
        api.run("INSERT INTO truncated VALUES (1), (2)");
        DescribeStatementResponse batch = api.runBatch(
                "INSERT INTO truncate_log VALUES ('before')",
                "TRUNCATE truncated",
                "INSERT INTO truncated VALUES (3)",
                "INSERT INTO truncate_log VALUES ('after')",
                "SELECT 1 / 0");
        assertThat(batch.status()).isEqualTo(StatusString.FAILED);
        assertThat(api.queryText("SELECT count(*) FROM truncated")).containsExactly("0");
        assertThat(api.queryText("SELECT step FROM truncate_log")).containsExactly("before");
    }

    @Test
    @RedshiftDoc({"r_VACUUM_command", "r_CREATE_DATABASE"})
    void statementsRedshiftRefusesInATransactionBlockFailInABatch() {
        api.run("CREATE TABLE vacuumed (x INT)");
        DescribeStatementResponse vacuum = api.runBatch("SELECT 1", "VACUUM vacuumed");
        assertThat(vacuum.status()).isEqualTo(StatusString.FAILED);
        assertThat(vacuum.error()).isEqualTo("ERROR: VACUUM cannot run inside a transaction block");
        DescribeStatementResponse database = api.runBatch("CREATE DATABASE other", "SELECT 1");
        assertThat(database.error()).isEqualTo("ERROR: CREATE DATABASE cannot run inside a transaction block");
        api.run("VACUUM vacuumed");
    }

    @Test
    @RedshiftDoc("r_PG_TABLE_DEF")
    void pgTableDefShowsRedshiftTypesAndTheDeclaredDesignOfTablesOnTheSearchPath() {
        api.run("CREATE SCHEMA design");
        api.run("CREATE TABLE design.orders (order_id BIGINT NOT NULL ENCODE az64 DISTKEY, note TEXT ENCODE zstd,"
                + " amount DECIMAL, doc SUPER, \"At\" TIMESTAMP ENCODE raw) COMPOUND SORTKEY (\"At\", order_id)");
        api.run("CREATE TABLE design.events (a INT, b INT, c INT) INTERLEAVED SORTKEY (a, b, c)");
        String query = "SELECT \"column\", type, TRIM(encoding), distkey, sortkey, \"notnull\" FROM pg_table_def"
                + " WHERE schemaname = 'design' AND tablename = '%s'";
        assertThat(api.queryText(query.formatted("orders"))).isEmpty();
        DescribeStatementResponse batch =
                api.runBatch("SET search_path TO design, public", query.formatted("orders"), query.formatted("events"));
        assertThat(batch.status()).as(batch.error()).isEqualTo(StatusString.FINISHED);
        String id = batch.id();
        assertThat(text(api.rows(id + ":2")))
                .containsExactlyInAnyOrder(
                        "order_id|bigint|az64|true|2|true",
                        "note|character varying(256)|zstd|false|0|false",
                        "amount|numeric(18,0)|null|false|0|false",
                        "doc|super|null|false|0|false",
                        "At|timestamp without time zone|none|false|1|false");
        assertThat(text(api.rows(id + ":3")))
                .containsExactlyInAnyOrder(
                        "a|integer|null|false|1|false",
                        "b|integer|null|false|-2|false",
                        "c|integer|null|false|3|false");
    }

    @Test
    @RedshiftDoc("r_SVV_TABLE_INFO")
    void svvTableInfoShowsTablesWithRowsToSuperusersOnly() throws Exception {
        api.run("CREATE TABLE info_even (id INT, name VARCHAR(40) ENCODE lzo, v VARCHAR(100))"
                + " DISTSTYLE EVEN SORTKEY (id)");
        api.run("CREATE TABLE info_auto (id INT, name VARCHAR(10))");
        String query = "SELECT \"table\", encoded, diststyle, sortkey1, max_varchar, TRIM(sortkey1_enc), sortkey_num,"
                + " estimated_visible_rows, tbl_rows, size, create_time IS NOT NULL FROM svv_table_info"
                + " WHERE \"table\" LIKE 'info_%' ORDER BY 1";
        assertThat(api.queryText(query)).isEmpty();
        api.run("INSERT INTO info_even VALUES (1, 'a', 'b'), (2, 'c', 'd'), (3, 'e', 'f')");
        api.run("INSERT INTO info_auto VALUES (1, 'a')");
        assertThat(api.queryText(query))
                .containsExactly(
                        "info_auto|Y, AUTO(ENCODE)|null|null|10|null|0|1|null|null|true",
                        "info_even|Y|EVEN|id|100|null|1|3|null|null|true");
        try (Connection admin = warehouse.dataSource().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER svv_reader");
        }
        DescribeStatementResponse denied = api.awaitEnd(api.sdk
                .executeStatement(b -> b.clusterIdentifier(DataApiClient.CLUSTER)
                        .database(warehouse.database())
                        .dbUser("svv_reader")
                        .sql("SELECT count(*) FROM svv_table_info"))
                .id());
        assertThat(denied.error()).isEqualTo("ERROR: permission denied for relation svv_table_info");
    }

    private static List<String> text(List<List<Field>> rows) {
        List<String> lines = new ArrayList<>();
        for (List<Field> row : rows) {
            lines.add(String.join("|", row.stream().map(DataApiClient::text).toList()));
        }
        return lines;
    }

    private static List<String> row(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }
}
