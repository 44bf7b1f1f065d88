package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Prepares the warehouse for the loaders at deploy time, through the Data API with the admin secret:
 * the ops schema and ledger, one database user per loader role ({@code IAMR:<role>}) and its grants.
 * Idempotent: every deploy runs it again harmlessly, and a new loader gets its user and grants.
 */
public class WarehouseBootstrap extends Construct {

    /** A loader's role and the table it loads. */
    public record LoaderGrant(String roleName, String table) {
    }

    public record Props(WarehouseEndpoint warehouse, IKey secretKey, List<LoaderGrant> loaders,
                        RemovalPolicy removalPolicy) {
    }

    public WarehouseBootstrap(Construct scope, String id, Props props) {
        super(scope, id);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(props.removalPolicy())
                .build();
        Function handler = Function.Builder.create(this, "Handler")
                .description("Creates the ops schema, the ledger, and the loaders' users and grants")
                .runtime(LoaderCode.RUNTIME)
                .architecture(Architecture.X86_64)
                .handler(LoaderCode.BOOTSTRAP_HANDLER)
                .code(LoaderCode.jar())
                .memorySize(512)
                .timeout(Duration.minutes(10))
                .tracing(Tracing.ACTIVE)
                .logGroup(logs)
                .role(new FunctionRole(this, "Role", new FunctionRole.Props(
                        "Bootstraps the warehouse for the loaders", logs)).getRole())
                .build();
        WarehouseEndpoint warehouse = props.warehouse();
        handler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("redshift-data:ExecuteStatement", "redshift-data:BatchExecuteStatement"))
                .resources(List.of(warehouse.dataApiArn())).build());
        handler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("redshift-data:DescribeStatement", "redshift-data:GetStatementResult"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("redshift-data:statement-owner-iam-userid", "${aws:userid}")))
                .build());
        handler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(warehouse.adminSecretArn())).build());
        props.secretKey().grantDecrypt(handler);
        Findings.acknowledge(handler.getRole(), "AwsSolutions-IAM5[Resource::*]",
                "DescribeStatement and GetStatementResult take no resource (the condition limits them to statements "
                        + "this role submitted), nor do X-Ray's PutTraceSegments and PutTelemetryRecords.");
        Findings.acknowledge(handler, "Serverless::Serverless-LambdaDLQ",
                "Invoked synchronously by the custom resource provider during deploys; a failure fails the deploy, a DLQ would hold nothing.");
        Findings.acknowledge(handler, "Serverless::Serverless-LambdaAsyncFailureDestination",
                "Invoked synchronously by the custom resource provider during deploys; there is no async invocation to fail.");

        Provider provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(handler)
                .logGroup(LogGroup.Builder.create(this, "ProviderLogs")
                        .retention(RetentionDays.THREE_MONTHS)
                        .removalPolicy(props.removalPolicy())
                        .build())
                .build();
        acknowledgeProviderFindings(provider);
        Findings.acknowledgeWildcardResource(provider, handler.getFunctionArn() + ":*",
                "CDK's custom resource framework may invoke any version of the bootstrap handler, and nothing else.");

        CustomResource.Builder.create(this, "Resource")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::WarehouseBootstrap")
                .properties(Map.of(
                        warehouse.clusterIdentifier() != null ? "ClusterIdentifier" : "WorkgroupName",
                        warehouse.clusterIdentifier() != null ? warehouse.clusterIdentifier() : warehouse.workgroupName(),
                        "Database", warehouse.database(),
                        "SecretArn", warehouse.adminSecretArn(),
                        "Loaders", props.loaders().stream()
                                .map(l -> Map.of("roleName", l.roleName(), "table", l.table())).toList()))
                .build();
    }

    /** CDK's provider framework function: its own code, run by CloudFormation during deploys only. */
    private static void acknowledgeProviderFindings(Provider provider) {
        String why = "CDK's custom resource framework function relays CloudFormation events to the bootstrap handler during deploys only; ";
        Findings.acknowledge(provider, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                why + "the basic execution policy only lets it write its own logs.");
        Findings.acknowledge(provider, "Serverless::Serverless-LambdaDLQ", why + "it is invoked synchronously and a failure fails the deploy.");
        Findings.acknowledge(provider, "Serverless::Serverless-LambdaAsyncFailureDestination", why + "it is invoked synchronously and a failure fails the deploy.");
        Findings.acknowledge(provider, "Serverless::Serverless-LambdaDefaultMemorySize", why + "it only relays one event, the default memory is enough.");
        Findings.acknowledge(provider, "Serverless::Serverless-LambdaTracing", why + "its work is one synchronous call, visible in CloudFormation events.");
    }
}
