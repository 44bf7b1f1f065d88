package com.warehouseplatform.loader.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * Proof for the shade filters that drop unused SDK code from {@code loader.jar}: the handler runs
 * end to end in a fresh JVM on the jar, against an {@link AwsStub}, through its three paths (up to
 * date; a new file loaded; a failed COPY quarantined and alerted through SNS), touching S3, the
 * Data API, SNS and the Redshift API (DescribeClusters). The same runs on the full classpath (every SDK class present) log the classes
 * they load: none may be missing from the jar.
 *
 * <p>Arguments: {@code <loader.jar> <test-classes dir> <full classpath>}.
 */
public final class ShadedJarCheck {

    private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: (\\S+)");

    private ShadedJarCheck() {}

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        String onJar = jar + File.pathSeparator + args[1];
        String full = args[2];
        Set<String> inJar = classesIn(Path.of(jar));
        Set<String> missing = new TreeSet<>();
        StringBuilder paths = new StringBuilder();
        Set<String> operations = new TreeSet<>();
        int loaded = 0;
        for (AwsStub.Scenario scenario : AwsStub.Scenario.values()) {
            try (AwsStub stub = AwsStub.start(scenario)) {
                LoaderProcess.Run run = LoaderProcess.run(onJar, stub.endpoint(), List.of());
                expect(scenario, run, stub);
                operations.addAll(stub.calls().keySet());
                paths.append(paths.length() == 0 ? "" : ", ")
                        .append(scenario.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .append(" ok");
            }
            Path log = Files.createTempFile("class-load", ".log");
            try (AwsStub stub = AwsStub.start(scenario)) {
                LoaderProcess.Run run =
                        LoaderProcess.run(full, stub.endpoint(), List.of("-Xlog:class+load=info:file=" + log));
                expect(scenario, run, stub);
                Set<String> classes = loadedFromClasspath(log);
                loaded = Math.max(loaded, classes.size());
                missing.addAll(classes.stream().filter(c -> !inJar.contains(c)).toList());
            } finally {
                Files.deleteIfExists(log);
            }
        }
        missing.removeIf(c -> c.startsWith(FirstRequest.class.getPackageName() + "."));
        System.out.printf(
                "shaded jar end to end: %s; operations %s; the same runs on the full classpath load up to"
                        + " %,d classes from it, missing from loader.jar: %d%s%n",
                paths, operations, loaded, missing.size(), missing.isEmpty() ? "" : " " + missing);
        if (!missing.isEmpty()) {
            System.exit(1);
        }
    }

    private static void expect(AwsStub.Scenario scenario, LoaderProcess.Run run, AwsStub stub) {
        boolean ok = switch (scenario) {
            case UP_TO_DATE -> run.outcome().contains("status=up-to-date");
            case NEW_FILE ->
                run.outcome().contains("status=loaded")
                        && run.outcome().contains("files=1")
                        && stub.keys("ops-bucket").contains("state/orders/watermark.json");
            case FAILED_FILE ->
                run.outcome().startsWith("failed=com.warehouseplatform.loader.LoaderFailedException")
                        && stub.calls().getOrDefault("SNS.Publish", 0) == 1
                        && stub.keys("ops-bucket").stream().anyMatch(k -> k.startsWith("state/orders/quarantine/"));
        };
        // every run on a cluster first asks for the cluster's state (ClusterState), and again when a batch failed
        // (was it the pause?): the Redshift API's classes are on every path
        ok = ok && stub.calls().getOrDefault("Redshift.DescribeClusters", 0) >= 1;
        if (!ok) {
            throw new IllegalStateException(scenario + ": unexpected outcome " + run.outcome() + ", calls "
                    + stub.calls() + "\n" + run.output());
        }
    }

    private static Set<String> classesIn(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toSet());
        }
    }

    /** Classes the JVM loaded from the class path (not the JDK's, not generated ones). */
    private static Set<String> loadedFromClasspath(Path log) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LOADED.matcher(line);
            if (m.find() && (m.group(2).startsWith("file:") || m.group(2).startsWith("jar:"))) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
