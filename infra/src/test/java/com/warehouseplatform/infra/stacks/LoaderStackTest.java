package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.Policies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class LoaderStackTest {
    private static final Platforms.Built PROD = Platforms.of("prod");
    private static final Template LOADERS = PROD.loaders();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static String policyOf(String loader) {
        return LOADERS.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("Loader" + loader.replace("-", "") + "Function"))
                .map(e -> properties(e.getValue()).get("PolicyDocument").toString())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no policy of loader " + loader));
    }

    @Test
    void runsOneJavaFunctionPerLoaderWithSnapStartOnePerTime() {
        assertThat(PROD.config().loaders()).hasSize(3);
        Map<String, Map<String, Object>> functions = LOADERS.findResources(
                "AWS::Lambda::Function",
                Map.of("Properties", Map.of("Handler", "com.warehouseplatform.loader.LoaderHandler::handleRequest")));
        assertThat(functions).hasSize(3);
        LOADERS.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        "com.warehouseplatform.loader.LoaderHandler::handleRequest",
                        "Runtime",
                        "java25",
                        "MemorySize",
                        1024,
                        "Timeout",
                        300,
                        "ReservedConcurrentExecutions",
                        1,
                        "SnapStart",
                        Map.of("ApplyOn", "PublishedVersions"),
                        "TracingConfig",
                        Map.of("Mode", "Active"),
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.ofEntries(
                                        Map.entry("LOADER_NAME", "orders"),
                                        Map.entry("TARGET_TABLE", "sales.orders"),
                                        Map.entry("SOURCE_PREFIX", "orders/"),
                                        Map.entry("SOURCE_BUCKET", "prod-raw-123456789012-eu-west-1"),
                                        Map.entry("OPS_BUCKET", "prod-ops-123456789012-eu-west-1"),
                                        Map.entry("FORMAT_TYPE", "csv"),
                                        Map.entry("CSV_HEADER", "true"),
                                        Map.entry("COMPRESSION", "gzip"),
                                        Map.entry("MODE", "merge"),
                                        Map.entry("MERGE_KEYS", "order_id"),
                                        Map.entry("CLUSTER_IDENTIFIER", Match.anyValue()))))));
        LOADERS.resourceCountIs("AWS::Lambda::Alias", 3);
        LOADERS.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        LOADERS.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
    }

    @Test
    void retriesAsyncInvocationsAndKeepsFailuresInAnEncryptedQueue() {
        LOADERS.resourceCountIs("AWS::Lambda::EventInvokeConfig", 3);
        LOADERS.hasResourceProperties(
                "AWS::Lambda::EventInvokeConfig",
                Map.of(
                        "Qualifier",
                        Match.anyValue(),
                        "MaximumRetryAttempts",
                        2,
                        "MaximumEventAgeInSeconds",
                        3600,
                        "DestinationConfig",
                        Map.of("OnFailure", Map.of("Destination", Match.anyValue()))));
        LOADERS.allResourcesProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
        LOADERS.resourceCountIs("AWS::SQS::Queue", 6);
        LOADERS.resourceCountIs("AWS::SQS::QueuePolicy", 6);
        LOADERS.allResourcesProperties(
                "AWS::SQS::QueuePolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Deny",
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false")))))),
                                "Version",
                                "2012-10-17")));
    }

    @Test
    void schedulesEachLoaderInItsTimeZoneWithRetriesAndADeadLetterQueue() {
        LOADERS.resourceCountIs("AWS::Scheduler::Schedule", 3);
        LOADERS.hasResourceProperties(
                "AWS::Scheduler::Schedule",
                Map.of(
                        "ScheduleExpression", "cron(0/15 * * * ? *)",
                        "ScheduleExpressionTimezone", "Europe/Berlin",
                        "State", "ENABLED",
                        "Target",
                                Map.of(
                                        "Arn", Map.of("Ref", Match.stringLikeRegexp("LoaderordersFunctionLive")),
                                        "RoleArn", Match.anyValue(),
                                        "Input", "{\"loader\":\"orders\"}",
                                        "RetryPolicy",
                                                Map.of("MaximumRetryAttempts", 3, "MaximumEventAgeInSeconds", 3600),
                                        "DeadLetterConfig", Map.of("Arn", Match.anyValue()))));
        LOADERS.hasResourceProperties(
                "AWS::Scheduler::Schedule",
                Map.of("ScheduleExpression", "rate(10 minutes)", "ScheduleExpressionTimezone", "UTC"));
    }

    @Test
    void letsEachLoaderUseTheDataApiOnThisClusterAndReadOnlyItsOwnPrefix() {
        String orders = policyOf("orders");
        assertThat(orders)
                .contains("Action=[redshift-data:BatchExecuteStatement, redshift-data:ExecuteStatement]")
                .contains(":cluster:")
                .contains("Action=redshift:GetClusterCredentialsWithIAM")
                .contains("redshift-data:statement-owner-iam-userid=${aws:userid}")
                .contains("s3:prefix=[orders/*]")
                .contains("prod-raw-123456789012-eu-west-1/orders/*")
                .contains("prod-ops-123456789012-eu-west-1/manifests/orders/*")
                .contains("prod-ops-123456789012-eu-west-1/state/orders/*")
                .doesNotContain("events/")
                .doesNotContain("customers/")
                .doesNotContain("s3:*")
                .doesNotContain("redshift-data:*")
                .doesNotContain("kms:*");
        assertThat(policyOf("customers"))
                .contains("prod-raw-123456789012-eu-west-1/customers/*")
                .doesNotContain("orders/");
    }

    @Test
    void alarmsOnErrorsDeadLettersAndStaleness() {
        LOADERS.resourceCountIs("AWS::CloudWatch::Alarm", 3 * 4);
        LOADERS.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "AlarmName", "prod-loader-orders-freshness",
                        "MetricName", "UpSecondsSinceLastSuccess",
                        "Namespace", "WarehousePlatform/Loaders",
                        "Threshold", 6 * 3600,
                        "TreatMissingData", "breaching",
                        "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("^Alerts")))));
        LOADERS.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of("AlarmName", "prod-loader-orders-errors", "MetricName", "Errors", "Threshold", 1));
        LOADERS.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "AlarmName", "prod-loader-orders-dead-letters-1",
                        "MetricName", "ApproximateNumberOfMessagesVisible"));
    }

    @Test
    void sendsAlertsThroughAnEncryptedTlsOnlyTopicToTheConfiguredEmails() {
        LOADERS.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        LOADERS.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        LOADERS.hasResourceProperties(
                "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "data-alerts@example.com"));
        LOADERS.hasResourceProperties(
                "AWS::SNS::TopicPolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Deny",
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false")))))),
                                "Version",
                                "2012-10-17")));
    }

    @Test
    void showsEveryLoaderOnOneDashboard() {
        LOADERS.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        Map<String, Map<String, Object>> dashboards = LOADERS.findResources("AWS::CloudWatch::Dashboard");
        String body = properties(dashboards.values().iterator().next()).toString();
        assertThat(body)
                .contains("prod-warehouse-loaders")
                .contains("orders: loaded")
                .contains("web-events: failures and paused runs")
                .contains("PausedRuns")
                .contains("customers: seconds since last success")
                .contains("UpSecondsSinceLastSuccess");
    }

    @Test
    void bootstrapsTheWarehouseWithTheAdminSecretAndEachLoadersRoleTableOwnCopyRoleAndMode() {
        LOADERS.hasResourceProperties(
                "Custom::WarehouseBootstrap",
                Map.of(
                        "Database", "analytics",
                        "SecretArn", Map.of("Fn::ImportValue", Match.stringLikeRegexp("MasterPasswordSecretArn")),
                        "MigrationsChecksum", Match.stringLikeRegexp("^[0-9a-f]{64}$"),
                        "Loaders",
                                List.of(
                                        loaderItem("orders", "sales.orders", "merge", "CopyRoleorders"),
                                        loaderItem("web-events", "web.events", "append", "CopyRolewebevents"),
                                        loaderItem("customers", "sales.customers", "replace", "CopyRolecustomers"))));
        assertThat(LOADERS.findResources("Custom::WarehouseBootstrap").toString())
                .doesNotContain("CopyRoleArn=");
        LOADERS.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of("Handler", "com.warehouseplatform.loader.BootstrapHandler::handleRequest", "Runtime", "java25"));
    }

    private static Object loaderItem(String loader, String table, String mode, String copyRole) {
        return Map.of(
                "loader",
                loader,
                "roleName",
                "prod-loader-" + loader,
                "table",
                table,
                "copyRoleArn",
                Map.of("Fn::ImportValue", Match.stringLikeRegexp("^prod-data-lake:.*" + copyRole + ".*Arn")),
                "mode",
                mode);
    }

    /** Each loader's COPY names its own role: the one whose policy reads only its prefix (DataLakeStackTest). */
    @Test
    void givesEachLoaderItsOwnCopyRole() {
        for (String loader : List.of("orders", "web-events", "customers")) {
            LOADERS.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Map.of(
                            "Environment",
                            Map.of(
                                    "Variables",
                                    Match.objectLike(Map.of(
                                            "LOADER_NAME",
                                            loader,
                                            "COPY_ROLE_ARN",
                                            Map.of(
                                                    "Fn::ImportValue",
                                                    Match.stringLikeRegexp("^prod-data-lake:.*CopyRole"
                                                            + loader.replace("-", "") + "[0-9A-F]{8}Arn")))))));
        }
    }

    /**
     * Loader L writes state/L/ and manifests/L/ of the ops bucket: its role's policy allows exactly those prefixes,
     * and the ops bucket's policy (data-lake stack) denies them to every principal but the role of that name.
     */
    @Test
    @SuppressWarnings("unchecked")
    void eachLoaderWritesOnlyItsOwnStateAndManifestsThroughRoleAndBucketPolicy() {
        Template lake = PROD.dataLake();
        String opsBucket = Policies.logicalId(lake, "AWS::S3::Bucket", "BucketName=prod-ops-");
        List<Map<String, Object>> bucketDenials = lake.findResources("AWS::S3::BucketPolicy").values().stream()
                .filter(p -> Policies.text(properties(p).get("Bucket")).equals("${" + opsBucket + "}"))
                .flatMap(p -> Policies.statements(p, "PolicyDocument").stream())
                .filter(st -> "Deny".equals(st.get("Effect")))
                .toList();
        for (String loader : List.of("orders", "web-events", "customers")) {
            String roleId = Policies.logicalId(LOADERS, "AWS::IAM::Role", "Runs loader " + loader + ",");
            Map<String, Object> role = LOADERS.findResources("AWS::IAM::Role").get(roleId);
            assertThat(properties(role)).containsEntry("RoleName", "prod-loader-" + loader);
            List<Map<String, Object>> writes = Policies.ofRole(LOADERS, roleId).stream()
                    .filter(st -> Policies.values(st, "Action").stream()
                            .anyMatch(a -> a.startsWith("s3:Put") || a.startsWith("s3:Delete")))
                    .toList();
            assertThat(writes)
                    .singleElement()
                    .satisfies(st -> assertThat(Policies.values(st, "Resource"))
                            .containsExactlyInAnyOrder(
                                    "arn:aws:s3:::prod-ops-123456789012-eu-west-1/manifests/" + loader + "/*",
                                    "arn:aws:s3:::prod-ops-123456789012-eu-west-1/state/" + loader + "/*"));
            String roleArn = "arn:aws:iam::123456789012:role/prod-loader-" + loader;
            assertThat(bucketDenials)
                    .as("the bucket lets only " + roleArn + " write loader " + loader + "'s prefixes")
                    .anySatisfy(st -> {
                        assertThat(Policies.values(st, "Resource"))
                                .containsExactlyInAnyOrder(
                                        "${" + opsBucket + ".Arn}/state/" + loader + "/*",
                                        "${" + opsBucket + ".Arn}/manifests/" + loader + "/*");
                        assertThat(Policies.values(st, "Action"))
                                .containsAll(Policies.values(writes.get(0), "Action").stream()
                                        .filter(a -> !a.equals("s3:GetObject"))
                                        .toList());
                        assertThat(Policies.text(st.get("Condition")))
                                .isEqualTo("{ArnNotEquals={aws:PrincipalArn=" + roleArn + "}}");
                    });
        }
    }

    @Test
    void appliesTheSchemaMigrationsBeforeTheBootstrapGrants() {
        Map<String, Map<String, Object>> migrations = LOADERS.findResources("Custom::SchemaMigrations");
        assertThat(migrations).hasSize(1);
        String files = properties(migrations.values().iterator().next())
                .get("Migrations")
                .toString();
        assertThat(files)
                .contains(
                        "file=V1__create_sales_orders.sql",
                        "file=V2__create_web_events.sql",
                        "file=V3__create_sales_customers.sql",
                        "CREATE TABLE IF NOT EXISTS sales.orders");
        LOADERS.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of("Handler", "com.warehouseplatform.loader.MigrationHandler::handleRequest"));
        String migrationsId = migrations.keySet().iterator().next();
        Map<String, Map<String, Object>> bootstrap = LOADERS.findResources("Custom::WarehouseBootstrap");
        assertThat(bootstrap.values().iterator().next().get("DependsOn").toString())
                .contains(migrationsId);
    }

    /** Migrations, bootstrap and access never run twice at once (and so meet NIST 800-53 R5's LambdaConcurrency). */
    @Test
    void runsEachDeployTimeSqlFunctionOneAtATime() {
        for (String handler : List.of(
                "com.warehouseplatform.loader.MigrationHandler::handleRequest",
                "com.warehouseplatform.loader.BootstrapHandler::handleRequest",
                "com.warehouseplatform.loader.AccessHandler::handleRequest")) {
            assertThat(LOADERS.findResources(
                                    "AWS::Lambda::Function",
                                    Map.of("Properties", Map.of("Handler", handler, "ReservedConcurrentExecutions", 1)))
                            .keySet())
                    .as(handler)
                    .hasSize(1);
        }
    }

    /**
     * The stateful stacks hold no loader function or schedule; a loader's COPY role and its attachment are theirs. The
     * network's one function is CDK's, which removes the rules of the VPC's default security group at deploy
     * (@aws-cdk/aws-ec2:restrictDefaultSecurityGroup).
     */
    @Test
    void neverTouchesTheStatefulStacks() {
        for (Template stateful : List.of(PROD.network(), PROD.dataLake())) {
            stateful.resourceCountIs("AWS::Scheduler::Schedule", 0);
        }
        PROD.dataLake().resourceCountIs("AWS::Lambda::Function", 0);
        assertThat(PROD.network().findResources("AWS::Lambda::Function").keySet())
                .singleElement()
                .asString()
                .startsWith("CustomVpcRestrictDefaultSGCustomResourceProviderHandler");
        Template warehouse = PROD.warehouse();
        warehouse.resourceCountIs("AWS::Scheduler::Schedule", 0);
        warehouse.resourceCountIs("AWS::Lambda::Function", 1);
        assertThat(warehouse.findResources("Custom::AWS"))
                .as("snapshot schedule, usage limits, S3 prefix list; no default role")
                .hasSize(5);
    }
}
