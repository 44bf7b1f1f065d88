package com.warehouseplatform.loader.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link FirstRequest} in a fresh JVM, configured the way Lambda configures the loader (its
 * environment variables) plus the SDK's own endpoint, region and credential variables pointing at
 * an {@link AwsStub}; nothing else of the caller's environment or AWS configuration leaks in.
 */
final class LoaderProcess {

    /**
     * One run: wall time from process start to the response line; what the process reports: time
     * since JVM start, in the handler's constructor and in the request; the outcome; other output.
     */
    record Run(long wallMs, long jvmMs, long constructMs, long requestMs, String outcome, String output) {
        boolean failed() {
            return outcome.startsWith("failed=");
        }
    }

    private LoaderProcess() {}

    static Run run(String classpath, String endpoint, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(FirstRequest.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(loaderEnvironment());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        env.put("AWS_ENDPOINT_URL_S3", endpoint);
        env.put("AWS_ENDPOINT_URL_REDSHIFT_DATA", endpoint);
        env.put("AWS_ENDPOINT_URL_SNS", endpoint);
        env.put("AWS_ENDPOINT_URL_REDSHIFT", endpoint);
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");

        long start = System.nanoTime();
        Process p = pb.start();
        StringBuilder output = new StringBuilder();
        String outcome = null;
        long wallMs = -1;
        long jvmMs = -1;
        long constructMs = -1;
        long requestMs = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("FIRST-REQUEST ") && outcome == null) {
                    wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    String[] parts = line.split(" ", 5);
                    jvmMs = Long.parseLong(parts[1].substring("ms=".length()));
                    constructMs = Long.parseLong(parts[2].substring("construct=".length()));
                    requestMs = Long.parseLong(parts[3].substring("request=".length()));
                    outcome = parts[4];
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (outcome == null) {
            throw new IllegalStateException("the loader process printed no FIRST-REQUEST line:\n" + output);
        }
        return new Run(wallMs, jvmMs, constructMs, requestMs, outcome, output.toString());
    }

    /** A valid loader configuration (what the infra module sets on the function). */
    static Map<String, String> loaderEnvironment() {
        return Map.ofEntries(
                Map.entry("LOADER_NAME", "orders"),
                Map.entry("TARGET_TABLE", "sales.orders"),
                Map.entry("SOURCE_BUCKET", AwsStub.SOURCE_BUCKET),
                Map.entry("SOURCE_PREFIX", "orders/"),
                Map.entry("OPS_BUCKET", "ops-bucket"),
                Map.entry("FORMAT_TYPE", "csv"),
                Map.entry("CSV_HEADER", "true"),
                Map.entry("CSV_DELIMITER", ","),
                Map.entry("COMPRESSION", "gzip"),
                Map.entry("MODE", "append"),
                Map.entry("MAX_ERRORS", "0"),
                Map.entry("MAX_FILES_PER_RUN", "1000"),
                Map.entry("MAX_BYTES_PER_RUN", "10000000000"),
                Map.entry("COPY_ROLE_ARN", "arn:aws:iam::123456789012:role/copy"),
                Map.entry("DATABASE", "dev"),
                Map.entry("CLUSTER_IDENTIFIER", "warehouse"),
                Map.entry("ALERT_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:loader-alerts"));
    }
}
