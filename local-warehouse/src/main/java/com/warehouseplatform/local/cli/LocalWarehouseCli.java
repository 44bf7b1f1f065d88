package com.warehouseplatform.local.cli;

import com.warehouseplatform.config.ConfigException;
import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.LoaderConfig;
import com.warehouseplatform.config.LoaderEnvironment;
import com.warehouseplatform.loader.Deadline;
import com.warehouseplatform.loader.LoaderFailedException;
import com.warehouseplatform.loader.LoaderHandler;
import com.warehouseplatform.loader.LoaderSettings;
import com.warehouseplatform.loader.RunStatus;
import com.warehouseplatform.loader.Sleeper;
import com.warehouseplatform.loader.Warehouse;
import com.warehouseplatform.loader.migrations.Migration;
import com.warehouseplatform.local.LocalPlatform;
import com.warehouseplatform.local.LocalSns;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;

/**
 * The warehouse on one machine: starts the local warehouse with an environment's database, applies
 * the environment's migrations, serves a folder as the raw bucket, runs the environment's loaders
 * (the deployed handler, with real SDK clients pointed at the local endpoints and the settings the
 * deploy gives them), then optionally runs a query and keeps serving for psql.
 *
 * <p>stdout carries the results: one summary line per loader run, the query's result as CSV, the psql
 * connection string. stderr carries progress and problems: the loaders' alerts, errors, usage.
 */
public final class LocalWarehouseCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    private static final Duration QUERY_BUDGET = Duration.ofMinutes(30);

    /** What {@code --serve} does once everything is up: wait until the process is told to stop. */
    @FunctionalInterface
    interface Serving {
        void await() throws InterruptedException;

        Serving UNTIL_STOPPED = () -> new CountDownLatch(1).await();
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Serving serving;

    private LocalWarehouseCli(PrintStream out, PrintStream err, Serving serving) {
        this.out = out;
        this.err = err;
        this.serving = serving;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the command line; returns the exit status (0 loaded, 1 a load or the query failed, 2 bad input). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Serving.UNTIL_STOPPED);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Serving serving) {
        int status = new LocalWarehouseCli(out, err, serving).run(args);
        out.flush();
        err.flush();
        return status;
    }

    private int run(String[] args) {
        CliArguments arguments;
        try {
            arguments = CliArguments.parse(args);
        } catch (CliArguments.UsageException e) {
            e.problems().forEach(problem -> err.println("local-warehouse: " + problem));
            err.println();
            err.println(CliArguments.USAGE);
            return BAD_INPUT;
        }
        if (arguments.help()) {
            out.println(CliArguments.USAGE);
            return OK;
        }

        EnvironmentConfig config;
        List<Migration> migrations;
        try {
            config = ConfigLoader.load(arguments.config(), arguments.env());
            migrations = LocalPlatform.migrations(arguments.config());
        } catch (ConfigException e) {
            err.println("Configuration problems, nothing started:");
            e.problems().forEach(problem -> err.println("  " + problem));
            if (!Files.isDirectory(arguments.config())) {
                err.println("(there is no folder " + arguments.config()
                        + ": run from the repository root or give --config DIR)");
            }
            return BAD_INPUT;
        } catch (IllegalArgumentException e) { // a migration file that cannot be parsed
            err.println("Configuration problems, nothing started:");
            err.println("  " + arguments.config().resolve("sql").resolve(e.getMessage()));
            return BAD_INPUT;
        }

        List<LoaderConfig> loaders = selectLoaders(config, arguments.loaders());
        if (loaders == null) {
            return BAD_INPUT;
        }
        if (!Files.isDirectory(arguments.data())) {
            err.println("local-warehouse: --data " + arguments.data() + ": no such directory");
            return BAD_INPUT;
        }
        String database = config.warehouse().databaseName();
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (LoaderConfig loader : loaders) {
            Map<String, String> env = LoaderEnvironment.variables(
                    loader, LocalPlatform.deployment(database).on(config.warehouse()));
            try {
                LoaderSettings.fromMap(env);
            } catch (RuntimeException e) {
                err.println("local-warehouse: loader " + loader.name() + " of " + arguments.env() + " cannot run: "
                        + e.getMessage());
                return BAD_INPUT;
            }
            settings.put(loader.name(), env);
        }

        err.println("starting the local warehouse: database " + database + ", raw bucket "
                + arguments.data().toAbsolutePath().normalize()
                + (arguments.state() == null
                        ? ""
                        : ", state folder " + arguments.state().toAbsolutePath().normalize()));
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(database, arguments.data(), arguments.state());
        } catch (RuntimeException e) {
            err.println("local-warehouse: cannot start the local warehouse: " + e.getMessage());
            return FAILED;
        }
        Thread cleanup = new Thread(platform::close, "local-warehouse-stop");
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C stops PostgreSQL and removes the temporary files
        try {
            return runOn(platform, config, arguments, migrations, settings);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            platform.close();
        }
    }

    private int runOn(
            LocalPlatform platform,
            EnvironmentConfig config,
            CliArguments arguments,
            List<Migration> migrations,
            Map<String, Map<String, String>> settings) {
        try {
            List<String> applied = platform.migrate(migrations);
            err.println("applied " + applied.size() + " migration(s)"
                    + (applied.isEmpty() ? "" : ": " + String.join(", ", applied)));
        } catch (RuntimeException e) {
            err.println("Configuration problems, nothing loaded:");
            err.println("  " + arguments.config().resolve("sql") + ": " + e.getMessage());
            return BAD_INPUT;
        }

        List<LocalAccess.Login> logins = List.of();
        if (!config.access().isEmpty()) {
            try {
                logins = withStdout(
                        arguments.verbose() ? err : new PrintStream(OutputStream.nullOutputStream()),
                        () -> LocalAccess.apply(platform, config.name(), config.access()));
            } catch (RuntimeException e) {
                err.println(
                        "local-warehouse: the access of " + config.name() + " cannot be applied: " + e.getMessage());
                return FAILED;
            }
            err.println("applied access: " + config.access().roles().size() + " role(s), "
                    + config.access().users().size() + " user(s)");
        }

        PrintStream loaderLog = arguments.verbose() ? err : new PrintStream(OutputStream.nullOutputStream());
        Map<String, LoaderHandler> handlers = new LinkedHashMap<>();
        settings.forEach((name, env) -> handlers.put(name, withStdout(loaderLog, () -> platform.handler(env))));

        boolean failed = false;
        for (int run = 1; run <= arguments.runs(); run++) {
            for (Map.Entry<String, LoaderHandler> loader : handlers.entrySet()) {
                failed |= !invoke(platform.sns(), loader.getKey(), loader.getValue(), run);
            }
        }

        if (arguments.sql() != null && !query(platform, arguments.sql())) {
            failed = true;
        }

        if (arguments.serve()) {
            serve(platform, logins);
        }
        return failed ? FAILED : OK;
    }

    /** One scheduled invocation; prints its summary line (and its alerts on stderr); true if it succeeded. */
    private boolean invoke(LocalSns sns, String name, LoaderHandler handler, int run) {
        String prefix = "loader " + name + " run " + run + ": ";
        int alertsBefore = sns.messages().size();
        boolean ok;
        try {
            Map<String, Object> result = handler.handleRequest(new HashMap<>(Map.of("loader", name)), null);
            out.println(prefix + summary(result));
            ok = true;
        } catch (LoaderFailedException e) {
            out.println(prefix + "FAILED: " + String.join("; ", e.failures()));
            ok = false;
        } catch (RuntimeException e) {
            out.println(prefix + "FAILED: " + e.getMessage());
            ok = false;
        }
        out.flush();
        List<LocalSns.Message> alerts = sns.messages();
        for (LocalSns.Message alert : alerts.subList(alertsBefore, alerts.size())) {
            err.println("alert: " + alert.subject());
            alert.body().lines().forEach(line -> err.println("  " + line));
        }
        return ok;
    }

    static String summary(Map<String, Object> result) {
        String label = String.valueOf(result.get("status"));
        RunStatus status = java.util.Arrays.stream(RunStatus.values())
                .filter(s -> s.label().equals(label))
                .findFirst()
                .orElse(null);
        if (status == null) {
            return label;
        }
        return switch (status) {
            case LOADED -> "loaded " + count(result.get("files"), "file") + ", " + count(result.get("rows"), "row");
            case UP_TO_DATE -> "up to date";
            case IN_FLIGHT -> "batch " + result.get("batchId") + " still running: the next run settles it";
            case DEFERRED -> "deferred: the next run submits the batch";
            case PAUSED -> "the cluster is paused: nothing loaded, the first run after resume loads";
            case CONFLICT ->
                "batch " + result.get("batchId") + " lost its files to another batch: the next run plans again";
        };
    }

    private static String count(Object number, String noun) {
        long n = number instanceof Number value ? value.longValue() : 0;
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Runs the statement through the Data API and prints its result set as CSV; false if it failed. */
    private boolean query(LocalPlatform platform, String sql) {
        Warehouse warehouse = new Warehouse(
                platform.dataApi(),
                new Warehouse.Target(
                        LocalPlatform.CLUSTER, null, platform.warehouse().database(), null),
                Sleeper.system());
        DescribeStatementResponse done;
        try {
            done = warehouse.run(sql, Deadline.in(Clock.systemUTC(), QUERY_BUDGET));
        } catch (Warehouse.StatementFailedException | SdkException e) {
            err.println("local-warehouse: --sql failed: " + e.getMessage());
            return false;
        }
        if (!Boolean.TRUE.equals(done.hasResultSet())) {
            err.println("(no result set; " + done.resultRows() + " row(s) affected)");
            return true;
        }
        String token = null;
        boolean header = true;
        do {
            String page = token;
            GetStatementResultResponse result =
                    platform.dataApi().getStatementResult(b -> b.id(done.id()).nextToken(page));
            if (header) {
                List<String> names = new ArrayList<>();
                for (ColumnMetadata column : result.columnMetadata()) {
                    names.add(column.label() != null ? column.label() : column.name());
                }
                out.println(Csv.line(names));
                header = false;
            }
            for (List<Field> record : result.records()) {
                List<String> row = new ArrayList<>(record.size());
                for (Field field : record) {
                    row.add(Warehouse.text(field));
                }
                out.println(Csv.line(row));
            }
            token = result.nextToken();
        } while (token != null && !token.isEmpty());
        out.flush();
        return true;
    }

    private void serve(LocalPlatform platform, List<LocalAccess.Login> logins) {
        String database = platform.warehouse().database();
        // TLS is required, as by the deployed warehouses (require_ssl=true); the certificate is
        // the front door's, made at start, for sslmode=verify-full
        out.println("psql \"postgresql://postgres@127.0.0.1:"
                + platform.warehouse().postgresPort() + "/" + database + "?sslmode=require\"");
        out.println("TLS certificate: " + platform.warehouse().certificateFile()
                + " (for sslmode=verify-full sslrootcert=<this file>)");
        out.println("Data API endpoint: " + platform.warehouse().dataApiEndpoint() + " (cluster "
                + LocalPlatform.CLUSTER + ", database " + database + ")");
        out.println("Redshift API endpoint: " + platform.warehouse().redshiftEndpoint()
                + " (aws redshift pause-cluster / resume-cluster --cluster-identifier " + LocalPlatform.CLUSTER
                + " --endpoint-url ...)");
        out.println("S3 endpoint: " + platform.warehouse().s3Endpoint() + " (path-style; buckets " + LocalPlatform.RAW
                + ", " + LocalPlatform.OPS + ")");
        for (LocalAccess.Login login : logins) {
            out.println(login.kind() + " " + login.name() + " (" + String.join(", ", login.roles()) + "): psql \""
                    + connectionString(platform, login) + "\"");
        }
        out.flush();
        err.println("serving until Ctrl-C");
        try {
            serving.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A user's or role's connection string; the password is this session's (a role's sign-in user has none). */
    static String connectionString(LocalPlatform platform, LocalAccess.Login login) {
        String user = java.net.URLEncoder.encode(login.databaseUser(), StandardCharsets.UTF_8);
        return "postgresql://" + user + (login.password() == null ? "" : ":" + login.password()) + "@127.0.0.1:"
                + platform.warehouse().postgresPort() + "/"
                + platform.warehouse().database() + "?sslmode=require";
    }

    /** null (after printing why) when a named loader is not one of the environment's. */
    private List<LoaderConfig> selectLoaders(EnvironmentConfig config, List<String> names) {
        if (names.isEmpty()) {
            return config.loaders();
        }
        Map<String, LoaderConfig> byName = new LinkedHashMap<>();
        config.loaders().forEach(loader -> byName.put(loader.name(), loader));
        List<LoaderConfig> selected = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (byName.containsKey(name)) {
                selected.add(byName.get(name));
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            for (String name : unknown) {
                err.println("local-warehouse: --loader " + name + ": environment " + config.name()
                        + " has no such loader; its loaders are: "
                        + (byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet())));
            }
            return null;
        }
        return selected;
    }

    /**
     * The deployed handler writes its JSON log lines and metrics to System.out, taken when it is built:
     * build it while System.out is {@code stream}, so that stdout keeps only the CLI's results.
     */
    private static <T> T withStdout(PrintStream stream, Supplier<T> build) {
        PrintStream before = System.out;
        System.setOut(stream);
        try {
            return build.get();
        } finally {
            System.setOut(before);
        }
    }
}
