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
                .parameters(Ordered.map(
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
        AwsCustomResourceFindings.acknowledge(Stack.of(this));
    }
}
