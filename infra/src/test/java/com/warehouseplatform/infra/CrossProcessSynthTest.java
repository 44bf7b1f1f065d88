package com.warehouseplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synth is deterministic across processes: each environment of config/ (and the deploy identity) is synthesized
 * by three JVMs of their own, as {@code npx cdk synth} runs the app, and every template is the same byte for byte.
 * One process could not show it: {@code Map.of} and {@code Set.of} iterate in an order chosen when the JVM starts.
 */
class CrossProcessSynthTest {
    private static final int PROCESSES = 3;
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    /** The CDK context of each synth: {@code -c env=<env>} for every file in config/, then {@code -c deployIdentity=true}. */
    static Stream<String> contexts() throws IOException {
        List<String> contexts = new ArrayList<>();
        try (var files = Files.list(PROJECT.resolve("config"))) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .sorted()
                    .forEach(n -> contexts.add("{\"env\":\"" + n.substring(0, n.length() - ".yaml".length()) + "\"}"));
        }
        contexts.add("{\"deployIdentity\":\"true\"}");
        return contexts.stream();
    }

    @ParameterizedTest
    @MethodSource("contexts")
    void threeProcessesWriteTheSameTemplates(String context, @TempDir Path work) throws Exception {
        long start = System.nanoTime();
        List<Path> outs = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        for (int i = 1; i <= PROCESSES; i++) {
            Path out = work.resolve("cdk.out-" + i);
            outs.add(out);
            processes.add(synth(context, out, work.resolve("output-" + i + ".txt")));
        }
        for (int i = 0; i < PROCESSES; i++) {
            Process process = processes.get(i);
            assertThat(process.waitFor(300, TimeUnit.SECONDS))
                    .as("synth %d of %s finished", i + 1, context)
                    .isTrue();
            assertThat(process.exitValue())
                    .as(Files.readString(work.resolve("output-" + (i + 1) + ".txt")))
                    .isZero();
        }
        System.out.printf("%s: %d synth processes in %.1f s%n", context, PROCESSES, (System.nanoTime() - start) / 1e9);

        List<String> names = templates(outs.get(0));
        assertThat(names).as("templates of %s", context).isNotEmpty();
        for (Path other : outs.subList(1, PROCESSES)) {
            assertThat(templates(other))
                    .as("templates of %s in %s", context, other)
                    .isEqualTo(names);
            for (String name : names) {
                // as text (the templates are UTF-8 JSON), so that a failure shows the lines that differ
                assertThat(Files.readString(other.resolve(name)))
                        .as("%s of %s in %s and %s", name, context, outs.get(0), other)
                        .isEqualTo(Files.readString(outs.get(0).resolve(name)));
            }
        }
    }

    /** The app's main in a new JVM, from the project root, with what the cdk CLI hands it: context and output dir. */
    private static Process synth(String context, Path out, Path output) throws IOException {
        ProcessBuilder command = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WarehousePlatformApp.class.getName()))
                .directory(PROJECT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        command.environment().put("CDK_CONTEXT_JSON", context);
        command.environment().put("CDK_OUTDIR", out.toString());
        return command.start();
    }

    private static List<String> templates(Path out) throws IOException {
        try (var files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".template.json"))
                    .sorted()
                    .toList();
        }
    }
}
