package com.warehouseplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.warehouseplatform.config.SchemaMigrationFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * {@link SecurityChecksTest} over the files of config/ with the example access section
 * ({@link AccessExample}): the sign-in role, the users' secrets, their key and rotation and the access step raise no
 * unacknowledged cdk-nag finding, and every acknowledgment lies on its own resource.
 */
class AccessSecurityChecksTest {

    static List<String> environments() {
        return Platforms.environmentNames();
    }

    @ParameterizedTest(name = "{0} with access")
    @MethodSource("environments")
    void synthesizesWithNoUnacknowledgedFinding(String env, @TempDir Path out) throws IOException {
        Map<String, Object> context = new HashMap<>(WarehousePlatform.FEATURE_FLAGS);
        context.put("@aws-cdk/core:validationReportJson", true);
        App app = new App(
                AppProps.builder().context(context).outdir(out.toString()).build());
        WarehousePlatform.build(app, AccessExample.config(env), SchemaMigrationFiles.load(Platforms.CONFIG));
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
        Map<String, List<String>> acknowledgedAt = SecurityChecksTest.acknowledgmentLocations(app);
        List<String> findings = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        for (JsonNode plugin : reports) {
            for (JsonNode violation : plugin.path("violations")) {
                findings.add(plugin.path("pluginName").asText() + " "
                        + violation.path("ruleName").asText() + " at " + violation.path("violatingConstructs"));
            }
            for (JsonNode suppressed : plugin.path("suppressedViolations")) {
                String id = suppressed.path("acknowledgedId").asText();
                List<String> places = acknowledgedAt.getOrDefault(id, List.of());
                for (JsonNode construct : suppressed.path("violatingConstructs")) {
                    String path = construct.path("constructPath").asText();
                    if (places.stream().noneMatch(at -> path.equals(at) || path.startsWith(at + "/"))) {
                        misplaced.add(id + " found at " + path + " but acknowledged only at " + places);
                    }
                }
            }
        }
        assertThat(findings).as("unacknowledged cdk-nag findings").isEmpty();
        assertThat(misplaced)
                .as("acknowledgments that cover resources other than their own")
                .isEmpty();
        assertThat(failure).as("synth").isNull();
        assertThat(out.resolve(env + "-loaders.template.json")).exists();
        assertThat(Files.readString(out.resolve(env + "-loaders.template.json")))
                .contains("Custom::WarehouseAccess");
    }
}
