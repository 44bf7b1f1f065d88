package com.warehouseplatform.infra;

import com.warehouseplatform.config.ConfigException;
import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.SchemaMigrationFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;

/**
 * The CDK app: {@code npx cdk synth -c env=<env>} synthesizes {@code config/<env>.yaml} (default
 * {@code dev}); {@code -c deployIdentity=true} synthesizes the deploy identity stacks instead (see
 * {@link DeployIdentity}). A bad configuration prints every problem and synthesizes nothing.
 */
public final class WarehousePlatformApp {
    public static final String DEFAULT_ENVIRONMENT = "dev";

    private WarehousePlatformApp() {}

    public static void main(String[] args) {
        App app = WarehousePlatform.newApp(Map.of());
        if (DeployIdentity.requested(app)) {
            synthDeployIdentity(app);
            return;
        }
        Object requested = app.getNode().tryGetContext("env");
        String env = requested == null ? DEFAULT_ENVIRONMENT : requested.toString();
        EnvironmentConfig config;
        List<SchemaMigrationFiles.SqlFile> migrations;
        try {
            config = ConfigLoader.load(Path.of("config"), env);
            migrations = SchemaMigrationFiles.load(Path.of("config"));
        } catch (ConfigException e) {
            System.err.println("Configuration problems, nothing synthesized:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(1);
            return;
        }
        WarehousePlatform.build(app, config, migrations);
        WarehousePlatform.addSecurityChecks(app, config);
        app.synth();
    }

    /** {@code -c deployIdentity=true}: the deploy identity stacks of every environment in config/, nothing else. */
    private static void synthDeployIdentity(App app) {
        try {
            DeployIdentity.build(app, ConfigLoader.loadAll(Path.of("config")));
        } catch (ConfigException e) {
            System.err.println("Configuration problems, nothing synthesized:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(1);
            return;
        }
        WarehousePlatform.addSecurityChecks(app);
        app.synth();
    }
}
