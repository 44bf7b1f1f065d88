package com.warehouseplatform.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.local.ParquetFiles;
import com.warehouseplatform.local.RedshiftDoc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet loader, in a configuration written by the test, run through the CLI: the deployed
 * loader's batch (a manifest with content_length, COPY ... FORMAT AS PARQUET into its stage,
 * then the append) on the local warehouse.
 */
class ParquetLoaderCliTest {
    private static final Path CONFIG = Path.of("..", "config");
    private static final String LOADER = """
        - name: orders-parquet
          table: sales.orders
          source: orders-parquet/
          format: {type: parquet}
          schedule: "rate(10 minutes)"
          mode: append
      """;
    private static final String ORDERS = "message order { required int64 order_id;"
            + " optional int64 customer_id; optional int64 amount (DECIMAL(12,2));"
            + " optional binary currency (STRING); optional binary status (STRING);"
            + " optional int64 ordered_at (TIMESTAMP(MICROS,false)); optional binary note (STRING); }";

    @TempDir
    Path temp;

    @Test
    @RedshiftDoc({"copy-usage_notes-copy-from-columnar", "loading-data-files-using-manifest"})
    void aParquetLoaderLoadsItsFilesThroughTheCli() throws IOException {
        Path data = temp.resolve("data");
        write(
                data.resolve("orders-parquet/2026/a.parquet"),
                ParquetFiles.write(
                        ORDERS,
                        CompressionCodecName.SNAPPY,
                        row -> row.append("order_id", 1L)
                                .append("customer_id", 10L)
                                .append("amount", 1250L)
                                .append("currency", "EUR")
                                .append("status", "new")
                                .append("ordered_at", 1_772_713_845_000_000L)
                                .append("note", "first"),
                        row -> row.append("order_id", 2L).append("amount", 700L).append("status", "paid")));
        write(
                data.resolve("orders-parquet/2026/b.parquet"),
                ParquetFiles.write(
                        ORDERS,
                        CompressionCodecName.GZIP,
                        row -> row.append("order_id", 3L).append("note", "gzip")));

        Run run = cli(
                "--env",
                "dev",
                "--config",
                config().toString(),
                "--data",
                data.toString(),
                "--loader",
                "orders-parquet",
                "--runs",
                "2",
                "--sql",
                "SELECT order_id, customer_id, amount, currency, status, ordered_at, note"
                        + " FROM sales.orders ORDER BY order_id");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines().toList())
                .containsExactly(
                        "loader orders-parquet run 1: loaded 2 files, 3 rows",
                        "loader orders-parquet run 2: up to date",
                        "order_id,customer_id,amount,currency,status,ordered_at,note",
                        "1,10,12.50,EUR,new,2026-03-05 12:30:45,first",
                        "2,,7.00,,paid,,",
                        "3,,,,,,gzip");
    }

    @Test
    @RedshiftDoc("copy-usage_notes-copy-from-columnar")
    void aTypeMismatchFailsTheRunNamingTheFileAndTheColumn() throws IOException {
        Path data = temp.resolve("data");
        write(
                data.resolve("orders-parquet/good.parquet"),
                ParquetFiles.write(ORDERS, CompressionCodecName.SNAPPY, row -> row.append("order_id", 1L)));
        write(
                data.resolve("orders-parquet/bad.parquet"),
                ParquetFiles.write(
                        ORDERS.replace("optional int64 amount (DECIMAL(12,2))", "optional double amount"),
                        CompressionCodecName.SNAPPY,
                        row -> row.append("order_id", 2L).append("amount", 7.0)));

        Run run = cli(
                "--env",
                "dev",
                "--config",
                config().toString(),
                "--data",
                data.toString(),
                "--loader",
                "orders-parquet",
                "--sql",
                "SELECT count(*) FROM sales.orders");

        assertThat(run.status()).isEqualTo(1);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0))
                .startsWith("loader orders-parquet run 1: FAILED: ")
                .contains("File 's3://raw/orders-parquet/bad.parquet' has an incompatible Parquet schema"
                        + " for column 'amount'. Column type: NUMERIC(12,2), Parquet schema: optional double"
                        + " amount");
        assertThat(lines.subList(1, 3)).as("the failed batch loaded nothing").containsExactly("count", "0");
    }

    /** The repository's configuration with a Parquet loader added to dev. */
    private Path config() throws IOException {
        Path config = temp.resolve("config");
        Files.createDirectories(config.resolve("sql"));
        Files.copy(CONFIG.resolve("environment.schema.json"), config.resolve("environment.schema.json"));
        try (Stream<Path> migrations = Files.list(CONFIG.resolve("sql"))) {
            for (Path migration : migrations.toList()) {
                Files.copy(
                        migration,
                        config.resolve("sql").resolve(migration.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String dev = Files.readString(CONFIG.resolve("dev.yaml"));
        Files.writeString(config.resolve("dev.yaml"), dev.replace("loaders:\n", "loaders:\n" + LOADER));
        return config;
    }

    private record Run(int status, String out, String err) {}

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LocalWarehouseCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> {
                    throw new AssertionError("not serving");
                });
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
