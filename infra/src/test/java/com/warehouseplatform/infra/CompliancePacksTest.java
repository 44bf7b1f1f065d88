package com.warehouseplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * The compliance packs of {@code compliance} really run: a deliberately bad construct that only they flag (a role
 * with an inline policy on one named object: no wildcard, no managed policy, so AwsSolutions and Serverless find
 * nothing) is caught with the pack's exact rule id when the environment lists the pack, and by no other pack.
 */
class CompliancePacksTest {
    private static final String BAD_POLICY = "bad/InlinePolicy/Resource";

    /** config/dev.yaml with {@code compliance} set to {@code packs}, as a user would write it. */
    private static EnvironmentConfig devWith(String packs) {
        String text = Platforms.read("dev");
        assertThat(text).doesNotContain("compliance:");
        return ConfigLoader.parse(
                text + "\ncompliance: [" + packs + "]\n", "config/dev.yaml (compliance: [" + packs + "])", "dev");
    }

    /** Synthesizes the bad construct under the checks of {@code config}: rule id and construct path of each finding. */
    private static List<String> findings(EnvironmentConfig config, Path out) throws IOException {
        Map<String, Object> context = new HashMap<>(WarehousePlatform.FEATURE_FLAGS);
        context.put("@aws-cdk/core:validationReportJson", true);
        App app = new App(
                AppProps.builder().context(context).outdir(out.toString()).build());
        Stack stack = new Stack(app, "bad");
        Role role = Role.Builder.create(stack, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        Policy.Builder.create(stack, "InlinePolicy")
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of("arn:aws:s3:::example-bucket/example-object"))
                        .build()))
                .build()
                .attachToRole(role);
        WarehousePlatform.addSecurityChecks(app, config);
        try {
            app.synth();
        } catch (RuntimeException e) {
            // a finding fails synth; the report says which
        }
        Path report = out.resolve("validation-report.json");
        List<String> found = new ArrayList<>();
        if (!Files.exists(report)) {
            return found;
        }
        for (JsonNode plugin : new ObjectMapper().readTree(report.toFile()).path("pluginReports")) {
            for (JsonNode violation : plugin.path("violations")) {
                for (JsonNode construct : violation.path("violatingConstructs")) {
                    found.add(violation.path("ruleName").asText() + " at "
                            + construct.path("constructPath").asText());
                }
            }
        }
        return found;
    }

    @Test
    void noPackListedFlagsNothing(@TempDir Path out) throws IOException {
        EnvironmentConfig dev = ConfigLoader.load(Platforms.CONFIG, "dev");
        assertThat(dev.compliance()).isEmpty();

        assertThat(findings(dev, out)).as("AwsSolutions and Serverless alone").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "nist-800-53-r5, NIST.800.53.R5-IAMNoInlinePolicy",
        "hipaa, HIPAA.Security-IAMNoInlinePolicy",
        "pci-dss-3.2.1, PCI.DSS.321-IAMNoInlinePolicy"
    })
    void aListedPackCatchesTheBadConstructWithItsRuleId(String pack, String rule, @TempDir Path out)
            throws IOException {
        assertThat(findings(devWith(pack), out)).containsExactly(rule + " at " + BAD_POLICY);
    }
}
