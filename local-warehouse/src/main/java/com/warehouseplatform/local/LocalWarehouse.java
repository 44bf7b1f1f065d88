package com.warehouseplatform.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Redshift on one machine: embedded PostgreSQL, an S3-compatible server and a Redshift Data API
 * endpoint, all in this JVM and bound to 127.0.0.1. Point the ordinary AWS SDK clients at
 * {@link #dataApiEndpoint()} and {@link #s3Endpoint()} (any credentials, region of choice; for
 * S3 path-style access and checksums "when required"). Data API statements run as the admin
 * unless the caller's access key is mapped to an IAM role with {@link #iamRole}.
 *
 * <pre>{@code
 * try (LocalWarehouse warehouse = LocalWarehouse.start(
 *     LocalWarehouse.Options.defaults().buckets("raw", "ops"))) {
 *   RedshiftDataClient data = RedshiftDataClient.builder()
 *       .endpointOverride(warehouse.dataApiEndpoint()) ... .build();
 * }
 * }</pre>
 */
public final class LocalWarehouse implements AutoCloseable {

    private static final String CERTIFICATE = "localhost.crt";

    private final LocalPostgres postgres;
    private final LocalS3 s3;
    private final S3Client copyS3Client;
    private final StatementRunner runner;
    private final DataApiServer dataApi;
    private final LocalCluster cluster;
    private final RedshiftApiServer redshiftApi;
    private final FaultInjector faults;
    private final DatabaseUsers users;
    private final PostgresFrontDoor frontDoor;
    private final TempFolder tlsFolder;
    private final Path certificateFile;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalWarehouse(
            LocalPostgres postgres,
            LocalS3 s3,
            S3Client copyS3Client,
            StatementRunner runner,
            DataApiServer dataApi,
            LocalCluster cluster,
            RedshiftApiServer redshiftApi,
            FaultInjector faults,
            DatabaseUsers users,
            PostgresFrontDoor frontDoor,
            TempFolder tlsFolder) {
        this.cluster = cluster;
        this.redshiftApi = redshiftApi;
        this.users = users;
        this.frontDoor = frontDoor;
        this.tlsFolder = tlsFolder;
        this.certificateFile = tlsFolder.path().resolve(CERTIFICATE);
        this.postgres = postgres;
        this.s3 = s3;
        this.copyS3Client = copyS3Client;
        this.runner = runner;
        this.dataApi = dataApi;
        this.faults = faults;
    }

    /** Starts with the default options: in-memory S3 with no bucket, database "dev". */
    public static LocalWarehouse start() {
        return start(Options.defaults());
    }

    /** Starts PostgreSQL and the S3 server side by side, then the Data API endpoint. */
    public static LocalWarehouse start(Options options) {
        Objects.requireNonNull(options, "options");
        CompletableFuture<LocalS3> s3Start =
                CompletableFuture.supplyAsync(() -> LocalS3.start(options.dataFolder, options.s3Port));
        // the first certificate takes most of a second (loading the crypto classes): meanwhile
        CompletableFuture<SelfSignedCertificate> certificateStart =
                CompletableFuture.supplyAsync(SelfSignedCertificate::generate);
        LocalPostgres postgres;
        LocalS3 s3;
        try {
            // users reach PostgreSQL through the front door, on options.postgresPort
            postgres = LocalPostgres.start(options.database, 0, options.postgresDataDirectory);
        } catch (RuntimeException e) {
            s3Start.thenAccept(LocalS3::close);
            throw e;
        }
        try {
            s3 = s3Start.join();
        } catch (CompletionException e) {
            postgres.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        FaultInjector faults = new FaultInjector();
        S3Client copyClient = null;
        StatementRunner runner = null;
        DataApiServer dataApi = null;
        RedshiftApiServer redshiftApi = null;
        TempFolder tlsFolder = null;
        try {
            for (String bucket : options.buckets) {
                s3.createBucket(bucket);
            }
            copyClient = s3.newClient();
            DatabaseUsers users = new DatabaseUsers(postgres);
            runner = new StatementRunner(
                    postgres, users, new CopyLoader(copyClient, postgres), faults, options.statementThreads);
            ObjectMapper mapper = new ObjectMapper();
            StatementRegistry registry = new StatementRegistry();
            LocalCluster cluster = new LocalCluster(registry);
            DataApiOperations operations =
                    new DataApiOperations(mapper, registry, runner, options.resultPageRows, users);
            dataApi = new DataApiServer(options.dataApiPort, mapper, operations, faults, cluster);
            redshiftApi = new RedshiftApiServer(0, cluster);
            SelfSignedCertificate certificate = certificateStart.join();
            // in a TempFolder: removed by close(), and after a SIGKILL by the next start
            tlsFolder = TempFolder.create("tls-");
            certificate.writePem(tlsFolder.path().resolve(CERTIFICATE));
            PostgresFrontDoor frontDoor = new PostgresFrontDoor(
                    options.postgresPort, postgres.port(), certificate.sslContext(), cluster::refusesStatements);
            return new LocalWarehouse(
                    postgres,
                    s3,
                    copyClient,
                    runner,
                    dataApi,
                    cluster,
                    redshiftApi,
                    faults,
                    users,
                    frontDoor,
                    tlsFolder);
        } catch (IOException | RuntimeException e) {
            if (tlsFolder != null) {
                tlsFolder.close();
            }
            if (dataApi != null) {
                dataApi.close();
            }
            if (redshiftApi != null) {
                redshiftApi.close();
            }
            if (runner != null) {
                runner.close();
            }
            if (copyClient != null) {
                copyClient.close();
            }
            s3.close();
            postgres.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(
                        "Could not start the Data API endpoint or the PostgreSQL" + " front door", io);
            }
            throw e instanceof CompletionException c && c.getCause() instanceof RuntimeException r
                    ? r
                    : (RuntimeException) e;
        }
    }

    /** The Redshift Data API endpoint, for {@code RedshiftDataClient.endpointOverride}. */
    public URI dataApiEndpoint() {
        return dataApi.endpoint();
    }

    /**
     * The Redshift API endpoint (DescribeClusters, PauseCluster, ResumeCluster of cluster
     * {@link LocalCluster#IDENTIFIER}), for {@code RedshiftClient.endpointOverride}.
     */
    public URI redshiftEndpoint() {
        return redshiftApi.endpoint();
    }

    /** The local cluster, paused and resumed through {@link #redshiftEndpoint()}. */
    public LocalCluster cluster() {
        return cluster;
    }

    /** The S3 endpoint, for {@code S3Client.endpointOverride} (path-style access). */
    public URI s3Endpoint() {
        return s3.endpoint();
    }

    /**
     * JDBC URL of the warehouse database through the front door (user postgres, no password,
     * TLS required as by the deployed warehouses; add {@code sslmode=verify-full} and
     * {@code sslrootcert=}{@link #certificateFile()} to verify the server).
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + frontDoor.port() + "/" + postgres.database()
                + "?user=postgres&sslmode=require";
    }

    /** The front door's self-signed TLS certificate (PEM), for {@code sslrootcert=}. */
    public Path certificateFile() {
        return certificateFile;
    }

    /**
     * Connections to the warehouse database, e.g. to create tables or check results: straight to
     * PostgreSQL, without the front door's TLS and translation.
     */
    public DataSource dataSource() {
        return postgres.dataSource();
    }

    /** The database name that Data API requests must give. */
    public String database() {
        return postgres.database();
    }

    /** The port users connect to with psql or JDBC: the front door (TLS, Redshift's SQL translated). */
    public int postgresPort() {
        return frontDoor.port();
    }

    /** Creates the bucket if it does not exist. */
    public void createBucket(String name) {
        s3.createBucket(name);
    }

    /** A new S3 client for the local server, configured as the loader should be. */
    public S3Client newS3Client() {
        return s3.newClient();
    }

    /**
     * Data API requests signed with {@code accessKeyId} come from the IAM role {@code roleName}:
     * without SecretArn or DbUser they run as the database user {@code IAMR:<roleName>}, created
     * on first use with PUBLIC's privileges only, as Redshift maps an IAM role. Requests from an
     * access key not registered here run as the admin (a superuser), for psql-style use.
     */
    public void iamRole(String accessKeyId, String roleName) {
        users.iamRole(accessKeyId, roleName);
    }

    /** The fault switches of this warehouse. */
    public FaultInjector faults() {
        return faults;
    }

    /** Stops everything; statements still running end ABORTED. Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<RuntimeException> problems = new ArrayList<>();
        for (AutoCloseable part : List.<AutoCloseable>of(
                frontDoor, redshiftApi, dataApi, runner, copyS3Client, s3, postgres, tlsFolder)) {
            try {
                part.close();
            } catch (Exception e) {
                problems.add(e instanceof RuntimeException r ? r : new IllegalStateException(e));
            }
        }
        if (!problems.isEmpty()) {
            RuntimeException first = problems.get(0);
            problems.subList(1, problems.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** How to start the warehouse; immutable, each {@code withX} method returns a copy. */
    public static final class Options {
        private final Path dataFolder;
        private final List<String> buckets;
        private final String database;
        private final int dataApiPort;
        private final int s3Port;
        private final int postgresPort;
        private final Path postgresDataDirectory;
        private final int statementThreads;
        private final int resultPageRows;

        private Options(
                Path dataFolder,
                List<String> buckets,
                String database,
                int dataApiPort,
                int s3Port,
                int postgresPort,
                Path postgresDataDirectory,
                int statementThreads,
                int resultPageRows) {
            this.dataFolder = dataFolder;
            this.buckets = List.copyOf(buckets);
            this.database = database;
            this.dataApiPort = dataApiPort;
            this.s3Port = s3Port;
            this.postgresPort = postgresPort;
            this.postgresDataDirectory = postgresDataDirectory;
            this.statementThreads = statementThreads;
            this.resultPageRows = resultPageRows;
        }

        /** In-memory S3, no buckets, database "dev", free ports, 4 statement threads. */
        public static Options defaults() {
            return new Options(null, List.of(), "dev", 0, 0, 0, null, 4, 1000);
        }

        /**
         * Backs S3 by a folder: each sub-folder is a bucket, each file an object (files dropped
         * there by hand become objects; uploads become files; folders are not listed as objects).
         */
        public Options dataFolder(Path folder) {
            return new Options(
                    folder,
                    buckets,
                    database,
                    dataApiPort,
                    s3Port,
                    postgresPort,
                    postgresDataDirectory,
                    statementThreads,
                    resultPageRows);
        }

        /** Buckets created at start (existing ones are kept). */
        public Options buckets(String... names) {
            return new Options(
                    dataFolder,
                    List.of(names),
                    database,
                    dataApiPort,
                    s3Port,
                    postgresPort,
                    postgresDataDirectory,
                    statementThreads,
                    resultPageRows);
        }

        /** The database name (default "dev"); Data API requests must name it. */
        public Options database(String name) {
            return new Options(
                    dataFolder,
                    buckets,
                    Objects.requireNonNull(name),
                    dataApiPort,
                    s3Port,
                    postgresPort,
                    postgresDataDirectory,
                    statementThreads,
                    resultPageRows);
        }

        /**
         * Fixed ports instead of free ones (0 = any free port); {@code postgresql} is the front
         * door's, PostgreSQL itself always takes a free one.
         */
        public Options ports(int dataApi, int s3, int postgresql) {
            return new Options(
                    dataFolder,
                    buckets,
                    database,
                    dataApi,
                    s3,
                    postgresql,
                    postgresDataDirectory,
                    statementThreads,
                    resultPageRows);
        }

        /** Keeps PostgreSQL's data in this directory across runs (default: a fresh temp one). */
        public Options postgresDataDirectory(Path directory) {
            return new Options(
                    dataFolder,
                    buckets,
                    database,
                    dataApiPort,
                    s3Port,
                    postgresPort,
                    directory,
                    statementThreads,
                    resultPageRows);
        }

        /** How many statements (or batches) run at once; more wait in SUBMITTED. */
        public Options statementThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("statementThreads must be >= 1");
            }
            return new Options(
                    dataFolder,
                    buckets,
                    database,
                    dataApiPort,
                    s3Port,
                    postgresPort,
                    postgresDataDirectory,
                    threads,
                    resultPageRows);
        }

        /** Rows per GetStatementResult page (default 1000); later pages come with NextToken. */
        public Options resultPageRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("resultPageRows must be >= 1");
            }
            return new Options(
                    dataFolder,
                    buckets,
                    database,
                    dataApiPort,
                    s3Port,
                    postgresPort,
                    postgresDataDirectory,
                    statementThreads,
                    rows);
        }
    }
}
