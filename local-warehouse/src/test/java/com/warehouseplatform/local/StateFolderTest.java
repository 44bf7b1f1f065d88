package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.local.cli.LocalWarehouseCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --state DIR}: the database and the ops bucket outlive the process, as a cluster's data outlives
 * a reboot, and a batch that was running when its process died is settled by the next start, once. The
 * first process runs in a JVM of its own (to be killed); the next starts are the CLI in this JVM.
 */
class StateFolderTest {
    private static final Duration READY = Duration.ofMinutes(2);
    private static final String COUNTS = "SELECT (SELECT count(*) FROM web.events) AS event_rows,"
            + " (SELECT count(*) FROM ops.ledger_web_events) AS ledger_rows,"
            + " (SELECT count(DISTINCT batch_id) FROM ops.ledger_web_events) AS ledger_batches";

    @TempDir
    Path temp;

    private record Run(int status, String out, String err) {}

    private static Run cli(Path state, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--env",
                "dev",
                "--config",
                "../config",
                "--data",
                "../samples/data",
                "--loader",
                "web-events",
                "--state",
                state.toString()));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LocalWarehouseCli.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<Path> pendingBatches(Path state) throws IOException {
        Path pending = state.resolve("buckets/ops/state/web-events/pending");
        if (!Files.isDirectory(pending)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(pending)) {
            return files.toList();
        }
    }

    @Test
    @RedshiftDoc({"API_RebootCluster", "r_REBOOT_CLUSTER"})
    void aBatchRunningWhenItsProcessWasKilledIsSettledByTheNextStartAndLoadedOnce() throws Exception {
        Path state = temp.resolve("state");
        WarehouseProcess killed = WarehouseProcess.start(
                temp.resolve("tmp"),
                HeldBatchMain.class,
                "../config",
                "dev",
                "web-events",
                "../samples/data",
                state.toString());
        ProcessHandle orphan;
        try {
            killed.awaitLine("HELD ", READY);
            orphan = Postmaster.running(state.resolve("postgres")).orElseThrow();
            killed.kill();
        } finally {
            killed.cleanUp();
        }
        assertThat(orphan.isAlive())
                .as("PostgreSQL outlives a JVM killed with SIGKILL")
                .isTrue();
        assertThat(pendingBatches(state)).as("the killed run's pending batch").hasSize(1);

        Run next = cli(state, "--sql", COUNTS);

        assertThat(orphan.isAlive())
                .as("the next start stopped the server the killed run left")
                .isFalse();
        assertThat(next.status()).as(next.err()).isZero();
        assertThat(next.err()).contains("applied 0 migration(s)"); // the killed run applied them, and they were kept
        assertThat(next.out().lines().toList())
                .containsExactly(
                        "loader web-events run 1: loaded 1 file, 3 rows",
                        "event_rows,ledger_rows,ledger_batches",
                        "3,1,1");
        assertThat(pendingBatches(state)).isEmpty();

        Run after = cli(state, "--sql", COUNTS);

        assertThat(after.status()).as(after.err()).isZero();
        assertThat(after.out().lines().toList())
                .containsExactly(
                        "loader web-events run 1: up to date", "event_rows,ledger_rows,ledger_batches", "3,1,1");
    }

    @Test
    @RedshiftDoc("API_RebootCluster")
    void aSecondProcessOnTheSameStateFolderIsRefusedByName() throws Exception {
        Path state = temp.resolve("state");
        WarehouseProcess serving = WarehouseProcess.start(
                temp.resolve("tmp"),
                LocalWarehouseCli.class,
                "--env",
                "dev",
                "--config",
                "../config",
                "--data",
                "../samples/data",
                "--loader",
                "web-events",
                "--state",
                state.toString(),
                "--serve");
        try {
            serving.awaitLine("psql \"postgresql://", READY);
            ProcessHandle server = Postmaster.running(state.resolve("postgres")).orElseThrow();

            Run second = cli(state);

            assertThat(second.status()).isEqualTo(1);
            assertThat(second.err())
                    .contains("local-warehouse: cannot start the local warehouse: state folder "
                            + state.toAbsolutePath().normalize() + " is in use by another local warehouse (process "
                            + serving.pid() + "): one process at a time; stop it or give another folder");
            assertThat(server.isAlive())
                    .as("the first process's server is left alone")
                    .isTrue();

            serving.terminate();
            assertThat(server.isAlive()).isFalse();
            assertThat(state.resolve("postgres/postmaster.pid"))
                    .as("a clean shutdown")
                    .doesNotExist();
        } finally {
            serving.cleanUp();
        }
    }

    @Test
    @RedshiftDoc("cm_chap_system-tables")
    void queryIdsOfAKeptDatabaseGoOnAfterThoseItsLoadErrorsRecord() throws Exception {
        Path data = temp.resolve("postgres");
        LocalWarehouse.Options options = LocalWarehouse.Options.defaults().postgresDataDirectory(data);
        try (LocalWarehouse first = LocalWarehouse.start(options);
                var connection = first.dataSource().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("INSERT INTO local_warehouse.stl_load_errors (query) VALUES (234567)");
        }

        try (LocalWarehouse next = LocalWarehouse.start(options);
                DataApiClient api = new DataApiClient(next)) {
            var done = api.awaitEnd(api.submit("SELECT 1"));

            assertThat(done.redshiftQueryId())
                    .as("not an id whose load errors an earlier run recorded")
                    .isGreaterThan(234567L);
        }
    }
}
