package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL port users reach, through the real PostgreSQL JDBC driver: TLS required as on the
 * deployed warehouses (require_ssl=true), Redshift's SQL translated as on the Data API path, and a
 * refused statement an ordinary error after which the session goes on.
 */
class PostgresFrontDoorTest {

    private static LocalWarehouse warehouse;

    @BeforeAll
    static void start() throws Exception {
        warehouse = LocalWarehouse.start();
        try (Connection c = warehouse.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE front_door_items (id INT, name VARCHAR(20))");
            s.execute("INSERT INTO front_door_items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
    }

    @AfterAll
    static void stop() {
        warehouse.close();
    }

    private static Connection connect(String parameters) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + warehouse.postgresPort() + "/"
                + warehouse.database() + "?user=postgres&" + parameters);
    }

    private static String refusedState(ThrowingRunnable statement) {
        try {
            statement.run();
        } catch (SQLException e) {
            return e.getSQLState() + " " + e.getMessage();
        }
        throw new AssertionError("the statement was not refused");
    }

    private interface ThrowingRunnable {
        void run() throws SQLException;
    }

    @Test
    @RedshiftDoc({"connecting-ssl-support", "r_GETDATE"})
    void sslModeRequireConnectsAndRunsRedshiftSql() throws Exception {
        try (Connection c = connect("sslmode=require");
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT 1 AS one")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt("one")).isEqualTo(1);
            }
            try (ResultSet r = s.executeQuery("SELECT GETDATE()")) {
                assertThat(r.next()).isTrue();
                LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
                assertThat(r.getTimestamp(1).toLocalDateTime()).isBetween(now.minusMinutes(1), now.plusMinutes(1));
            }
        }
        assertThat(warehouse.jdbcUrl()).contains(":" + warehouse.postgresPort() + "/", "sslmode=require");
        try (Connection c = DriverManager.getConnection(warehouse.jdbcUrl());
                ResultSet r = c.createStatement().executeQuery("SELECT current_user")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("postgres");
        }
    }

    @Test
    @RedshiftDoc("r_CREATE_TABLE_NEW")
    void redshiftTableDesignIsTranslatedOnBothProtocols() throws Exception {
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = connect("sslmode=require&preferQueryMode=" + mode);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE designed_" + mode + " (id INT IDENTITY(1, 1), amount INT ENCODE az64)"
                        + " DISTSTYLE KEY DISTKEY (amount) COMPOUND SORTKEY (id)");
                s.execute("INSERT INTO designed_" + mode + " (amount) VALUES (10), (20)");
                try (ResultSet r = s.executeQuery("SELECT max(id), sum(amount) FROM designed_" + mode)) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getInt(1)).isEqualTo(2);
                    assertThat(r.getInt(2)).isEqualTo(30);
                }
            }
        }
    }

    @Test
    @RedshiftDoc("r_PREPARE")
    void preparedStatementsWithParametersRunOnServerSidePlans() throws Exception {
        try (Connection c = connect("sslmode=require&prepareThreshold=1");
                PreparedStatement p = c.prepareStatement(
                        "SELECT name FROM front_door_items WHERE id > ? AND name <> ? ORDER BY id")) {
            for (int run = 0; run < 5; run++) {
                p.setInt(1, 1);
                p.setString(2, "three");
                try (ResultSet r = p.executeQuery()) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getString(1)).isEqualTo("two");
                    assertThat(r.next()).isFalse();
                }
            }
        }
    }

    @Test
    @RedshiftDoc("r_UNLOAD")
    void aRefusedStatementIsAnErrorAndTheSessionGoesOnWithTheSimpleProtocol() throws Exception {
        try (Connection c = connect("sslmode=require&preferQueryMode=simple");
                Statement s = c.createStatement()) {
            assertThat(refusedState(() -> s.execute(
                            "UNLOAD ('SELECT * FROM front_door_items') TO 's3://ops/unload/' IAM_ROLE default")))
                    .startsWith("0A000 ERROR: the local warehouse cannot run Redshift's UNLOAD");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM front_door_items")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    @RedshiftDoc({"r_UNLOAD", "r_VARBYTE_type"})
    void aRefusedStatementIsAnErrorAndTheSessionGoesOnWithTheExtendedProtocol() throws Exception {
        try (Connection c = connect("sslmode=require&preferQueryMode=extended&prepareThreshold=1")) {
            try (PreparedStatement p = c.prepareStatement("SELECT CAST(? AS VARBYTE), ?")) {
                p.setString(1, "ab");
                p.setInt(2, 7);
                assertThat(refusedState(p::executeQuery))
                        .as("the refusal, not a parameter count mismatch")
                        .startsWith("0A000 ERROR: the local warehouse cannot run Redshift's VARBYTE");
            }
            try (Statement s = c.createStatement()) {
                s.addBatch("INSERT INTO front_door_items VALUES (10, 'ten')");
                s.addBatch("UNLOAD ('SELECT 1') TO 's3://ops/unload/' IAM_ROLE default");
                s.addBatch("INSERT INTO front_door_items VALUES (11, 'eleven')");
                assertThatThrownBy(s::executeBatch)
                        .isInstanceOf(BatchUpdateException.class)
                        .hasMessageContaining("cannot run Redshift's UNLOAD");
            }
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM front_door_items WHERE id >= ?")) {
                p.setInt(1, 10);
                try (ResultSet r = p.executeQuery()) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getInt(1))
                            .as("the pipelined batch failed as one implicit transaction")
                            .isZero();
                }
            }
        }
    }

    @Test
    @RedshiftDoc("r_COPY")
    void copyOverTheConnectionIsRefusedByName() throws Exception {
        try (Connection c = connect("sslmode=require");
                Statement s = c.createStatement()) {
            assertThat(refusedState(() ->
                            s.execute("COPY front_door_items FROM 's3://raw/items/' IAM_ROLE default FORMAT AS CSV")))
                    .startsWith("0A000 ERROR: the local warehouse runs COPY only through the Data API");
            assertThat(refusedState(() -> s.execute("COPY front_door_items FROM STDIN")))
                    .startsWith("0A000 ERROR: the local warehouse runs COPY only through the Data API");
            try (ResultSet r = s.executeQuery("SELECT 2")) {
                assertThat(r.next()).isTrue();
            }
        }
    }

    @Test
    @RedshiftDoc({"r_BEGIN", "r_ROLLBACK"})
    void transactionsCommitRollBackAndAreAbortedByARefusedStatement() throws Exception {
        try (Connection c = connect("sslmode=require");
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO front_door_items VALUES (20, 'rolled back')");
            c.rollback();
            s.execute("INSERT INTO front_door_items VALUES (21, 'committed')");
            c.commit();
            s.execute("INSERT INTO front_door_items VALUES (22, 'aborted')");
            assertThat(refusedState(() -> s.execute("SELECT CAST('a' AS HLLSKETCH)")))
                    .startsWith("0A000 ERROR: the local warehouse cannot run Redshift's HLLSKETCH");
            assertThat(refusedState(() -> s.execute("SELECT 1")))
                    .as("an error aborts the transaction until it ends")
                    .startsWith("25P02 ");
            c.rollback();
            c.setAutoCommit(true);
            try (ResultSet r = s.executeQuery(
                    "SELECT LISTAGG(id, ',') WITHIN GROUP (ORDER BY id) FROM front_door_items WHERE id >= 20")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("21");
            }
            s.execute("DELETE FROM front_door_items WHERE id >= 20");
        }
    }

    @Test
    @RedshiftDoc("connecting-ssl-support")
    void verifyFullWithTheWrittenCertificateVerifiesTheServer(@TempDir Path temp) throws Exception {
        Path certificate = warehouse.certificateFile();
        assertThat(Files.readString(certificate)).startsWith("-----BEGIN CERTIFICATE-----\n");
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":"
                            + warehouse.postgresPort() + "/" + warehouse.database()
                            + "?user=postgres&sslmode=verify-full&sslrootcert=" + certificate);
                    ResultSet r = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(r.next()).isTrue();
            }
        }
        Path other = temp.resolve("other.crt");
        SelfSignedCertificate.generate().writePem(other);
        assertThatThrownBy(() ->
                        connect("sslmode=verify-full&sslrootcert=" + other).close())
                .as("a certificate the client does not trust fails the connection")
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SSL");
    }

    @Test
    @RedshiftDoc("connecting-ssl-support")
    void aPlaintextConnectionIsRefusedAsOnAClusterThatRequiresSsl() {
        assertThatThrownBy(() -> connect("sslmode=disable").close()).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("28000");
            assertThat(e.getMessage())
                    .contains(
                            "no pg_hba.conf entry for host \"127.0.0.1\", user"
                                    + " \"postgres\", database \"dev\", SSL off",
                            "sslmode=require");
        });
    }

    @Test
    @RedshiftDoc("connecting-ssl-support")
    void gssapiEncryptionIsDeclinedAndTlsOffered() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", warehouse.postgresPort())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.writeInt(8);
            out.writeInt(80877104); // GSSENCRequest
            out.flush();
            assertThat((char) in.readByte()).isEqualTo('N');
            out.writeInt(8);
            out.writeInt(80877103); // SSLRequest
            out.flush();
            assertThat((char) in.readByte()).isEqualTo('S');
        }
    }

    @Test
    @RedshiftDoc("r_CANCEL")
    void aCancelRequestReachesPostgres() throws Exception {
        try (Connection c = connect("sslmode=require");
                Statement s = c.createStatement()) {
            CompletableFuture<String> sleeping =
                    CompletableFuture.supplyAsync(() -> refusedState(() -> s.execute("SELECT pg_sleep(30)")));
            Thread.sleep(500);
            long start = System.nanoTime();
            s.cancel();
            assertThat(sleeping.get(10, TimeUnit.SECONDS)).startsWith("57014 ERROR: canceling statement");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            try (ResultSet r = s.executeQuery("SELECT 1")) {
                assertThat(r.next()).isTrue();
            }
        }
    }

    @Test
    void closingTheWarehouseClosesTheFrontDoorAndItsSessions() throws Exception {
        LocalWarehouse own = LocalWarehouse.start();
        int port = own.postgresPort();
        Path certificate = own.certificateFile();
        Connection open = DriverManager.getConnection(own.jdbcUrl());
        try (Statement s = open.createStatement()) {
            s.execute("SELECT 1");
            own.close();
            assertThatThrownBy(() -> s.execute("SELECT 1")).isInstanceOf(SQLException.class);
        } finally {
            open.close();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(certificate).doesNotExist();
        assertThat(Thread.getAllStackTraces().keySet())
                .as("the front door's threads have ended")
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("postgres-front-door-" + port + "-"));
    }
}
