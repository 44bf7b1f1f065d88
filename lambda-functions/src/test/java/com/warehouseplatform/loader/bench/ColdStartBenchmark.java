package com.warehouseplatform.loader.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Cold start to the first request handled: each run is a fresh {@code java -cp target/loader.jar}
 * process ({@link FirstRequest}) that builds the handler with its no-argument constructor and
 * handles one scheduled request end to end against an {@link AwsStub} (an empty source prefix:
 * list, read the state, store the watermark). One untimed run first warms the OS file cache.
 * Prints min and median from process start (measured here), the median split into JVM start, the
 * handler's constructor (building the clients: what a SnapStart snapshot already holds) and the
 * request, all on a plain JVM; then, for reference, with the flags Lambda's Java 17 runtime sets
 * (tiered compilation stopped at C1, serial GC); and the load average, as other work on the machine
 * slows every figure.
 *
 * <p>Arguments: {@code <loader.jar> <test-classes dir> [runs, default 5]}.
 */
public final class ColdStartBenchmark {

    static final List<String> LAMBDA_JAVA17_FLAGS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private ColdStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        String classpath = args[0] + File.pathSeparator + args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Samples wall = new Samples();
        Samples jvm = new Samples();
        Samples construct = new Samples();
        Samples request = new Samples();
        Samples lambdaFlags = new Samples();
        try (AwsStub stub = AwsStub.start(AwsStub.Scenario.UP_TO_DATE)) {
            check(LoaderProcess.run(classpath, stub.endpoint(), List.of()));
            for (int i = 0; i < runs; i++) {
                LoaderProcess.Run run = check(LoaderProcess.run(classpath, stub.endpoint(), List.of()));
                wall.add(run.wallMs());
                jvm.add(run.jvmMs());
                construct.add(run.constructMs());
                request.add(run.requestMs());
                lambdaFlags.add(check(LoaderProcess.run(classpath, stub.endpoint(), LAMBDA_JAVA17_FLAGS))
                        .wallMs());
            }
        }
        System.out.printf(
                "cold start to first request handled (%d fresh processes each): plain JVM, process start"
                        + " -> response min %.0f ms, median %.0f ms (aim < 1000 ms: %s; medians: JVM start -> response"
                        + " %.0f ms, of which constructor %.0f ms, request %.0f ms); with Lambda's Java 17 flags (C1"
                        + " only, serial GC) min %.0f ms, median %.0f ms; %d cores, load average %.2f%n",
                runs,
                wall.min(),
                wall.median(),
                wall.median() < 1000 ? "met" : "NOT met",
                jvm.median(),
                construct.median(),
                request.median(),
                lambdaFlags.min(),
                lambdaFlags.median(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static LoaderProcess.Run check(LoaderProcess.Run run) {
        if (!run.outcome().contains("status=up-to-date")) {
            throw new IllegalStateException("expected an up-to-date run, got " + run.outcome() + "\n" + run.output());
        }
        return run;
    }
}
