package com.warehouseplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.warehouseplatform.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * {@code -c deployIdentity=true}: the app synthesizes the deploy identity stacks and nothing of the environments,
 * deterministically, offline, and clean under cdk-nag (AwsSolutions and Serverless packs), every acknowledgment
 * on the execution policy whose wildcards it accepts.
 */
class DeployIdentityAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCdkCommandWithDeployIdentitySynthesizesOnlyTheIdentityStacks(@TempDir Path out) throws Exception {
        Path output = out.resolve("output.txt");
        Path assembly = out.resolve("cdk.out");
        ProcessBuilder command = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WarehousePlatformApp.class.getName()))
                .directory(Path.of("..").toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // what `npx cdk synth -c deployIdentity=true` hands the app
        command.environment().put("CDK_CONTEXT_JSON", "{\"deployIdentity\":\"true\"}");
        command.environment().put("CDK_OUTDIR", assembly.toString());
        Process process = command.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(output)).isZero();

        String account = ConfigLoader.load(Platforms.CONFIG, "prod").account();
        assertThat(templates(assembly))
                .containsExactly("deploy-identity-" + account + ".template.json", "deploy-identity.template.json");
    }

    @Test
    void synthesizesTheSameTemplatesTwiceWithNoUnacknowledgedFinding(@TempDir Path first, @TempDir Path second)
            throws IOException {
        App app = synth(first);
        synth(second);
        for (String name : templates(first)) {
            assertThat(Files.readString(second.resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readString(first.resolve(name)));
        }

        JsonNode reports =
                JSON.readTree(first.resolve("validation-report.json").toFile()).path("pluginReports");
        List<String> findings = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        Map<String, List<String>> acknowledgedAt = SecurityChecksTest.acknowledgmentLocations(app);
        for (JsonNode plugin : reports) {
            for (JsonNode violation : plugin.path("violations")) {
                findings.add(plugin.path("pluginName").asText() + " "
                        + violation.path("ruleName").asText() + " at " + violation.path("violatingConstructs"));
            }
            for (JsonNode suppressed : plugin.path("suppressedViolations")) {
                String id = suppressed.path("acknowledgedId").asText();
                for (JsonNode construct : suppressed.path("violatingConstructs")) {
                    String path = construct.path("constructPath").asText();
                    if (acknowledgedAt.getOrDefault(id, List.of()).stream()
                            .noneMatch(at -> path.equals(at) || path.startsWith(at + "/"))) {
                        misplaced.add(id + " at " + path);
                    }
                }
            }
        }
        assertThat(findings).as("unacknowledged cdk-nag findings").isEmpty();
        assertThat(misplaced).as("acknowledgments covering other resources").isEmpty();
        // (the report lists no acknowledged findings; without the policy's acknowledgments synth fails with one
        // AwsSolutions-IAM5 finding per wildcard)
        assertThat(acknowledgedAt)
                .as("the execution policy's wildcards are acknowledged")
                .isNotEmpty();
        assertThat(acknowledgedAt.values())
                .as("only the execution policy acknowledges anything")
                .allSatisfy(paths ->
                        assertThat(paths).allMatch(p -> p.endsWith("/CloudFormationExecutionPolicy/Resource")));
    }

    private static App synth(Path out) {
        Map<String, Object> context = new HashMap<>(WarehousePlatform.FEATURE_FLAGS);
        context.put("@aws-cdk/core:validationReportJson", true);
        context.put(DeployIdentity.CONTEXT_KEY, "true");
        App app = new App(
                AppProps.builder().context(context).outdir(out.toString()).build());
        DeployIdentity.build(app, ConfigLoader.loadAll(Platforms.CONFIG));
        WarehousePlatform.addSecurityChecks(app);
        app.synth();
        return app;
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
