package com.warehouseplatform.infra;

import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.SchemaMigrationFiles;
import com.warehouseplatform.infra.stacks.DataLakeStack;
import com.warehouseplatform.infra.stacks.LoaderStack;
import com.warehouseplatform.infra.stacks.NetworkStack;
import com.warehouseplatform.infra.stacks.WarehouseStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.Validations;

/** The stacks of one environment, wired together: network, data lake, warehouse, loaders. */
public record WarehousePlatform(
        NetworkStack network, DataLakeStack dataLake, WarehouseStack warehouse, LoaderStack loaders) {

    /**
     * Feature flags this platform depends on, set here rather than in cdk.json so that tests and the
     * CLI build the same app. Server access logs use a bucket policy instead of the LogDeliveryWrite
     * ACL, so every bucket keeps bucket-owner-enforced ownership. Cross-stack references stay strong:
     * a stateful stack cannot drop an export that the warehouse still uses.
     */
    static final Map<String, Object> FEATURE_FLAGS = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy",
            true,
            "@aws-cdk/core:defaultCrossStackReferences",
            "strong")));

    /** A new app with the platform's feature flags and {@code context} (for example the cdk CLI's {@code -c}). */
    public static App newApp(Map<String, Object> context) {
        // sorted, so that nothing of the context's order depends on the process (context never reaches a template)
        Map<String, Object> all = new TreeMap<>(FEATURE_FLAGS);
        all.putAll(context);
        return new App(AppProps.builder().context(all).build());
    }

    /** Builds every stack of {@code config} into {@code app}. */
    public static WarehousePlatform build(App app, EnvironmentConfig config) {
        return build(app, config, List.of());
    }

    /** Builds every stack of {@code config} into {@code app}, with the schema migrations of config/sql. */
    public static WarehousePlatform build(
            App app, EnvironmentConfig config, List<SchemaMigrationFiles.SqlFile> migrations) {
        String env = config.name();
        NetworkStack network = new NetworkStack(app, env + "-network", props(config, "network"), config);
        DataLakeStack dataLake = new DataLakeStack(app, env + "-data-lake", props(config, "data lake"), config);
        WarehouseStack warehouse = new WarehouseStack(
                app,
                env + "-warehouse",
                props(config, "warehouse"),
                config,
                network.getNetwork(),
                dataLake.getDataLake(),
                List.copyOf(dataLake.getCopyRoles().values()));
        LoaderStack loaders = new LoaderStack(
                app, env + "-loaders", props(config, "loaders"), config, migrations, warehouse, dataLake);
        WarehousePlatform platform = new WarehousePlatform(network, dataLake, warehouse, loaders);
        for (var stack : platform.stacks()) {
            Tags.of(stack).add("platform", "redshift-warehouse");
            Tags.of(stack).add("environment", env);
            config.tags().forEach((key, value) -> Tags.of(stack).add(key, value));
        }
        return platform;
    }

    /** Runs the cdk-nag AwsSolutions and Serverless packs over everything in {@code app} at synth. */
    public static void addSecurityChecks(App app) {
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
    }

    public List<software.amazon.awscdk.Stack> stacks() {
        return List.of(network, dataLake, warehouse, loaders);
    }

    private static StackProps props(EnvironmentConfig config, String what) {
        return StackProps.builder()
                .env(Environment.builder()
                        .account(config.account())
                        .region(config.region())
                        .build())
                .terminationProtection(config.protect())
                .description("Redshift warehouse platform, " + config.name() + ": " + what)
                .build();
    }
}
