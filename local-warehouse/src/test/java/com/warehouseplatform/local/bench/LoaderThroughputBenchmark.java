package com.warehouseplatform.local.bench;

import com.warehouseplatform.loader.LoaderHandler;
import com.warehouseplatform.loader.LoaderSettings;
import com.warehouseplatform.loader.Sleeper;
import com.warehouseplatform.local.LoaderVariables;
import com.warehouseplatform.local.LocalPlatform;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;

/**
 * The loader's throughput against the local warehouse, as figures: files per run, statements per
 * batch and Data API calls per batch for 2,000 files under one prefix, and the wall time of 2,000
 * files and of 1,000,000 rows, the latter as a ratio to PostgreSQL's own COPY of the same rows in the
 * same run (these machines are noisy: the ratio is the figure to compare). The loader runs as its own
 * database user, as in AWS and in the end-to-end tests.
 * Usage: LoaderThroughputBenchmark CONFIG_DIR
 */
public final class LoaderThroughputBenchmark {

    private static final String HEADER = "order_id,customer_id,amount,currency,status,ordered_at,note\n";

    /** Counts the Data API operations the loader calls, by name. */
    static final class CountingDataApi {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AtomicInteger lastBatchStatements = new AtomicInteger();

        RedshiftDataClient wrap(RedshiftDataClient real) {
            return (RedshiftDataClient) Proxy.newProxyInstance(
                    RedshiftDataClient.class.getClassLoader(),
                    new Class<?>[] {RedshiftDataClient.class},
                    (proxy, method, args) -> {
                        if (args != null && args.length == 1 && args[0] instanceof BatchExecuteStatementRequest b) {
                            lastBatchStatements.set(b.sqls().size());
                        }
                        if (args != null && args.length == 1) {
                            calls.computeIfAbsent(method.getName(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        int total() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        void reset() {
            calls.clear();
        }
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args.length > 0 ? args[0] : "config");
        try (LocalPlatform platform = LocalPlatform.start("bench")) {
            platform.migrate(LocalPlatform.migrations(config));
            CountingDataApi counting = new CountingDataApi();
            twoThousandFiles(platform, counting);
            millionRows(platform, counting);
        }
    }

    /** A CSV append loader of sales.orders on {@code prefix}, with the variables the infrastructure sets. */
    private static LoaderHandler handler(LocalPlatform platform, CountingDataApi counting, String prefix) {
        Map<String, String> env =
                LoaderVariables.of(prefix.replace("/", ""), "sales.orders", prefix, "csv", "append", null, "bench");
        env.put("MAX_BYTES_PER_RUN", String.valueOf(10L * 1024 * 1024 * 1024));
        platform.handler(env); // runs the loader's bootstrap and registers its access key, as in the e2e tests
        return new LoaderHandler(
                counting.wrap(platform.dataApiAs(env.get("LOADER_NAME"))),
                platform.s3(),
                platform.snsClient(),
                LoaderSettings.fromMap(env),
                Clock.systemUTC(),
                Sleeper.system());
    }

    private static void twoThousandFiles(LocalPlatform platform, CountingDataApi counting) {
        int files = 2_000;
        for (int i = 0; i < files; i++) {
            put(
                    platform,
                    String.format("orders2k/part-%05d.csv", i),
                    HEADER + (i + 1) + ",1,1.00,EUR,new,2026-12-01 10:00:00,file " + i + "\n");
        }
        LoaderHandler handler = handler(platform, counting, "orders2k/");
        long start = System.nanoTime();
        int runs = 0;
        int loadingRuns = 0;
        int callsInFirstBatch = 0;
        int statements = 0;
        while (true) {
            counting.reset();
            Map<String, Object> result = handler.handleRequest(new HashMap<>(Map.of("loader", "orders2k")), null);
            runs++;
            if (!"loaded".equals(result.get("status"))) {
                break;
            }
            loadingRuns++;
            if (loadingRuns == 1) {
                callsInFirstBatch = counting.total();
                statements = counting.lastBatchStatements.get();
                System.out.println(
                        "data API calls in the first run, by operation: " + new LinkedHashMap<>(counting.calls));
            }
            System.out.printf("run %d: %s files, %s rows%n", runs, result.get("files"), result.get("rows"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "2,000 files, maxFilesPerRun 1000: %d runs that load (%d files per run), %d statements per batch,"
                        + " %d Data API calls per batch (whole run), %.1f s wall time in all (+1 run that finds nothing)%n",
                loadingRuns, files / Math.max(1, loadingRuns), statements, callsInFirstBatch, seconds);
    }

    private static void millionRows(LocalPlatform platform, CountingDataApi counting) throws Exception {
        int files = 100;
        int rowsPerFile = 10_000;
        StringBuilder all = new StringBuilder();
        for (int f = 0; f < files; f++) {
            StringBuilder b = new StringBuilder(HEADER);
            for (int r = 0; r < rowsPerFile; r++) {
                long id = (long) f * rowsPerFile + r + 1;
                String row = id + "," + (id % 997) + "," + (id % 10_000) / 100.0 + ",EUR,new,2026-12-01 10:00:00,row "
                        + id + "\n";
                b.append(row);
                all.append(row);
            }
            put(platform, String.format("orders1m/part-%03d.csv", f), b.toString());
        }
        LoaderHandler handler = handler(platform, counting, "orders1m/");
        long start = System.nanoTime();
        Map<String, Object> result = handler.handleRequest(new HashMap<>(Map.of("loader", "orders1m")), null);
        double loader = (System.nanoTime() - start) / 1e9;

        double postgres;
        try (Connection c = platform.warehouse().dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.copy_baseline (LIKE sales.orders)");
            long t = System.nanoTime();
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY public.copy_baseline FROM STDIN WITH (FORMAT csv)", new StringReader(all.toString()));
            postgres = (System.nanoTime() - t) / 1e9;
            s.execute("DROP TABLE public.copy_baseline");
        }
        System.out.printf(
                "1,000,000 rows in %d files (%.1f MB): loader run %.1f s (%s rows, %d statements), PostgreSQL's"
                        + " own COPY of the same rows %.1f s: ratio %.1f%n",
                files,
                all.toString().getBytes(StandardCharsets.UTF_8).length / 1e6,
                loader,
                result.get("rows"),
                counting.lastBatchStatements.get(),
                postgres,
                loader / postgres);
    }

    private static void put(LocalPlatform platform, String key, String text) {
        platform.s3().putObject(b -> b.bucket(LocalPlatform.RAW).key(key), RequestBody.fromString(text));
    }
}
