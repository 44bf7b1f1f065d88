package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.config.AccessConfig;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.LoaderConfig;
import com.warehouseplatform.config.SchemaMigrationFiles;
import com.warehouseplatform.config.WarehouseEventsConfig;
import com.warehouseplatform.infra.constructs.AccessSecrets;
import com.warehouseplatform.infra.constructs.AlertTopic;
import com.warehouseplatform.infra.constructs.DataLake;
import com.warehouseplatform.infra.constructs.FunctionPlacement;
import com.warehouseplatform.infra.constructs.LoaderAlarms;
import com.warehouseplatform.infra.constructs.LoaderDashboard;
import com.warehouseplatform.infra.constructs.LoaderFunction;
import com.warehouseplatform.infra.constructs.LoaderSchedule;
import com.warehouseplatform.infra.constructs.PauseResumeSchedule;
import com.warehouseplatform.infra.constructs.ProvisionedWarehouse;
import com.warehouseplatform.infra.constructs.PublishedValue;
import com.warehouseplatform.infra.constructs.SchemaMigrations;
import com.warehouseplatform.infra.constructs.SignInRole;
import com.warehouseplatform.infra.constructs.StackLogs;
import com.warehouseplatform.infra.constructs.WarehouseAccess;
import com.warehouseplatform.infra.constructs.WarehouseBootstrap;
import com.warehouseplatform.infra.constructs.WarehouseEndpoint;
import com.warehouseplatform.infra.constructs.WarehouseEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The loaders of an environment, their schedules, alarms, alert topic and dashboard, the schema
 * migrations and the warehouse bootstrap. Changing a loader touches only this stack; adding or removing one also
 * adds or removes its COPY role in the data-lake stack and that role's attachment to the warehouse. It references
 * the stateful stacks, never the other way round.
 */
public class LoaderStack extends Stack {
    private final AlertTopic alerts;
    private final Map<String, LoaderFunction> functions = new LinkedHashMap<>();

    public LoaderStack(
            Construct scope,
            String id,
            StackProps props,
            EnvironmentConfig config,
            List<SchemaMigrationFiles.SqlFile> migrationFiles,
            WarehouseStack warehouse,
            DataLakeStack dataLake) {
        super(scope, id, props);
        String env = config.name();
        IBucket raw = Bucket.fromBucketName(this, "Raw", DataLake.bucketName(this, env, DataLake.RAW));
        IBucket ops = Bucket.fromBucketName(this, "Ops", DataLake.bucketName(this, env, DataLake.OPS));
        IKey key = dataLake.getDataLake().getKey();
        WarehouseEndpoint endpoint = warehouse.getEndpoint();
        alerts = new AlertTopic(
                this,
                "Alerts",
                new AlertTopic.Props(
                        env, LoaderAlarms.namePrefix(env), config.alerts().emails(), Protection.removalPolicy(config)));
        warehouseEvents(config);
        StackLogs logs =
                new StackLogs(this, "Logs", new StackLogs.Props(env, config.logs(), Protection.removalPolicy(config)));
        List<WarehouseBootstrap.LoaderGrant> grants = new ArrayList<>();
        for (LoaderConfig loader : config.loaders()) {
            Construct scopeOfLoader = new Construct(this, "Loader-" + loader.name());
            String copyRoleArn =
                    dataLake.getCopyRoles().get(loader.name()).getRole().getRoleArn();
            LoaderFunction function = new LoaderFunction(
                    scopeOfLoader,
                    "Function",
                    new LoaderFunction.Props(
                            env,
                            loader,
                            endpoint,
                            raw,
                            ops,
                            key,
                            copyRoleArn,
                            alerts,
                            logs,
                            Protection.removalPolicy(config),
                            config.warehouse()));
            LoaderSchedule schedule = new LoaderSchedule(
                    scopeOfLoader,
                    "Schedule",
                    new LoaderSchedule.Props(loader, function.getAlias(), Protection.removalPolicy(config)));
            new LoaderAlarms(
                    scopeOfLoader,
                    "Alarms",
                    new LoaderAlarms.Props(
                            env,
                            loader,
                            function.getAlias(),
                            List.of(function.getFailures(), schedule.getDeadLetters()),
                            alerts.getTopic()));
            functions.put(loader.name(), function);
            grants.add(new WarehouseBootstrap.LoaderGrant(
                    loader.name(),
                    LoaderFunction.roleName(env, loader.name()),
                    loader.table(),
                    copyRoleArn,
                    loader.mode()));
        }
        SchemaMigrations migrations = new SchemaMigrations(
                this, "Migrations", new SchemaMigrations.Props(endpoint, key, migrationFiles, logs));
        WarehouseBootstrap bootstrap = new WarehouseBootstrap(
                this,
                "Bootstrap",
                WarehouseBootstrap.Props.builder()
                        .warehouse(endpoint)
                        .secretKey(key)
                        .loaders(grants)
                        .migrations(migrations)
                        .logs(logs)
                        .build());
        AccessSecrets accessSecrets = access(config, endpoint, key, migrations, bootstrap, logs, warehouse);
        new LoaderDashboard(
                this,
                "Dashboard",
                new LoaderDashboard.Props(
                        env, config.loaders().stream().map(LoaderConfig::name).toList()));
        new PublishedValue(
                this,
                "AlertTopicArn",
                new PublishedValue.Props(
                        env,
                        "alert-topic-arn",
                        alerts.getTopic().getTopicArn(),
                        "SNS topic of loader alerts and alarms"));
        // last: every function of the stack, the loaders' and the custom resource providers', exists by now
        FunctionPlacement placement = new FunctionPlacement(this, "FunctionPlacement", warehouse.getFunctionNetwork());
        placement.placeEveryFunction(this);
        if (accessSecrets != null && placement.getSecurityGroup() != null) {
            // the access step runs in the VPC too and reads the users' secrets through the same endpoint
            accessSecrets.admitToEndpoint(placement.getSecurityGroup(), "EndpointFromFunctions");
        }
    }

    /**
     * The access step and what it needs, only when config has an access section: a sign-in IAM role per role with
     * signIn, a rotated secret per service user. Returns the users' secrets, or {@code null} when there are none.
     */
    private AccessSecrets access(
            EnvironmentConfig config,
            WarehouseEndpoint endpoint,
            IKey adminSecretKey,
            SchemaMigrations migrations,
            WarehouseBootstrap bootstrap,
            StackLogs logs,
            WarehouseStack warehouse) {
        AccessConfig access = config.access();
        if (access.isEmpty()) {
            return null;
        }
        String env = config.name();
        List<WarehouseAccess.RoleGrant> roles = new ArrayList<>();
        for (AccessConfig.Role role : access.roles()) {
            String signInUser = null;
            if (role.signIn() != null) {
                signInUser = new SignInRole(
                                this,
                                "SignIn-" + role.name(),
                                new SignInRole.Props(
                                        env, role.name(), role.signIn().principals(), endpoint))
                        .databaseUser();
            }
            roles.add(new WarehouseAccess.RoleGrant(role, signInUser));
        }
        AccessSecrets secrets = null;
        List<WarehouseAccess.UserGrant> users = new ArrayList<>();
        if (!access.users().isEmpty()) {
            secrets = new AccessSecrets(
                    this,
                    "UserSecrets",
                    new AccessSecrets.Props(
                            env,
                            access.users(),
                            endpoint,
                            warehouse.getVpc(),
                            warehouse.getSecurityGroup(),
                            config.warehouse().port(),
                            Protection.removalPolicy(config)));
            for (AccessConfig.User user : access.users()) {
                users.add(new WarehouseAccess.UserGrant(
                        user, secrets.getSecrets().get(user.name()).getSecret().getSecretArn()));
            }
        }
        WarehouseAccess step = new WarehouseAccess(
                this,
                "Access",
                WarehouseAccess.Props.builder()
                        .warehouse(endpoint)
                        .adminSecretKey(adminSecretKey)
                        .userSecretKey(secrets != null ? secrets.getKey() : null)
                        .adminUsername(config.warehouse().adminUsername())
                        .roles(roles)
                        .users(users)
                        .migrations(migrations)
                        .bootstrap(bootstrap)
                        .logs(logs)
                        .build());
        if (secrets != null) {
            // a single-user rotation logs in as the user: the access step creates it first, with the first password
            secrets.getSecrets().values().forEach(s -> s.getRotation().getNode().addDependency(step.getResource()));
        }
        return secrets;
    }

    /**
     * The warehouse's own events to the alert topic, unless turned off. They live here, not in the warehouse stack,
     * because cross-stack references go from this stack to the stateful ones; they name the cluster and its actions by
     * their fixed names.
     */
    private void warehouseEvents(EnvironmentConfig config) {
        WarehouseEventsConfig events = config.alerts().warehouseEvents();
        if (!events.enabled()) {
            return;
        }
        String env = config.name();
        WarehouseEvents.Props props;
        if (config.warehouse().serverless()) {
            props = WarehouseEvents.Props.serverless(env, events, alerts, Protection.removalPolicy(config));
        } else {
            String name = ProvisionedWarehouse.identifier(env);
            props = WarehouseEvents.Props.cluster(
                    env,
                    events,
                    alerts,
                    name,
                    config.warehouse().operations().pausesAndResumes()
                            ? PauseResumeSchedule.actionNames(name)
                            : List.of());
        }
        new WarehouseEvents(this, "WarehouseEvents", props);
    }

    public AlertTopic getAlerts() {
        return alerts;
    }

    public Map<String, LoaderFunction> getFunctions() {
        return functions;
    }
}
