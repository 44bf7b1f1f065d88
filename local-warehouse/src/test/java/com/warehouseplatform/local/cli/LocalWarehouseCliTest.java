package com.warehouseplatform.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end, in this JVM: config/dev.yaml and config/sql of the repository, a data folder,
 * the local warehouse, the deployed loader handler, the query through the Data API.
 */
class LocalWarehouseCliTest {
    private static final Path CONFIG = Path.of("..", "config");
    private static final Path SAMPLES = Path.of("..", "samples", "data");
    private static final String HEADER = "order_id,customer_id,amount,currency,status,ordered_at,note\n";

    @TempDir
    Path temp;

    /** What one run printed and returned. */
    private record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run cli(LocalWarehouseCli.Serving serving, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LocalWarehouseCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                serving);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run cli(String... args) {
        return cli(
                () -> {
                    throw new AssertionError("not serving");
                },
                args);
    }

    @Test
    void loadsTwoLoadersTwiceAndTheQueryShowsEachRowOnce() throws IOException {
        Path data = temp.resolve("data");
        write(
                data.resolve("orders/2026/11/25/a.csv.gz"),
                gzip(HEADER
                        + "1,10,12.50,EUR,new,2026-11-25 10:00:00,first\n"
                        + "2,11,7.00,EUR,new,2026-11-25 10:01:00,second\n"));
        write(
                data.resolve("orders/2026/11/25/b.csv.gz"),
                gzip(HEADER
                        + "2,11,7.00,EUR,paid,2026-11-25 10:05:00,paid\n"
                        + "3,12,1.25,USD,new,2026-11-25 10:02:00,\"third, with \"\"quotes\"\"\"\n"));
        write(
                data.resolve("events/e.json"),
                ("{\"event_id\":\"e1\",\"user_id\":7,\"event_type\":\"view\",\"page\":\"/ko/홈\","
                                + "\"occurred_at\":\"2026-11-25 10:00:00\"}\n"
                                + "{\"event_id\":\"e2\",\"event_type\":\"click\"}\n")
                        .getBytes(StandardCharsets.UTF_8));

        Run run = cli(
                "--env",
                "dev",
                "--config",
                CONFIG.toString(),
                "--data",
                data.toString(),
                "--runs",
                "2",
                "--sql",
                "SELECT 'order' AS kind, order_id::VARCHAR AS id, status AS what, note FROM sales.orders "
                        + "UNION ALL SELECT 'event', event_id, event_type, page FROM web.events ORDER BY 1, 2");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.lines())
                .containsExactly(
                        "loader orders run 1: loaded 2 files, 3 rows",
                        "loader web-events run 1: loaded 1 file, 2 rows",
                        "loader orders run 2: up to date",
                        "loader web-events run 2: up to date",
                        "kind,id,what,note",
                        "event,e1,view,/ko/홈",
                        "event,e2,click,",
                        "order,1,new,first",
                        "order,2,paid,paid",
                        "order,3,new,\"third, with \"\"quotes\"\"\"");
        assertThat(run.err())
                .contains("applied 3 migration(s): V1__create_sales_orders.sql")
                .doesNotContain("alert", "Exception");
        assertThat(Files.list(data).map(p -> p.getFileName().toString()).toList())
                .as("the loaders write nothing into the data folder")
                .containsExactlyInAnyOrder("orders", "events");
    }

    @Test
    void aBadFileFailsTheRunNamingFileLineAndReasonAndTheQueryStillRuns() throws IOException {
        Path data = temp.resolve("data");
        write(data.resolve("orders/a.csv.gz"), gzip(HEADER + "1,10,12.50,EUR,new,2026-11-25 10:00:00,good\n"));
        write(
                data.resolve("orders/b.csv.gz"),
                gzip(HEADER + "2,11,7.00,EUR,new,2026-11-25 10:01:00,good\n"
                        + "3,12,seven,EUR,new,2026-11-25 10:02:00,bad\n"));

        Run run = cli(
                "--env",
                "dev",
                "--config",
                CONFIG.toString(),
                "--data",
                data.toString(),
                "--loader",
                "orders",
                "--runs",
                "2",
                "--sql",
                "SELECT order_id, note FROM sales.orders ORDER BY order_id");

        assertThat(run.status()).isEqualTo(1);
        List<String> lines = run.lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .startsWith("loader orders run 1: FAILED: batch ")
                .endsWith("s3://raw/orders/b.csv.gz line 3 column amount: invalid input syntax for type numeric: "
                        + "\"…\" (code 1207)");
        assertThat(run.err()).as("no field value in the alert").doesNotContain("seven");
        assertThat(lines.subList(1, 4))
                .as("the next run loads the good file; the bad one waits in quarantine")
                .containsExactly("loader orders run 2: loaded 1 file, 1 row", "order_id,note", "1,good");
        assertThat(run.err())
                .as("the loader's alert")
                .contains(
                        "alert: Loader orders: batch",
                        "failed and was rolled back",
                        "s3://raw/orders/b.csv.gz line 3 column amount",
                        "Quarantined");
    }

    @Test
    void loadsTheSamplesAndServesThemToPsql() throws Exception {
        List<List<String>> seenByPsql = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LocalWarehouseCli.Serving psql = () -> {
            String printed = out.toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.startsWith("psql "))
                    .findFirst()
                    .orElseThrow();
            String url = printed.substring("psql \"postgresql://postgres@".length(), printed.length() - 1);
            String certificate = out.toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.startsWith("TLS certificate: "))
                    .findFirst()
                    .orElseThrow()
                    .replaceAll("^TLS certificate: (\\S+) .*$", "$1");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + url + "&user=postgres");
                    Connection verified = DriverManager.getConnection("jdbc:postgresql://"
                            + url.replace("sslmode=require", "sslmode=verify-full&sslrootcert=" + certificate)
                            + "&user=postgres");
                    ResultSet v = verified.createStatement().executeQuery("SELECT GETDATE()");
                    ResultSet r = c.createStatement()
                            .executeQuery("SELECT order_id, status FROM sales.orders ORDER BY order_id")) {
                assertThat(v.next())
                        .as("verify-full with the printed certificate")
                        .isTrue();
                while (r.next()) {
                    seenByPsql.add(List.of(r.getString(1), r.getString(2)));
                }
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        };

        int status = LocalWarehouseCli.run(
                new String[] {
                    "--env",
                    "dev",
                    "--config",
                    CONFIG.toString(),
                    "--data",
                    SAMPLES.toString(),
                    "--runs",
                    "2",
                    "--serve",
                    "--sql",
                    "SELECT order_id, status, note FROM sales.orders ORDER BY order_id"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                psql);

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.subList(0, 10))
                .containsExactly(
                        "loader orders run 1: loaded 2 files, 4 rows",
                        "loader web-events run 1: loaded 1 file, 3 rows",
                        "loader orders run 2: up to date",
                        "loader web-events run 2: up to date",
                        "order_id,status,note",
                        "1001,new,first order",
                        "1002,paid,paid by card",
                        "1003,new,\"gift wrap, please\"",
                        "1004,new,",
                        lines.get(9));
        assertThat(lines.get(9))
                .matches("psql \"postgresql://postgres@127\\.0\\.0\\.1:\\d+/analytics\\?sslmode=require\"");
        assertThat(lines.get(10))
                .matches("TLS certificate: /\\S+\\.crt \\(for sslmode=verify-full sslrootcert=<this file>\\)");
        assertThat(seenByPsql)
                .containsExactly(
                        List.of("1001", "new"),
                        List.of("1002", "paid"),
                        List.of("1003", "new"),
                        List.of("1004", "new"));
    }

    @Test
    void badArgumentsExitTwoWithTheProblemAndTheUsage() {
        Run run = cli("--env", "dev", "--data", "x", "--runs", "0", "--frobnicate");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains(
                        "local-warehouse: unknown option --frobnicate",
                        "local-warehouse: --runs must be a whole number of at least 1, got \"0\"",
                        "usage: java -jar local-warehouse/target/local-warehouse.jar --env dev --data DIR");
    }

    @Test
    void anUnknownEnvironmentExitsTwoNamingTheFile() {
        Run run = cli("--env", "nope", "--config", CONFIG.toString(), "--data", temp.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains(
                        "Configuration problems, nothing started:",
                        CONFIG.resolve("nope.yaml") + ": no such file; each environment is a file config/<env>.yaml");
    }

    @Test
    void aBadConfigurationExitsTwoWithEveryProblemByFileAndKey() throws IOException {
        Path config = temp.resolve("config");
        String dev = Files.readString(CONFIG.resolve("dev.yaml"))
                .replace("port: 5440", "port: 5439")
                .replace("mode: merge", "mode: upsert");
        write(config.resolve("dev.yaml"), dev.getBytes(StandardCharsets.UTF_8));

        Run run = cli("--env", "dev", "--config", config.toString(), "--data", temp.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains(
                        config.resolve("dev.yaml") + ": warehouse.port:",
                        config.resolve("dev.yaml")
                                + ": loaders[0].mode: must be one of [append, merge, replace], got \"upsert\"");
    }

    @Test
    void anUnknownLoaderOrAMissingDataFolderExitsTwo() {
        Run loader = cli("--env", "dev", "--config", CONFIG.toString(), "--data", temp.toString(), "--loader", "ordrs");
        Run data = cli(
                "--env",
                "dev",
                "--config",
                CONFIG.toString(),
                "--data",
                temp.resolve("missing").toString());

        assertThat(loader.status()).isEqualTo(2);
        assertThat(loader.err())
                .contains(
                        "--loader ordrs: environment dev has no such loader; its loaders are: " + "orders, web-events");
        assertThat(data.status()).isEqualTo(2);
        assertThat(data.err()).contains("--data " + temp.resolve("missing") + ": no such directory");
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(bytes)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
