package com.warehouseplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.FeatureFlags;

/** The app that tests build and the app that `npx cdk synth` runs take their feature flags from cdk.json. */
class CdkJsonTest {

    @Test
    void theAppsFeatureFlagsAreCdkJsonsContext() throws IOException {
        JsonNode context =
                new ObjectMapper().readTree(Path.of("..", "cdk.json").toFile()).path("context");
        Map<String, Object> flags = WarehousePlatform.FEATURE_FLAGS;
        assertThat(flags).hasSize(context.size() - 1).doesNotContainKey("env");
        context.fieldNames().forEachRemaining(name -> {
            if (!name.equals("env")) {
                assertThat(flags).containsKey(name);
            }
        });
        assertThat(flags)
                .containsEntry("@aws-cdk/aws-iam:minimizePolicies", true)
                .containsEntry("@aws-cdk/core:defaultCrossStackReferences", "strong");
    }

    @Test
    void aNewAppHasTheFlagsOn() {
        App app = WarehousePlatform.newApp(Map.of());
        assertThat(FeatureFlags.of(app).isEnabled("@aws-cdk/aws-ec2:restrictDefaultSecurityGroup"))
                .isTrue();
        assertThat(FeatureFlags.of(app).isEnabled("@aws-cdk/core:enablePartitionLiterals"))
                .isTrue();
    }
}
