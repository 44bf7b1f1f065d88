package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.redshift.CfnCluster;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.List;
import java.util.Map;

/**
 * Makes a role the cluster's default IAM role. CloudFormation's AWS::Redshift::Cluster cannot set it,
 * so, as CDK's own Redshift module does, a custom resource calls Redshift's ModifyClusterIamRoles.
 */
public class DefaultIamRole extends Construct {

    public record Props(CfnCluster cluster, String clusterIdentifier, IRole role) {
    }

    public DefaultIamRole(Construct scope, String id, Props props) {
        super(scope, id);
        String clusterArn = Stack.of(this).formatArn(ArnComponents.builder()
                .service("redshift")
                .resource("cluster")
                .resourceName(props.clusterIdentifier())
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        AwsSdkCall call = AwsSdkCall.builder()
                .service("Redshift")
                .action("modifyClusterIamRoles")
                .parameters(Map.of(
                        "ClusterIdentifier", props.cluster().getRef(),
                        "DefaultIamRoleArn", props.role().getRoleArn()))
                .physicalResourceId(PhysicalResourceId.of(props.clusterIdentifier() + "-default-iam-role"))
                .build();
        AwsCustomResource resource = AwsCustomResource.Builder.create(this, "Resource")
                .onCreate(call)
                .onUpdate(call)
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(
                        PolicyStatement.Builder.create()
                                .actions(List.of("redshift:ModifyClusterIamRoles"))
                                .resources(List.of(clusterArn))
                                .build(),
                        PolicyStatement.Builder.create()
                                .actions(List.of("iam:PassRole"))
                                .resources(List.of(props.role().getRoleArn()))
                                .build())))
                .build();
        resource.getNode().addDependency(props.cluster());
        acknowledgeProviderFindings(Stack.of(this));
    }

    /** The custom resource runs on CDK's own singleton function, shared by the stack. */
    private static void acknowledgeProviderFindings(Stack stack) {
        IConstruct provider = stack.getNode().findChild("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""));
        Findings.acknowledge(provider, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                "CDK's AwsCustomResource function writes its own logs with the basic execution policy; it runs only during deploys.");
        Findings.acknowledge(provider, "Serverless::Serverless-LambdaDefaultMemorySize",
                "CDK's AwsCustomResource function makes one API call per deploy; the default memory is enough.");
        Findings.acknowledge(provider, "Serverless::Serverless-LambdaDLQ",
                "Invoked synchronously by CloudFormation, which reports a failure as a failed deploy; a DLQ would hold nothing.");
        Findings.acknowledge(provider, "Serverless::Serverless-LambdaTracing",
                "CDK's AwsCustomResource function makes one API call per deploy; tracing adds nothing to its CloudFormation events.");
    }
}
