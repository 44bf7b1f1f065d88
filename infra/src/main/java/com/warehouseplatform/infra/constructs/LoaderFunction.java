package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.LoaderConfig;
import com.warehouseplatform.config.LoaderEnvironment;
import com.warehouseplatform.config.WarehouseConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The Lambda function of one loader, invoked through its {@code live} alias (a published version with
 * SnapStart). One invocation at a time; async invocations that still fail after two retries go to an
 * encrypted, TLS-only queue. Its role may use the Data API on this cluster only, read only under the
 * loader's prefix of the raw bucket, and write only its own manifests and state in the ops bucket.
 */
public class LoaderFunction extends Construct {

    public record Props(
            String environment,
            LoaderConfig loader,
            WarehouseEndpoint warehouse,
            IBucket rawBucket,
            IBucket opsBucket,
            IKey lakeKey,
            /* this loader's own COPY role */ String copyRoleArn,
            AlertTopic alerts,
            /* the loader stack's log groups */ StackLogs logs,
            RemovalPolicy removalPolicy,
            /* the warehouse: its pause and resume schedules, Multi-AZ */ WarehouseConfig warehouseConfig) {}

    private final Function function;
    private final Alias alias;
    private final Queue failures;

    public LoaderFunction(Construct scope, String id, Props props) {
        super(scope, id);
        LoaderConfig loader = props.loader();
        failures = DeadLetterQueue.create(
                this,
                "Failures",
                props.removalPolicy(),
                "the on-failure destination of the loader's async invocations");
        LogGroup logs = props.logs().logGroup(this, "Logs");
        function = Function.Builder.create(this, "Resource")
                .description("Loads " + loader.source() + " into " + loader.table() + " (" + props.environment() + ")")
                .runtime(LoaderCode.RUNTIME)
                .architecture(Architecture.X86_64)
                .handler(LoaderCode.LOADER_HANDLER)
                .code(LoaderCode.jar())
                .memorySize(1024)
                .timeout(Duration.minutes(5))
                .reservedConcurrentExecutions(1)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .logGroup(logs)
                .role(role(props, logs))
                .environment(environment(props))
                .build();
        Findings.acknowledge(
                function,
                "Serverless::Serverless-LambdaDLQ",
                "Failed async invocations go to the on-failure destination queue of the live alias, which keeps the error with the event.");
        // Lambda takes an on-failure destination "in addition to or instead of a dead-letter queue" and the destination
        // record carries the error with the event (PutFunctionEventInvokeConfig,
        // https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html)
        Findings.acknowledgeCompliance(
                function,
                "LambdaDLQ",
                "Failed async invocations go to the on-failure destination queue of the live alias, which keeps the error with the event.");
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "Published: the live alias points at the function's current version, which SnapStart applies to.");
        alias = Alias.Builder.create(this, "Live")
                .aliasName("live")
                .version(function.getCurrentVersion())
                .build();
        alias.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(2)
                .maxEventAge(Duration.hours(1))
                .onFailure(new SqsDestination(failures))
                .build());
        grant(props);
    }

    /**
     * The name of loader {@code loader}'s function role, {@code <env>-loader-<loader>} (at most 20 + 8 + 30 = 58 of
     * IAM's 64 characters): fixed, so that the data-lake stack's ops bucket policy can name the one role that may
     * write this loader's state and manifests without a reference to this stack.
     */
    public static String roleName(String environment, String loader) {
        return environment + "-loader-" + loader;
    }

    private Role role(Props props, LogGroup logs) {
        Role role = new FunctionRole(
                        this,
                        "Role",
                        new FunctionRole.Props("Runs loader " + props.loader().name(), logs))
                .getRole();
        ((CfnRole) role.getNode().getDefaultChild())
                .setRoleName(roleName(props.environment(), props.loader().name()));
        return role;
    }

    private static Map<String, String> environment(Props props) {
        WarehouseEndpoint warehouse = props.warehouse();
        return LoaderEnvironment.variables(
                props.loader(),
                new LoaderEnvironment.Deployment(
                                props.rawBucket().getBucketName(),
                                props.opsBucket().getBucketName(),
                                warehouse.database(),
                                warehouse.clusterIdentifier(),
                                warehouse.workgroupName(),
                                null,
                                props.alerts().getTopic().getTopicArn())
                        .withCopyRole(props.loader().name(), props.copyRoleArn())
                        // the loader counts freshness only while the schedules have the cluster up, and reads
                        // load errors from the SYS views on a Multi-AZ cluster
                        .on(props.warehouseConfig()));
    }

    private void grant(Props props) {
        String loader = props.loader().name();
        WarehouseEndpoint warehouse = props.warehouse();
        function.addToRolePolicy(statement(
                "SubmitToThisWarehouse",
                List.of("redshift-data:ExecuteStatement", "redshift-data:BatchExecuteStatement"),
                List.of(warehouse.dataApiArn())));
        if (warehouse.clusterIdentifier() != null) {
            // a run first asks whether the cluster is paused (Serverless does not pause: no call, no grant).
            // Scoped to this cluster's ARN, the "cluster" resource type the Service Authorization Reference
            // (list_amazonredshift) gives DescribeClusters; should the call be denied, the loader logs a WARN and
            // runs as if the cluster were available
            function.addToRolePolicy(statement(
                    "ReadOwnClusterState", List.of("redshift:DescribeClusters"), List.of(warehouse.dataApiArn())));
        }
        function.addToRolePolicy(statement(
                "SignInAsOwnIamIdentity", List.of(warehouse.credentialsAction()), List.of(warehouse.credentialsArn())));
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("FollowOwnStatements")
                .actions(List.of(
                        "redshift-data:DescribeStatement",
                        "redshift-data:GetStatementResult",
                        "redshift-data:CancelStatement"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("redshift-data:statement-owner-iam-userid", "${aws:userid}")))
                .build());
        String source = props.loader().source();
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ListOwnPrefix")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(props.rawBucket().getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(source + "*"))))
                .build());
        String sourceObjects = props.rawBucket().arnForObjects(source + "*");
        function.addToRolePolicy(statement("ReadOwnPrefix", List.of("s3:GetObject"), List.of(sourceObjects)));
        Findings.acknowledgeWildcardResource(
                function.getRole(),
                sourceObjects,
                "The loader reads every object under its own prefix " + source
                        + "; read-only, nothing else in the bucket.");
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ListOwnState")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(props.opsBucket().getBucketArn()))
                .conditions(Map.of(
                        "StringLike",
                        Map.of(
                                "s3:prefix",
                                List.of(CopyRole.statePrefix(loader) + "*", CopyRole.manifestPrefix(loader) + "*"))))
                .build());
        // the ops bucket's policy denies these writes to every other principal (DataLakeStack)
        String manifests = props.opsBucket().arnForObjects(CopyRole.manifestPrefix(loader) + "*");
        String state = props.opsBucket().arnForObjects(CopyRole.statePrefix(loader) + "*");
        function.addToRolePolicy(statement(
                "WriteOwnManifestsAndState",
                List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                List.of(manifests, state)));
        Findings.acknowledgeWildcardResource(
                function.getRole(),
                manifests,
                "The loader writes one manifest per file of a batch, named by batch id, under its own manifest prefix only.");
        Findings.acknowledgeWildcardResource(
                function.getRole(),
                state,
                "The loader keeps its pending batches, quarantine and watermark under its own state prefix only.");
        function.addToRolePolicy(statement(
                "UseLakeKey",
                List.of("kms:Decrypt", "kms:GenerateDataKey"),
                List.of(props.lakeKey().getKeyArn())));
        props.alerts().grantPublish(function);
        Findings.acknowledge(
                function.getRole(),
                "AwsSolutions-IAM5[Resource::*]",
                "DescribeStatement, GetStatementResult and CancelStatement take no resource (the condition limits them to "
                        + "statements this role submitted), nor do X-Ray's PutTraceSegments and PutTelemetryRecords.");
    }

    private static PolicyStatement statement(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(resources)
                .build();
    }

    public Function getFunction() {
        return function;
    }

    /** What schedules invoke: the published version with SnapStart. */
    public Alias getAlias() {
        return alias;
    }

    public Queue getFailures() {
        return failures;
    }
}
