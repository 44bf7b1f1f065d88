package com.warehouseplatform.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this module's class path run in a JVM of its own, with its own java.io.tmpdir
 * (so that what it leaves there is all there is to see) and this JVM's PostgreSQL binaries cache.
 * Its stdout is read line by line; its stderr goes to a file, shown when a line does not come.
 */
final class WarehouseProcess {

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private WarehouseProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                "stdout of " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with {@code args}; {@code tmpdir} is its java.io.tmpdir (created). */
    static WarehouseProcess start(Path tmpdir, Class<?> mainClass, String... args) throws IOException {
        Files.createDirectories(tmpdir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-Xmx512m",
                "-Djava.io.tmpdir=" + tmpdir,
                "-Dot.epg.working-dir=" + binaries,
                "-cp",
                System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("warehouse-process-", ".stderr");
        Process process = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new WarehouseProcess(process, stderr);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for a line of stdout that starts with {@code prefix}, and returns it. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("process " + pid() + " printed no line starting with \"" + prefix
                        + "\" in " + timeout + " (alive: " + process.isAlive() + "); stdout: " + seen
                        + "; stderr:\n" + stderr());
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** SIGKILL, as kill -9: no shutdown hook runs. Waits for the end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM, as kill or a service manager: the shutdown hooks run. Waits for the end; returns the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    /** Waits for the end (a minute at most); returns the exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process " + pid() + " did not end; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the stderr file (and ends the process if it still runs). */
    void cleanUp() {
        process.destroyForcibly();
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
