package com.warehouseplatform.infra;

import com.warehouseplatform.config.CompliancePack;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.ResilienceConfig;
import com.warehouseplatform.config.SchemaMigrationFiles;
import com.warehouseplatform.infra.stacks.DataLakeStack;
import com.warehouseplatform.infra.stacks.DisasterRecoveryStack;
import com.warehouseplatform.infra.stacks.LoaderStack;
import com.warehouseplatform.infra.stacks.NetworkStack;
import com.warehouseplatform.infra.stacks.WarehouseStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPack;
import io.github.cdklabs.cdknag.PCIDSS321Checks;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.IPolicyValidationPlugin;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.Validations;

/**
 * The stacks of one environment, wired together: network, data lake, warehouse, loaders, and, when the warehouse
 * copies its snapshots to another region, the disaster-recovery stack there ({@code null} otherwise).
 */
public record WarehousePlatform(
        NetworkStack network,
        DataLakeStack dataLake,
        WarehouseStack warehouse,
        LoaderStack loaders,
        DisasterRecoveryStack disasterRecovery) {

    /**
     * The feature flags of cdk.json (its context entries that start with {@code @aws-cdk}), read from the class
     * path (infra's build copies cdk.json there) so that tests build the same app as {@code npx cdk synth}.
     * README "Feature flags" says which of them changed what.
     */
    static final Map<String, Object> FEATURE_FLAGS = CdkJson.featureFlags();

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
        DisasterRecoveryStack disasterRecovery = disasterRecovery(app, config);
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
        if (disasterRecovery != null) {
            // the cluster names the grant as text (no cross-region reference), so the order is stated
            warehouse.addStackDependency(disasterRecovery);
        }
        LoaderStack loaders = new LoaderStack(
                app, env + "-loaders", props(config, "loaders"), config, migrations, warehouse, dataLake);
        WarehousePlatform platform = new WarehousePlatform(network, dataLake, warehouse, loaders, disasterRecovery);
        for (var stack : platform.stacks()) {
            tags(config).forEach((key, value) -> Tags.of(stack).add(key, value));
        }
        return platform;
    }

    /**
     * Runs the cdk-nag AwsSolutions and Serverless packs over everything in {@code app} at synth, and nothing more:
     * for the deploy identity, whose stacks serve several environments and hold only IAM (README "Compliance packs").
     */
    public static void addSecurityChecks(App app) {
        addSecurityChecks(app, List.of());
    }

    /** Runs AwsSolutions, Serverless and the compliance packs {@code config} lists over everything in {@code app}. */
    public static void addSecurityChecks(App app, EnvironmentConfig config) {
        addSecurityChecks(app, config.compliance());
    }

    /** Runs AwsSolutions, Serverless and {@code compliance} (in its order) over everything in {@code app} at synth. */
    public static void addSecurityChecks(App app, List<CompliancePack> compliance) {
        List<IPolicyValidationPlugin> packs = new ArrayList<>();
        packs.add(new AwsSolutionsChecks(app));
        packs.add(new ServerlessChecks(app));
        for (CompliancePack pack : compliance) {
            packs.add(nagPack(app, pack));
        }
        Validations.of(app).addPlugins(packs.toArray(IPolicyValidationPlugin[]::new));
    }

    /** The cdk-nag 3.0.2 pack of {@code pack}. */
    static NagPack nagPack(App app, CompliancePack pack) {
        return switch (pack) {
            case NIST_800_53_R5 -> new NIST80053R5Checks(app);
            case HIPAA -> new HIPAASecurityChecks(app);
            case PCI_DSS_321 -> new PCIDSS321Checks(app);
        };
    }

    public List<software.amazon.awscdk.Stack> stacks() {
        return disasterRecovery == null
                ? List.of(network, dataLake, warehouse, loaders)
                : List.of(network, dataLake, warehouse, loaders, disasterRecovery);
    }

    /**
     * The regions the environment's stacks are deployed to: its own and, with a snapshot copy, the copy's destination
     * (the disaster-recovery stack). Each must be bootstrapped, and the deploy identity must reach each.
     */
    public static List<String> regions(EnvironmentConfig config) {
        ResilienceConfig.SnapshotCopy copy = config.warehouse().resilience().snapshotCopy();
        return copy == null ? List.of(config.region()) : List.of(config.region(), copy.region());
    }

    /** The stack in the snapshot copy's destination region, or {@code null} when the warehouse copies none. */
    private static DisasterRecoveryStack disasterRecovery(App app, EnvironmentConfig config) {
        ResilienceConfig.SnapshotCopy copy = config.warehouse().resilience().snapshotCopy();
        if (copy == null) {
            return null;
        }
        return new DisasterRecoveryStack(
                app,
                config.name() + "-warehouse-dr",
                props(config, copy.region(), "snapshot copies of the warehouse in " + copy.region()),
                config);
    }

    private static StackProps props(EnvironmentConfig config, String what) {
        return props(config, config.region(), what);
    }

    private static StackProps props(EnvironmentConfig config, String region, String what) {
        return StackProps.builder()
                .env(Environment.builder()
                        .account(config.account())
                        .region(region)
                        .build())
                .terminationProtection(config.protect())
                .description("Redshift warehouse platform, " + config.name() + ": " + what)
                // stack tags, which CloudFormation also applies to every resource it can tag: with the flag
                // @aws-cdk/core:explicitStackTags, Tags.of(stack) tags only the resources of the template
                .tags(tags(config))
                .build();
    }

    private static Map<String, String> tags(EnvironmentConfig config) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("platform", "redshift-warehouse");
        tags.put("environment", config.name());
        tags.putAll(config.tags());
        return tags;
    }
}
