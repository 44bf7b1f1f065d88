package com.warehouseplatform.infra.controls;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.SchemaMigrationFiles;
import com.warehouseplatform.infra.DeployIdentity;
import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.WarehousePlatform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;

/**
 * Every environment of config/ and the deploy identity, synthesized as the CLI synthesizes them (with the schema
 * migrations and cdk-nag), meet every Control Tower proactive control of the bundled rules or acknowledge it on the
 * resource, and no acknowledgment is stale: what .ci/run checks with bin/control-tower-check.
 */
class EnvironmentControlsTest {
    private static ControlCheck check;

    static Stream<String> synths() {
        List<String> names = new ArrayList<>(Platforms.environmentNames());
        names.add(DeployIdentity.STACK_NAME);
        return names.stream();
    }

    private static Path synth(String name) {
        App app = WarehousePlatform.newApp(Map.of());
        if (name.equals(DeployIdentity.STACK_NAME)) {
            DeployIdentity.build(app, ConfigLoader.loadAll(Platforms.CONFIG));
        } else {
            var config = ConfigLoader.load(Platforms.CONFIG, name);
            WarehousePlatform.build(app, config, SchemaMigrationFiles.load(Platforms.CONFIG));
            // as `npx cdk synth` does: the environment's compliance packs too
            WarehousePlatform.addSecurityChecks(app, config);
            return Path.of(app.synth().getDirectory());
        }
        WarehousePlatform.addSecurityChecks(app);
        return Path.of(app.synth().getDirectory());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("synths")
    void noUnacknowledgedFindingAndNoStaleAcknowledgment(String name) {
        if (check == null) {
            check = new ControlCheck(CfnGuard.locate(Check.ROOT));
        }
        ControlCheck.Result result = check.check(List.of(synth(name)));

        assertThat(result.results()).as("controls evaluated").isNotEmpty();
        assertThat(result.failures().stream()
                        .map(f -> f.control().id() + " " + f.stack() + "/" + f.logicalId() + " (" + f.type() + ") at "
                                + f.constructPath())
                        .toList())
                .as(name + ": findings without an acknowledgment on their resource")
                .isEmpty();
        assertThat(result.stale().stream().map(StaleAcknowledgment::line).toList())
                .as(name + ": stale acknowledgments")
                .isEmpty();
        assertThat(result.acknowledged())
                .as(name + ": every acknowledgment has a reason")
                .allSatisfy(a -> assertThat(a.reason()).isNotBlank());
    }
}
