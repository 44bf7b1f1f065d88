package com.warehouseplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app as the cdk CLI runs it: a bad configuration prints every problem, exits non-zero, synthesizes nothing. */
class SynthCommandTest {

    @Test
    void badConfigurationExitsNonZeroAndSynthesizesNothing(@TempDir Path project) throws Exception {
        Path config = Files.createDirectories(project.resolve("config"));
        Files.writeString(
                config.resolve("qa.yaml"),
                Platforms.read("prod")
                        .replace("name: prod", "name: qa")
                        .replace("port: 5440", "port: 5439")
                        .replace("numberOfNodes: 2", "numberOfNodes: 0"));
        Path out = project.resolve("cdk.out");
        String printed = failedSynth(project, "qa");
        assertThat(printed)
                .contains("Configuration problems, nothing synthesized:")
                .contains("config/qa.yaml: warehouse.port: 5439 is Redshift's default port")
                .contains("config/qa.yaml: warehouse.numberOfNodes: must be between 1 and 128, got 0");
        assertThat(templatesIn(out)).as("templates written").isEmpty();
    }

    /** What deploy's migration handler would refuse fails synth, naming the file and the statement. */
    @Test
    void aTruncatingMigrationFailsSynthNamingFileAndStatement(@TempDir Path project) throws Exception {
        Path sql = Files.createDirectories(project.resolve("config").resolve("sql"));
        Files.writeString(project.resolve("config").resolve("dev.yaml"), Platforms.read("dev"));
        try (var migrations = Files.list(Platforms.CONFIG.resolve("sql"))) {
            for (Path migration : migrations.toList()) {
                Files.copy(migration, sql.resolve(migration.getFileName()));
            }
        }
        Files.writeString(sql.resolve("V4__reload_orders.sql"), "TRUNCATE TABLE sales.orders;\n");

        String printed = failedSynth(project, "dev");

        assertThat(printed)
                .contains("Configuration problems, nothing synthesized:\n"
                        + "  config/sql/V4__reload_orders.sql: statement 1 (TRUNCATE TABLE sales.orders): TRUNCATE commits the "
                        + "open transaction");
        assertThat(templatesIn(project.resolve("cdk.out")))
                .as("templates written")
                .isEmpty();
    }

    /** Runs the app in {@code project} as {@code npx cdk synth -c env=<env>} does; it must exit 1; returns what it printed. */
    private static String failedSynth(Path project, String env) throws Exception {
        Path out = project.resolve("cdk.out");
        Path output = project.resolve("output.txt");

        ProcessBuilder command = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WarehousePlatformApp.class.getName()))
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // What `npx cdk synth -c env=qa` hands the app.
        command.environment().put("CDK_CONTEXT_JSON", "{\"env\":\"" + env + "\"}");
        command.environment().put("CDK_OUTDIR", out.toString());
        Process process = command.start();

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(output);
        assertThat(process.exitValue()).as(printed).isEqualTo(1);
        return printed;
    }

    private static List<Path> templatesIn(Path out) throws java.io.IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        try (var files = Files.list(out)) {
            return files.filter(p -> p.toString().endsWith(".template.json")).toList();
        }
    }
}
