package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.local.cli.LocalWarehouseCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in a JVM of its own, ended as users and machines end it: at the end of its run, by SIGTERM
 * (what Ctrl-C and service managers send; the shutdown hooks run) and by SIGKILL (nothing runs: the
 * next start cleans up). Each process has its own java.io.tmpdir, so that what it leaves there is
 * all there is to see; the PostgreSQL binaries cache is this JVM's and stays.
 */
class LifecycleTest {
    private static final Duration READY = Duration.ofMinutes(2);

    @TempDir
    Path temp;

    private static WarehouseProcess cli(Path tmpdir, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--env", "dev", "--config", "../config", "--data", "../samples/data", "--loader", "web-events"));
        args.addAll(List.of(more));
        return WarehouseProcess.start(tmpdir, LocalWarehouseCli.class, args.toArray(String[]::new));
    }

    /** The one data directory of a run's temporary folder, and the server running on it. */
    private static ProcessHandle postmasterOf(Path tmpdir, long pid) throws IOException {
        Path runFolder = tmpdir.resolve("local-warehouse").resolve(Long.toString(pid));
        try (Stream<Path> folders = Files.list(runFolder)) {
            List<Path> data = folders.filter(f -> f.getFileName().toString().startsWith("postgres-"))
                    .toList();
            assertThat(data).hasSize(1);
            return Postmaster.running(data.get(0)).orElseThrow(() -> new AssertionError("no server on " + data));
        }
    }

    private static List<Path> everythingIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> !f.equals(folder)).toList();
        }
    }

    @Test
    @RedshiftDoc("r_REBOOT_CLUSTER")
    void theEndOfARunStopsPostgresqlAndLeavesNoTemporaryFile() throws Exception {
        Path tmpdir = temp.resolve("tmp");
        WarehouseProcess run = cli(tmpdir);
        try {
            assertThat(run.awaitLine("loader web-events run 1: ", READY)).endsWith("loaded 1 file, 3 rows");
            assertThat(run.awaitExit()).isZero();
            assertThat(everythingIn(tmpdir)).isEmpty();
        } finally {
            run.cleanUp();
        }
    }

    @Test
    @RedshiftDoc("r_REBOOT_CLUSTER")
    void sigtermStopsPostgresqlAndRemovesEveryTemporaryFolder() throws Exception {
        Path tmpdir = temp.resolve("tmp");
        WarehouseProcess serving = cli(tmpdir, "--serve");
        try {
            serving.awaitLine("psql \"postgresql://", READY);
            ProcessHandle postmaster = postmasterOf(tmpdir, serving.pid());

            assertThat(serving.terminate()).isEqualTo(143); // 128 + SIGTERM, as the JVM ends on it

            assertThat(postmaster.isAlive()).isFalse();
            assertThat(everythingIn(tmpdir)).isEmpty();
        } finally {
            serving.cleanUp();
        }
    }

    @Test
    @RedshiftDoc("r_REBOOT_CLUSTER")
    void theStartAfterASigkillStopsThePostgresqlItLeftAndRemovesItsFolders() throws Exception {
        Path tmpdir = temp.resolve("tmp");
        WarehouseProcess killed = cli(tmpdir, "--serve");
        WarehouseProcess next = null;
        try {
            killed.awaitLine("psql \"postgresql://", READY);
            ProcessHandle orphan = postmasterOf(tmpdir, killed.pid());
            Path leftOver = tmpdir.resolve("local-warehouse").resolve(Long.toString(killed.pid()));

            killed.kill();
            assertThat(orphan.isAlive())
                    .as("PostgreSQL outlives a JVM killed with SIGKILL")
                    .isTrue();
            assertThat(leftOver).isDirectory();

            next = cli(tmpdir, "--serve");
            next.awaitLine("psql \"postgresql://", READY);
            assertThat(Postmaster.awaitExit(orphan, Duration.ofSeconds(5)))
                    .as("the orphan is stopped")
                    .isTrue();
            assertThat(leftOver).doesNotExist();
            try (Stream<Path> runs = Files.list(tmpdir.resolve("local-warehouse"))) {
                assertThat(runs.map(f -> f.getFileName().toString()).toList())
                        .containsExactly(Long.toString(next.pid()));
            }

            next.terminate();
            assertThat(everythingIn(tmpdir)).isEmpty();
        } finally {
            killed.cleanUp();
            if (next != null) {
                next.cleanUp();
            }
        }
    }
}
