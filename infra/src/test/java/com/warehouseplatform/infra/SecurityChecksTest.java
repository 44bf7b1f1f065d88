package com.warehouseplatform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.warehouseplatform.infra.config.ConfigLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cdk-nag (AwsSolutions and Serverless packs) over the whole app of every file in config/: synth must
 * succeed with no finding left, and every acknowledged finding must lie on or under the construct
 * that carries its acknowledgment, with a real reason.
 */
class SecurityChecksTest {

    static List<String> environments() {
        return Platforms.environmentNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void synthesizesWithNoUnacknowledgedFinding(String env, @TempDir Path out) throws IOException {
        Map<String, Object> context = new HashMap<>(WarehousePlatform.FEATURE_FLAGS);
        context.put("@aws-cdk/core:validationReportJson", true);
        App app = new App(AppProps.builder().context(context).outdir(out.toString()).build());
        WarehousePlatform.build(app, ConfigLoader.load(Platforms.CONFIG, env));
        WarehousePlatform.addSecurityChecks(app);

        RuntimeException failure = null;
        try {
            app.synth();
        } catch (RuntimeException e) {
            failure = e;
        }

        Path report = out.resolve("validation-report.json");
        JsonNode reports = Files.exists(report)
                ? new ObjectMapper().readTree(report.toFile()).path("pluginReports")
                : new ObjectMapper().createArrayNode();
        List<String> findings = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        for (JsonNode plugin : reports) {
            for (JsonNode violation : plugin.path("violations")) {
                findings.add(plugin.path("pluginName").asText() + " " + violation.path("ruleName").asText()
                        + " at " + violation.path("violatingConstructs"));
            }
            for (JsonNode suppressed : plugin.path("suppressedViolations")) {
                String at = suppressed.path("acknowledgedAt").asText();
                assertThat(suppressed.path("reason").asText()).as("reason of " + suppressed.path("acknowledgedId"))
                        .hasSizeGreaterThan(30);
                for (JsonNode construct : suppressed.path("violatingConstructs")) {
                    String path = construct.path("constructPath").asText();
                    if (!(path.equals(at) || path.startsWith(at + "/"))) {
                        misplaced.add(suppressed.path("acknowledgedId").asText() + " acknowledged at " + at
                                + " but found at " + path);
                    }
                }
            }
        }
        assertThat(findings).as("unacknowledged cdk-nag findings").isEmpty();
        assertThat(misplaced).as("acknowledgments that cover resources other than their own").isEmpty();
        assertThat(failure).as("synth").isNull();
        assertThat(out.resolve(env + "-warehouse.template.json")).exists();
    }
}
