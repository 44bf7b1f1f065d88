package com.warehouseplatform.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A custom resource provider whose handler, from the loader jar, runs SQL on the warehouse at deploy time
 * through the Data API as the admin (with the admin secret): the bootstrap and the schema migrations.
 */
public class DeployTimeSqlFunction extends Construct {

    public record Props(
            String handler, String description, WarehouseEndpoint warehouse, IKey secretKey, StackLogs logs) {}

    private final Provider provider;
    private final Function handler;

    public DeployTimeSqlFunction(Construct scope, String id, Props props) {
        super(scope, id);
        LogGroup logs = props.logs().logGroup(this, "Logs");
        handler = Function.Builder.create(this, "Handler")
                .description(props.description())
                .runtime(LoaderCode.RUNTIME)
                .architecture(Architecture.X86_64)
                .handler(props.handler())
                .code(LoaderCode.jar())
                .memorySize(512)
                .timeout(Duration.minutes(10))
                // one run at a time: two runs of the same statements (migrations, grants) must never overlap, and a
                // deploy-time function needs no more; the loaders reserve theirs the same way (NIST 800-53 R5 and
                // HIPAA's LambdaConcurrency ask every function for a concurrency limit)
                .reservedConcurrentExecutions(1)
                .tracing(Tracing.ACTIVE)
                .logGroup(logs)
                .role(new FunctionRole(this, "Role", new FunctionRole.Props(props.description(), logs)).getRole())
                .build();
        WarehouseEndpoint warehouse = props.warehouse();
        handler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("redshift-data:ExecuteStatement", "redshift-data:BatchExecuteStatement"))
                .resources(List.of(warehouse.dataApiArn()))
                .build());
        handler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("redshift-data:DescribeStatement", "redshift-data:GetStatementResult"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("redshift-data:statement-owner-iam-userid", "${aws:userid}")))
                .build());
        handler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(warehouse.adminSecretArn()))
                .build());
        props.secretKey().grantDecrypt(handler);
        Findings.acknowledge(
                handler.getRole(),
                "AwsSolutions-IAM5[Resource::*]",
                "DescribeStatement and GetStatementResult take no resource (the condition limits them to statements "
                        + "this role submitted), nor do X-Ray's PutTraceSegments and PutTelemetryRecords.");
        Findings.acknowledge(
                handler,
                "Serverless::Serverless-LambdaDLQ",
                "Invoked synchronously by the custom resource provider during deploys; a failure fails the deploy, a DLQ would hold nothing.");
        Findings.acknowledge(
                handler,
                "Serverless::Serverless-LambdaAsyncFailureDestination",
                "Invoked synchronously by the custom resource provider during deploys; there is no async invocation to fail.");
        Findings.acknowledgeCompliance(
                handler,
                "LambdaDLQ",
                "Invoked synchronously by the custom resource provider during deploys; a failure fails the deploy, a DLQ would hold nothing.");

        provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(handler)
                .logGroup(props.logs().logGroup(this, "ProviderLogs"))
                .build();
        String why =
                "CDK's custom resource framework function relays CloudFormation events to the handler during deploys only; ";
        Findings.acknowledge(
                provider,
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                why + "the basic execution policy only lets it write its own logs.");
        Findings.acknowledge(
                provider,
                "Serverless::Serverless-LambdaDLQ",
                why + "it is invoked synchronously and a failure fails the deploy.");
        Findings.acknowledge(
                provider,
                "Serverless::Serverless-LambdaAsyncFailureDestination",
                why + "it is invoked synchronously and a failure fails the deploy.");
        Findings.acknowledge(
                provider,
                "Serverless::Serverless-LambdaDefaultMemorySize",
                why + "it only relays one event, the default memory is enough.");
        Findings.acknowledge(
                provider,
                "Serverless::Serverless-LambdaTracing",
                why + "its work is one synchronous call, visible in CloudFormation events.");
        Findings.acknowledgeCompliance(
                provider, "LambdaDLQ", why + "it is invoked synchronously and a failure fails the deploy.");
        Findings.acknowledgeCompliance(
                provider,
                "LambdaConcurrency",
                why
                        + "it runs once per deploy of this custom resource, and the handler it calls is limited to one run.");
        Findings.acknowledgeInlinePolicies(provider);
        Findings.acknowledgeWildcardResource(
                provider,
                handler.getFunctionArn() + ":*",
                "CDK's custom resource framework may invoke any version of the handler, and nothing else.");
    }

    /** The handler, for grants beyond the admin secret and the Data API (the access step reads the users' secrets). */
    public Function getHandler() {
        return handler;
    }

    public String getServiceToken() {
        return provider.getServiceToken();
    }

    /** The properties that tell a handler which warehouse to use and how. */
    static Map<String, Object> target(WarehouseEndpoint warehouse) {
        // insertion order, never Map.of's per-process order: the template must be the same in every synth
        Map<String, Object> target = new LinkedHashMap<>();
        target.put(
                warehouse.clusterIdentifier() != null ? "ClusterIdentifier" : "WorkgroupName",
                warehouse.clusterIdentifier() != null ? warehouse.clusterIdentifier() : warehouse.workgroupName());
        target.put("Database", warehouse.database());
        target.put("SecretArn", warehouse.adminSecretArn());
        return target;
    }
}
