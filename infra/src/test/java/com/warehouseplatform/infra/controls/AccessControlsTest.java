package com.warehouseplatform.infra.controls;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.SchemaMigrationFiles;
import com.warehouseplatform.infra.AccessExample;
import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.WarehousePlatform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;

/**
 * {@link EnvironmentControlsTest} over the files of config/ with the example access section: the access
 * infra meets every Control Tower proactive control of the bundled rules or acknowledges it on its resource.
 */
class AccessControlsTest {
    private static ControlCheck check;

    static List<String> environments() {
        return Platforms.environmentNames();
    }

    @ParameterizedTest(name = "{0} with access")
    @MethodSource("environments")
    void noUnacknowledgedFindingAndNoStaleAcknowledgment(String env) {
        if (check == null) {
            check = new ControlCheck(CfnGuard.locate(Check.ROOT));
        }
        App app = WarehousePlatform.newApp(Map.of());
        WarehousePlatform.build(app, AccessExample.config(env), SchemaMigrationFiles.load(Platforms.CONFIG));
        WarehousePlatform.addSecurityChecks(app);
        ControlCheck.Result result = check.check(List.of(Path.of(app.synth().getDirectory())));

        assertThat(result.results()).as("controls evaluated").isNotEmpty();
        assertThat(result.failures().stream()
                        .map(f -> f.control().id() + " " + f.stack() + "/" + f.logicalId() + " (" + f.type() + ")")
                        .toList())
                .as(env + ": findings without an acknowledgment on their resource")
                .isEmpty();
        assertThat(result.stale().stream().map(StaleAcknowledgment::line).toList())
                .as(env + ": stale acknowledgments")
                .isEmpty();
    }
}
