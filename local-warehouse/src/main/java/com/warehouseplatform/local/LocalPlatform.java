package com.warehouseplatform.local;

import com.warehouseplatform.config.LoaderEnvironment;
import com.warehouseplatform.config.SchemaMigrationFiles;
import com.warehouseplatform.loader.BootstrapSql;
import com.warehouseplatform.loader.Deadline;
import com.warehouseplatform.loader.LoaderHandler;
import com.warehouseplatform.loader.LoaderSettings;
import com.warehouseplatform.loader.Sleeper;
import com.warehouseplatform.loader.Warehouse;
import com.warehouseplatform.loader.migrations.Migration;
import com.warehouseplatform.loader.migrations.MigrationRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The platform on one machine: the local warehouse with a raw and an ops bucket, an SNS endpoint for
 * alerts, and the ordinary AWS SDK clients pointed at them, as the deployed loader gets them. It applies
 * the schema migrations with the deploy's {@link MigrationRunner} and builds the deployed
 * {@link LoaderHandler}. Used by the local CLI and by the end-to-end tests.
 *
 * <p>With a raw folder, that folder is the raw bucket's content: {@code <folder>/orders/a.csv} is the
 * object {@code s3://raw/orders/a.csv}; uploads to the raw bucket write into the folder (deletes remove files),
 * so files landed with {@code aws s3 cp} stay for the next run. The ops bucket (manifests, loader state) and
 * PostgreSQL's data live in a temporary directory removed by {@link #close()} (a {@link TempFolder}: also after
 * a SIGKILL, by the next start), or in a {@link StateFolder} that keeps them between runs.
 */
public final class LocalPlatform implements AutoCloseable {
    /** The raw bucket's name: the loaders' SOURCE_BUCKET. */
    public static final String RAW = "raw";
    /** The ops bucket's name: manifests and loader state. */
    public static final String OPS = "ops";
    /** The cluster identifier the Data API requests name (the local warehouse takes any). */
    public static final String CLUSTER = LocalCluster.IDENTIFIER;

    public static final String ALERT_TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:alerts";
    public static final String COPY_ROLE_ARN = "arn:aws:iam::123456789012:role/copy";
    /** The admin's secret: Data API requests naming it run as the admin, as with the deploy's secret. */
    /** The local admin database user: the migrations and the bootstrap run as it. */
    public static final String ADMIN_USER = "postgres";

    public static final String ADMIN_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin";

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final LocalWarehouse warehouse;
    private final LocalSns sns;
    private final S3Client s3;
    private final RedshiftDataClient dataApi;
    private final SnsClient snsClient;
    private final RedshiftClient redshift;
    private final TempFolder workFolder;
    private final StateFolder state;
    private final List<RedshiftDataClient> loaderClients = new ArrayList<>();
    private boolean closed;

    private LocalPlatform(LocalWarehouse warehouse, LocalSns sns, TempFolder workFolder, StateFolder state) {
        this.warehouse = warehouse;
        this.sns = sns;
        this.workFolder = workFolder;
        this.state = state;
        s3 = S3Client.builder()
                .endpointOverride(warehouse.s3Endpoint())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        dataApi = RedshiftDataClient.builder()
                .endpointOverride(warehouse.dataApiEndpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        snsClient = SnsClient.builder()
                .endpointOverride(sns.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        redshift = RedshiftClient.builder()
                .endpointOverride(warehouse.redshiftEndpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts with in-memory buckets. */
    public static LocalPlatform start(String database) {
        LocalWarehouse warehouse = LocalWarehouse.start(
                LocalWarehouse.Options.defaults().database(database).buckets(RAW, OPS));
        return started(warehouse, null, null);
    }

    /** Starts a fresh warehouse with {@code rawFolder} (an existing directory) as the raw bucket's content. */
    public static LocalPlatform start(String database, Path rawFolder) {
        return start(database, rawFolder, null);
    }

    /**
     * Starts with {@code rawFolder} (an existing directory) as the raw bucket's content, and with the
     * database and the ops bucket of {@code stateFolder} when given ({@link StateFolder}: what an earlier
     * run left there is still there, as on a cluster after a reboot), else fresh ones in a temporary folder.
     */
    public static LocalPlatform start(String database, Path rawFolder, Path stateFolder) {
        if (!Files.isDirectory(rawFolder)) {
            throw new IllegalArgumentException(rawFolder + ": no such directory");
        }
        StateFolder state = stateFolder == null ? null : StateFolder.open(stateFolder);
        TempFolder work = null;
        try {
            work = TempFolder.create("platform-");
            // the S3 server maps each sub-folder of its data folder to a bucket: link "raw" to the folder
            Path buckets = Files.createDirectory(work.path().resolve("buckets"));
            Files.createSymbolicLink(buckets.resolve(RAW), rawFolder.toRealPath());
            LocalWarehouse.Options options = LocalWarehouse.Options.defaults()
                    .database(database)
                    .dataFolder(buckets)
                    .buckets(RAW, OPS);
            if (state != null) {
                Files.createSymbolicLink(buckets.resolve(OPS), state.bucket(OPS));
                options = options.postgresDataDirectory(state.postgresDataDirectory());
            }
            return started(LocalWarehouse.start(options), work, state);
        } catch (IOException | RuntimeException e) {
            if (work != null) {
                work.close();
            }
            if (state != null) {
                state.close();
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot prepare the local warehouse's folder: " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static LocalPlatform started(LocalWarehouse warehouse, TempFolder work, StateFolder state) {
        try {
            return new LocalPlatform(warehouse, LocalSns.start(0), work, state);
        } catch (RuntimeException e) {
            warehouse.close();
            throw e;
        }
    }

    /** The migrations of {@code configDir}/sql, as the deploy reads them; an error names the file. */
    public static List<Migration> migrations(Path configDir) {
        List<Migration> migrations = new ArrayList<>();
        for (SchemaMigrationFiles.SqlFile file : SchemaMigrationFiles.load(configDir)) {
            migrations.add(Migration.of(file.file(), file.text()));
        }
        return migrations;
    }

    /**
     * Applies the pending migrations through the Data API with the deploy's runner, then what every
     * warehouse bootstrap runs (the ops schema and the revokes, {@link BootstrapSql#schema}); each
     * loader's ledger, user and grants come with its {@link #handler}. Returns the files applied.
     */
    public List<String> migrate(List<Migration> migrations) {
        Warehouse admin = admin();
        Deadline deadline = Deadline.in(Clock.systemUTC(), Duration.ofMinutes(5));
        List<String> applied = new MigrationRunner(admin, Clock.systemUTC()).migrate(migrations, deadline);
        String schema = admin.submitBatch(BootstrapSql.schema(), null, deadline);
        var done = admin.await(schema, deadline);
        if (done == null || !"FINISHED".equals(done.statusAsString())) {
            throw new IllegalStateException("the warehouse bootstrap's schema statements failed: "
                    + (done == null ? "still running" : done.error()));
        }
        return applied;
    }

    /** Where the loaders run: this platform's buckets, database, cluster, role and alert topic. */
    public LoaderEnvironment.Deployment deployment() {
        return deployment(warehouse.database());
    }

    /** Where the loaders of a local platform with this database run. */
    public static LoaderEnvironment.Deployment deployment(String database) {
        return new LoaderEnvironment.Deployment(RAW, OPS, database, CLUSTER, null, COPY_ROLE_ARN, ALERT_TOPIC_ARN);
    }

    /**
     * The deployed loader handler with the given settings (its environment variables) and this platform's
     * clients. As deployed, each loader function has its own IAM role, {@link #loaderRoleName}: the loader
     * bootstrap ({@link BootstrapSql}, run here as the admin) creates its database user {@code IAMR:<role>}
     * and grants it what it needs, and the handler's Data API client signs with an access key of its own,
     * {@link #loaderAccessKeyId}, which the warehouse maps to that role; so the loader's statements run
     * with the bootstrap's grants only, and a missing grant fails here as in AWS.
     */
    public synchronized LoaderHandler handler(Map<String, String> settings) {
        return handler(settings, Clock.systemUTC());
    }

    /**
     * As {@link #handler(Map)}, with the given clock (freshness tests). The handler gets the Redshift API client
     * as deployed: with a cluster it asks DescribeClusters whether the cluster is paused.
     */
    public synchronized LoaderHandler handler(Map<String, String> settings, Clock clock) {
        LoaderSettings loader = LoaderSettings.fromMap(settings);
        String name = settings.get("LOADER_NAME");
        String role = loaderRoleName(name);
        bootstrapLoader(BootstrapSql.LoaderGrant.of(
                name,
                role,
                settings.get("TARGET_TABLE"),
                loader.copyRoleArn(),
                loader.mode().name()));
        warehouse.iamRole(loaderAccessKeyId(name), role);
        return new LoaderHandler(
                dataApiAs(name),
                loader.clusterIdentifier() == null ? null : redshift,
                s3,
                snsClient,
                loader,
                clock,
                Sleeper.system());
    }

    /**
     * A Data API client that signs with a loader's own access key, so that its statements run as the
     * loader's database user; {@link #handler} has bootstrapped that user. Closed with the platform.
     */
    public synchronized RedshiftDataClient dataApiAs(String loaderName) {
        RedshiftDataClient client = RedshiftDataClient.builder()
                .endpointOverride(warehouse.dataApiEndpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(loaderAccessKeyId(loaderName), "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        loaderClients.add(client);
        return client;
    }

    /** The IAM role name a loader function runs as locally (in AWS, CDK names it). */
    public static String loaderRoleName(String loaderName) {
        return "local-loader-" + loaderName;
    }

    /** The database user of a loader: {@code IAMR:<role name>}, as Redshift maps the role. */
    public static String loaderUser(String loaderName) {
        return BootstrapSql.userOf(loaderRoleName(loaderName));
    }

    /** A loader's own COPY role, as infra gives each loader one (only its user may name it in IAM_ROLE). */
    public static String copyRoleArn(String loaderName) {
        return "arn:aws:iam::123456789012:role/copy-" + loaderName;
    }

    /** The access key id a loader's clients sign with; the warehouse maps it to the loader's role. */
    public static String loaderAccessKeyId(String loaderName) {
        return "LOCALLOADER-" + loaderName;
    }

    /**
     * Runs the loader bootstrap for one loader as the admin, as the deploy's BootstrapHandler does (idempotent:
     * users and the loaders' group are created once, a user is added to the group once).
     */
    private void bootstrapLoader(BootstrapSql.LoaderGrant grant) {
        Warehouse admin = admin();
        Deadline deadline = Deadline.in(Clock.systemUTC(), Duration.ofMinutes(1));
        List<BootstrapSql.LoaderGrant> grants = List.of(grant);
        Set<String> existing = new HashSet<>();
        for (List<String> row : admin.query(BootstrapSql.existingUsersQuery(BootstrapSql.users(grants)), deadline)) {
            existing.add(row.get(0).strip());
        }
        BootstrapSql.GroupState group =
                BootstrapSql.GroupState.fromRows(admin.query(BootstrapSql.loadersGroupQuery(), deadline));
        String id = admin.submitBatch(
                BootstrapSql.all(BootstrapSql.Dialect.POSTGRES, warehouse.database(), grants, existing, group),
                null,
                deadline);
        var done = admin.await(id, deadline);
        if (done == null || !"FINISHED".equals(done.statusAsString())) {
            throw new IllegalStateException("the loader bootstrap for role " + grant.roleName() + " failed: "
                    + (done == null ? "still running" : done.error()));
        }
    }

    /** The Data API as the admin, through the admin's secret. */
    private Warehouse admin() {
        return new Warehouse(
                dataApi, new Warehouse.Target(CLUSTER, null, warehouse.database(), ADMIN_SECRET_ARN), Sleeper.system());
    }

    public LocalWarehouse warehouse() {
        return warehouse;
    }

    /** The alerts the loaders published. */
    public LocalSns sns() {
        return sns;
    }

    public S3Client s3() {
        return s3;
    }

    public RedshiftDataClient dataApi() {
        return dataApi;
    }

    public SnsClient snsClient() {
        return snsClient;
    }

    /** The Redshift API of the local cluster (pause, resume, describe). */
    public RedshiftClient redshift() {
        return redshift;
    }

    /**
     * Stops everything, removes the temporary folder (never the raw folder) and lets the state folder go.
     * Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (warehouse;
                sns;
                s3;
                dataApi;
                snsClient;
                redshift) {
            loaderClients.forEach(RedshiftDataClient::close);
        } finally {
            if (workFolder != null) {
                workFolder.close();
            }
            if (state != null) {
                state.close();
            }
        }
    }
}
