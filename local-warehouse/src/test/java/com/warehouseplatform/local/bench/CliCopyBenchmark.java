package com.warehouseplatform.local.bench;

import com.warehouseplatform.local.LocalPlatform;
import com.warehouseplatform.local.cli.LocalWarehouseCli;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/**
 * The CLI's COPY throughput and start-up, as figures: the time {@code LocalWarehouseCli.run} takes
 * to load 1,000,000 CSV rows (one gzipped file shaped like samples/data/orders, an append loader of
 * sales.orders) next to PostgreSQL's own server-side {@code COPY ... FROM PROGRAM 'gzip -dc ...'}
 * of the same file into the same table on the same PostgreSQL binaries, in one run, and the ratio;
 * then the start-up of a CLI process (process start to "applied N migration(s)", the warehouse
 * ready) and its whole run over an empty folder. Writes its config and data folders itself.
 * Usage: CliCopyBenchmark CONFIG_DIR (the repository's config, for its migrations)
 */
public final class CliCopyBenchmark {

    private static final int ROWS = 1_000_000;
    private static final String LOADER = """
            loaders:
              - name: orders
                table: sales.orders
                source: orders/
                format: {type: csv, header: true, delimiter: ",", compression: gzip}
                schedule: "cron(0/15 * * * ? *)"
                mode: append
                maxErrors: 0
                maxFilesPerRun: 1000
                freshnessHours: 6
            """;

    public static void main(String[] args) throws Exception {
        Path repoConfig = Path.of(args.length > 0 ? args[0] : "config");
        Path work = Files.createTempDirectory("cli-copy-bench");
        try {
            Path config = writeConfig(repoConfig, work.resolve("config"));
            Path file = work.resolve("data/orders/2026/11/25/orders-1m.csv.gz");
            long bytes = writeOrders(file);
            System.out.printf(
                    "data: %,d rows, %.1f MB of CSV (%.1f MB gzipped)%n", ROWS, bytes / 1e6, Files.size(file) / 1e6);

            double cli = cliRun(config, work.resolve("data"));
            double postgres = postgresCopy(repoConfig, file);
            double local = localCopy(repoConfig, work.resolve("data"), "orders/2026/11/25/orders-1m.csv.gz");
            System.out.printf(
                    "1,000,000 rows: the local warehouse's COPY (one statement through the Data API, as the"
                            + " loader's COPY of its stage) %.2f s against PostgreSQL's own COPY FROM PROGRAM %.2f s: ratio %.2f%n",
                    local, postgres, local / postgres);
            System.out.printf(
                    "1,000,000 rows: CLI run %.1f s (start, migrations, loader, query, stop) against"
                            + " PostgreSQL's own COPY FROM PROGRAM of the same file %.1f s: ratio %.1f%n",
                    cli, postgres, cli / postgres);

            Path empty = Files.createDirectories(work.resolve("empty"));
            startUp(config, empty);
        } finally {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** config/bench.yaml: dev.yaml's warehouse with one append loader; the repository's migrations. */
    private static Path writeConfig(Path repoConfig, Path config) throws IOException {
        Files.createDirectories(config.resolve("sql"));
        String dev = Files.readString(repoConfig.resolve("dev.yaml"));
        String bench = dev.substring(0, dev.indexOf("\nloaders:") + 1).replace("name: dev", "name: bench") + LOADER;
        Files.writeString(config.resolve("bench.yaml"), bench);
        Files.copy(repoConfig.resolve("environment.schema.json"), config.resolve("environment.schema.json"));
        try (Stream<Path> sql = Files.list(repoConfig.resolve("sql"))) {
            for (Path migration : sql.toList()) {
                Files.copy(migration, config.resolve("sql").resolve(migration.getFileName()));
            }
        }
        return config;
    }

    private static long writeOrders(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        long bytes = 0;
        try (BufferedWriter out = new BufferedWriter(
                new OutputStreamWriter(
                        new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8),
                1 << 16)) {
            String header = "order_id,customer_id,amount,currency,status,ordered_at,note\n";
            out.write(header);
            bytes += header.length();
            for (int i = 1; i <= ROWS; i++) {
                String row =
                        i + "," + (500 + i % 997) + "," + (i % 100_000) / 100 + "." + String.format("%02d", i % 100)
                                + ",EUR," + (i % 3 == 0 ? "paid" : "new") + ",2026-11-25 "
                                + String.format("%02d:%02d:%02d", i / 3600 % 24, i / 60 % 60, i % 60) + ","
                                + (i % 5 == 0 ? "\"gift wrap, please\"" : "order " + i)
                                + "\n";
                out.write(row);
                bytes += row.length();
            }
        }
        return bytes;
    }

    private static double cliRun(Path config, Path data) {
        ByteArrayOutputStream out;
        long[] readyAt = {-1};
        long[] loadedAt = {-1};
        ByteArrayOutputStream err = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (readyAt[0] < 0 && new String(b, off, len, StandardCharsets.UTF_8).contains("applied ")) {
                    readyAt[0] = System.nanoTime();
                }
                super.write(b, off, len);
            }
        };
        out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (loadedAt[0] < 0 && new String(b, off, len, StandardCharsets.UTF_8).contains("loader orders run")) {
                    loadedAt[0] = System.nanoTime();
                }
                super.write(b, off, len);
            }
        };
        long start = System.nanoTime();
        int status = LocalWarehouseCli.run(
                new String[] {
                    "--env",
                    "bench",
                    "--config",
                    config.toString(),
                    "--data",
                    data.toString(),
                    "--sql",
                    "SELECT count(*) FROM sales.orders"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        double seconds = (System.nanoTime() - start) / 1e9;
        double ready = readyAt[0] < 0 ? 0 : (readyAt[0] - start) / 1e9;
        double loaded = loadedAt[0] < 0 ? 0 : (loadedAt[0] - start) / 1e9;
        System.out.printf(
                "CLI in-process: ready (warehouse up, migrations applied) %.1f s, loader run %.1f s,"
                        + " query and stop %.1f s%n",
                ready, loaded - ready, seconds - loaded);
        System.out.print("CLI (exit " + status + "): "
                + out.toString(StandardCharsets.UTF_8).replace("\n", " | ") + "\n");
        if (status != 0) {
            System.out.print(err.toString(StandardCharsets.UTF_8));
        }
        return seconds;
    }

    /** The same PostgreSQL (embedded, same binaries), the same migrations, server-side COPY of the file. */
    private static double postgresCopy(Path repoConfig, Path file) throws Exception {
        try (LocalPlatform platform = LocalPlatform.start("baseline")) {
            platform.migrate(LocalPlatform.migrations(repoConfig));
            try (Connection c = platform.warehouse().dataSource().getConnection();
                    Statement s = c.createStatement()) {
                long t = System.nanoTime();
                s.execute("COPY sales.orders (order_id, customer_id, amount, currency, status, ordered_at, note)"
                        + " FROM PROGRAM 'gzip -dc " + file.toAbsolutePath() + "' WITH (FORMAT csv, HEADER true)");
                return (System.nanoTime() - t) / 1e9;
            }
        }
    }

    /**
     * The same file through the local warehouse's COPY: one statement through the Data API, as the admin,
     * into the same table on the same binaries; submit to FINISHED, polled every 10 ms.
     */
    private static double localCopy(Path repoConfig, Path data, String key) throws Exception {
        try (LocalPlatform platform = LocalPlatform.start("copy", data)) {
            platform.migrate(LocalPlatform.migrations(repoConfig));
            RedshiftDataClient api = platform.dataApi();
            long t = System.nanoTime();
            String id = api.executeStatement(b -> b.clusterIdentifier(LocalPlatform.CLUSTER)
                            .database("copy")
                            .secretArn(LocalPlatform.ADMIN_SECRET_ARN)
                            .sql("COPY sales.orders (order_id, customer_id, amount, currency, status, ordered_at, note)"
                                    + " FROM 's3://" + LocalPlatform.RAW + "/" + key + "' IAM_ROLE '"
                                    + LocalPlatform.COPY_ROLE_ARN
                                    + "' CSV GZIP IGNOREHEADER 1"))
                    .id();
            while (true) {
                DescribeStatementResponse d = api.describeStatement(b -> b.id(id));
                if (d.status() == StatusString.FINISHED) {
                    double seconds = (System.nanoTime() - t) / 1e9;
                    if (d.resultRows() != ROWS) {
                        throw new IllegalStateException("COPY loaded " + d.resultRows() + " rows");
                    }
                    return seconds;
                }
                if (d.status() == StatusString.FAILED || d.status() == StatusString.ABORTED) {
                    throw new IllegalStateException("COPY " + d.status() + ": " + d.error());
                }
                Thread.sleep(10);
            }
        }
    }

    /** A CLI process over an empty folder: process start to the warehouse ready, and to its exit. */
    private static void startUp(Path config, Path empty) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LocalWarehouseCli.class.getName(),
                "--env",
                "bench",
                "--config",
                config.toString(),
                "--data",
                empty.toString());
        for (int run = 1; run <= 3; run++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            double ready = -1;
            try (BufferedReader err =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (ready < 0 && line.startsWith("applied ")) {
                        ready = (System.nanoTime() - start) / 1e9;
                    }
                }
            }
            int status = process.waitFor();
            double total = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "CLI process start-up, run %d (exit %d): ready (migrations applied) after %.2f s,"
                            + " whole run over an empty folder %.2f s%n",
                    run, status, ready, total);
        }
    }

    private CliCopyBenchmark() {}
}
