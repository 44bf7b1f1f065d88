package com.warehouseplatform.infra.constructs;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.IConstruct;

/**
 * Places every Lambda function of one stack: with {@code network.functionsInVpc}, in the private subnets with this
 * stack's own functions security group; without it, outside the VPC, with AWS Control Tower's CT.LAMBDA.PR.3
 * acknowledged on each function. It works on every {@link CfnFunction} of the stack, so CDK's own functions (the
 * Provider framework's, the AwsCustomResource singleton) are placed like the platform's, and a function added later
 * cannot be forgotten.
 *
 * <p>The security group has no ingress. Its egress is HTTPS only: to the interface endpoints' security group, and to
 * any IPv4 address for S3. In the VPC the platform creates (the only one this option accepts) the route tables have
 * the local route and the S3 gateway endpoint's route and nothing else (no internet or NAT gateway), so that rule
 * reaches S3 through the gateway endpoint and nothing more. The S3 prefix list would say the same more narrowly, but
 * its id is known only after a deploy-time lookup (S3PrefixList) that itself runs in this VPC and has to answer
 * CloudFormation through S3. Subnets are named by dynamic references to the network stack's SSM parameters, so that
 * the template holds strings the Control Tower control can read (a cross-stack import it cannot resolve).
 */
public class FunctionPlacement extends software.constructs.Construct {
    public static final String CONTROL = "CT.LAMBDA.PR.3";

    private final FunctionNetwork network;
    private final SecurityGroup securityGroup;

    /** @param network the network stack's function network, or {@code null} when functions run outside the VPC */
    public FunctionPlacement(software.constructs.Construct scope, String id, FunctionNetwork network) {
        super(scope, id);
        this.network = network;
        if (network == null) {
            securityGroup = null;
            return;
        }
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.getVpc())
                .description("Lambda functions of " + Stack.of(this).getStackName() + ": HTTPS to AWS APIs only")
                .allowAllOutbound(false)
                .build();
        securityGroup.addEgressRule(
                Peer.securityGroupId(network.getEndpointSecurityGroup().getSecurityGroupId()),
                Port.tcp(443),
                "HTTPS to the interface endpoints");
        securityGroup.addEgressRule(
                Peer.anyIpv4(), Port.tcp(443), "HTTPS to S3 through the gateway endpoint, this VPC's only other route");
        CfnSecurityGroupIngress.Builder.create(this, "EndpointIngress")
                .groupId(network.getEndpointSecurityGroup().getSecurityGroupId())
                .sourceSecurityGroupId(securityGroup.getSecurityGroupId())
                .ipProtocol("tcp")
                .fromPort(443)
                .toPort(443)
                .description("HTTPS from the functions of " + Stack.of(this).getStackName())
                .build();
    }

    /** Places every function of {@code stack}; call it once, after the stack has all of its constructs. */
    public void placeEveryFunction(Stack stack) {
        for (IConstruct child : stack.getNode().findAll()) {
            if (child instanceof CfnFunction function) {
                place(function);
            }
        }
    }

    private void place(CfnFunction function) {
        if (network == null) {
            ControlAcknowledgments.acknowledge(
                    function,
                    CONTROL,
                    "network.functionsInVpc is false for this environment: the function calls AWS APIs only (no "
                            + "resource in the VPC), and running it in the VPC needs interface endpoints that cost per "
                            + "hour; set network.functionsInVpc: true to place it in the private subnets.");
            return;
        }
        function.setVpcConfig(CfnFunction.VpcConfigProperty.builder()
                .subnetIds(network.getSubnetReferences())
                .securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .build());
        if (function.getNode().getScope() instanceof IFunction owner && owner.getRole() != null) {
            allowNetworkInterfaces(function, owner.getRole());
        }
    }

    /**
     * Lambda creates and deletes the function's network interfaces with the execution role's permissions, checked
     * when the function is created ("Required IAM permissions", Lambda Developer Guide,
     * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions): the
     * function depends on the policy that grants them. Inline rather than the managed AWSLambdaVPCAccessExecutionRole,
     * which would also let the platform's roles write to every log group.
     */
    private static void allowNetworkInterfaces(CfnFunction function, IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ManageOwnVpcNetworkInterfaces")
                .actions(List.of(
                        "ec2:CreateNetworkInterface",
                        "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeSubnets",
                        "ec2:DeleteNetworkInterface",
                        "ec2:AssignPrivateIpAddresses",
                        "ec2:UnassignPrivateIpAddresses"))
                .resources(List.of("*"))
                .build());
        IConstruct policy = role.getNode().tryFindChild("DefaultPolicy");
        if (policy != null) {
            function.getNode().addDependency(policy);
        }
        Findings.acknowledge(
                role,
                "AwsSolutions-IAM5[Resource::*]",
                "Lambda manages the function's VPC network interfaces with these EC2 actions; DescribeNetworkInterfaces "
                        + "and DescribeSubnets take no resource, and the interfaces' ids are Lambda's, unknown before.");
    }

    /** The functions' security group of this stack, or {@code null} outside the VPC. */
    public SecurityGroup getSecurityGroup() {
        return securityGroup;
    }
}
