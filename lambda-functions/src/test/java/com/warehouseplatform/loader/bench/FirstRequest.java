package com.warehouseplatform.loader.bench;

import com.warehouseplatform.loader.LoaderHandler;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * What a fresh Lambda container does first: build {@link LoaderHandler} with its no-argument
 * constructor (settings from the environment, real clients) and handle one request. Prints
 * {@code FIRST-REQUEST ms=<since JVM start> construct=<ms> request=<ms> result=<output>} (or
 * {@code failed=<exception>}).
 * Run by {@link ColdStartBenchmark} and {@link ShadedJarCheck} on {@code target/loader.jar}.
 */
public final class FirstRequest {

    private FirstRequest() {}

    public static void main(String[] args) {
        String outcome;
        long start = System.nanoTime();
        long built = start;
        try {
            LoaderHandler handler = new LoaderHandler();
            built = System.nanoTime();
            Map<String, Object> result = handler.handleRequest(Map.of("loader", System.getenv("LOADER_NAME")), null);
            outcome = "result=" + result;
        } catch (RuntimeException e) {
            outcome = "failed=" + e.getClass().getName() + ": "
                    + e.getMessage().lines().findFirst().orElse("");
        }
        long end = System.nanoTime();
        long now = System.currentTimeMillis();
        long sinceJvmStart = now - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("FIRST-REQUEST ms=" + sinceJvmStart + " construct=" + (built - start) / 1_000_000
                + " request=" + (end - built) / 1_000_000 + " " + outcome);
        System.exit(0);
    }
}
