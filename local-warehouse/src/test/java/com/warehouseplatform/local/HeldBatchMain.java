package com.warehouseplatform.local;

import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.LoaderConfig;
import com.warehouseplatform.config.LoaderEnvironment;
import com.warehouseplatform.loader.LoaderHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run that is killed with its batch submitted: starts the platform on a state folder, applies the
 * migrations, runs one loader of an environment with the warehouse holding the batch at its ledger
 * insert (the target rows are written, nothing is committed), waits until the pending batch in the ops
 * bucket names its statement, prints {@code HELD <statement id>} and waits to be killed.
 *
 * <p>Arguments: config folder, environment, loader, raw folder, state folder.
 */
public final class HeldBatchMain {

    /** The ledger insert's column list (BatchSql), in no other statement of a batch. */
    private static final String LEDGER_INSERT = "(object_key, etag, size_bytes, batch_id, loaded_at)";

    public static void main(String[] args) {
        try {
            holdABatch(args);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void holdABatch(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        EnvironmentConfig environment = ConfigLoader.load(config, args[1]);
        LoaderConfig loader = environment.loaders().stream()
                .filter(l -> l.name().equals(args[2]))
                .findFirst()
                .orElseThrow();
        Path state = Path.of(args[4]);
        String database = environment.warehouse().databaseName();
        LocalPlatform platform = LocalPlatform.start(database, Path.of(args[3]), state);
        platform.migrate(LocalPlatform.migrations(config));
        Map<String, String> settings = LoaderEnvironment.variables(loader, LocalPlatform.deployment(database));
        LoaderHandler handler = platform.handler(settings);
        FaultInjector.Hold hold = platform.warehouse().faults().holdNext(LEDGER_INSERT);
        Thread run = new Thread(() -> handler.handleRequest(new HashMap<>(Map.of("loader", loader.name())), null));
        run.setDaemon(true);
        run.start();
        if (!hold.awaitHeld(Duration.ofMinutes(1))) {
            throw new IllegalStateException("the batch was not held");
        }
        String statementId = hold.statementId().substring(0, hold.statementId().lastIndexOf(':'));
        Path pending = state.resolve("buckets")
                .resolve(LocalPlatform.OPS)
                .resolve("state")
                .resolve(loader.name())
                .resolve("pending");
        while (!names(pending, statementId)) {
            Thread.sleep(20);
        }
        System.out.println("HELD " + statementId);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Whether a pending batch in this folder names the statement (the loader records it after submitting). */
    private static boolean names(Path pending, String statementId) throws IOException {
        if (!Files.isDirectory(pending)) {
            return false;
        }
        try (Stream<Path> files = Files.list(pending)) {
            for (Path file : files.toList()) {
                if (Files.readString(file, StandardCharsets.UTF_8).contains(statementId)) {
                    return true;
                }
            }
        }
        return false;
    }
}
