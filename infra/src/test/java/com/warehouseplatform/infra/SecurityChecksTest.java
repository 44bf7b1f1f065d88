package com.warehouseplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
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
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * cdk-nag (AwsSolutions, Serverless and the compliance packs the file lists) over the whole app of every file in config/: synth must
 * succeed with no finding left, and every acknowledged finding must lie on or under a construct
 * that carries an acknowledgment of that id, with a real reason. (CDK matches acknowledgments by id
 * across the app and its report names one location per id, so the locations come from the tree.)
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
        App app = new App(
                AppProps.builder().context(context).outdir(out.toString()).build());
        EnvironmentConfig config = ConfigLoader.load(Platforms.CONFIG, env);
        WarehousePlatform.build(app, config, SchemaMigrationFiles.load(Platforms.CONFIG));
        // AwsSolutions, Serverless and the compliance packs the environment lists (prod: NIST 800-53 R5)
        WarehousePlatform.addSecurityChecks(app, config);

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
        Map<String, List<String>> acknowledgedAt = acknowledgmentLocations(app);
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
        assertThat(out.resolve(env + "-warehouse.template.json")).exists();
    }

    /** Every acknowledgment in the tree: finding id to the paths of the constructs that carry it. */
    static Map<String, List<String>> acknowledgmentLocations(App app) {
        Map<String, List<String>> locations = new HashMap<>();
        for (IConstruct construct : app.getNode().findAll()) {
            for (MetadataEntry entry : construct.getNode().getMetadata()) {
                if (Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType())) {
                    ((Map<?, ?>) entry.getData()).forEach((id, reason) -> {
                        assertThat(String.valueOf(reason)).as("reason of " + id).hasSizeGreaterThan(40);
                        locations
                                .computeIfAbsent(String.valueOf(id), k -> new ArrayList<>())
                                .add(construct.getNode().getPath());
                    });
                }
            }
        }
        return locations;
    }
}
