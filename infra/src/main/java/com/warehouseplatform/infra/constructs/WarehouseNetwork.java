package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.NetworkConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnFlowLog;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The warehouse's network: a VPC with private isolated subnets only, an S3 gateway endpoint (so that
 * COPY with enhanced VPC routing reaches S3 without the internet) whose policy admits only the
 * platform's buckets, and flow logs; or an existing VPC described in the configuration, which gets flow
 * logs of its own. The warehouse's security group sends only to the region's S3 prefix list ({@link S3PrefixList}).
 *
 * <p>What enhanced VPC routing needs, from the Redshift Management Guide, "Turning on enhanced VPC routing"
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/enhanced-vpc-enabling-cluster.html), for a cluster and a
 * Serverless workgroup alike: the warehouse in a VPC (it is); an S3 gateway endpoint, which serves buckets of
 * the same region only (all of the platform's buckets are in the environment's region: buckets elsewhere or
 * other services would need a NAT gateway, which this VPC deliberately lacks); DNS resolution on in the VPC
 * (the CDK VPC turns on DNS support and host names); and network ACLs that let S3's ranges in and out
 * ("Infrastructure security in Amazon Redshift",
 * https://docs.aws.amazon.com/redshift/latest/mgmt/security-network-isolation.html: the VPC's default ACL
 * allows all, and none other is created). COPY's other calls (assuming the COPY role, decrypting with the lake
 * key) are made by Redshift itself, not from the VPC, and audit logs are delivered by redshift.amazonaws.com
 * (a service principal in the audit bucket's policy), so neither needs a path here.
 */
public class WarehouseNetwork extends Construct {

    /**
     * @param environment the environment's name: the endpoint policy names its buckets
     * @param logs the network stack's log groups (the flow logs are one)
     * @param functionEndpoints the interface endpoints of the functions with {@code functionsInVpc}, else empty
     */
    public record Props(
            String environment,
            String region,
            NetworkConfig config,
            StackLogs logs,
            List<FunctionNetwork.Endpoint> functionEndpoints) {}

    private final IVpc vpc;
    private final List<String> subnetIds;
    private GatewayVpcEndpoint s3Endpoint;
    private FunctionNetwork functionNetwork;

    public WarehouseNetwork(Construct scope, String id, Props props) {
        super(scope, id);
        NetworkConfig config = props.config();
        LogGroup flowLogs = props.logs().logGroup(this, "FlowLogs");
        if (config.createsVpc()) {
            Vpc created = Vpc.Builder.create(this, "Resource")
                    .ipAddresses(IpAddresses.cidr(config.vpcCidr()))
                    .availabilityZones(zones(config))
                    .natGateways(0)
                    .subnetConfiguration(List.of(SubnetConfiguration.builder()
                            .name("warehouse")
                            .subnetType(SubnetType.PRIVATE_ISOLATED)
                            .cidrMask(Math.min(
                                    28, Integer.parseInt(config.vpcCidr().split("/")[1]) + 4))
                            .build()))
                    .build();
            s3Endpoint = created.addGatewayEndpoint(
                    "S3",
                    GatewayVpcEndpointOptions.builder()
                            .service(GatewayVpcEndpointAwsService.S3)
                            .subnets(List.of(SubnetSelection.builder()
                                    .subnetType(SubnetType.PRIVATE_ISOLATED)
                                    .build()))
                            .build());
            restrictToPlatformBuckets(s3Endpoint, props.environment());
            created.addFlowLog(
                    "FlowLog",
                    FlowLogOptions.builder()
                            .destination(FlowLogDestination.toCloudWatchLogs(flowLogs, flowLogRole()))
                            .trafficType(FlowLogTrafficType.ALL)
                            .build());
            acknowledgeDefaultSecurityGroupProvider();
            vpc = created;
            if (config.functionsInVpc()) {
                functionNetwork = new FunctionNetwork(
                        this,
                        "Functions",
                        new FunctionNetwork.Props(
                                props.environment(), props.region(), created, s3Endpoint, props.functionEndpoints()));
            }
            subnetIds = created.selectSubnets(SubnetSelection.builder()
                            .subnetType(SubnetType.PRIVATE_ISOLATED)
                            .build())
                    .getSubnetIds();
        } else {
            NetworkConfig.ExistingVpc existing = config.existingVpc();
            vpc = Vpc.fromVpcAttributes(
                    this,
                    "Resource",
                    VpcAttributes.builder()
                            .vpcId(existing.vpcId())
                            .availabilityZones(existing.availabilityZones())
                            .isolatedSubnetIds(existing.privateSubnetIds())
                            .build());
            subnetIds = existing.privateSubnetIds();
            Role deliveryRole = flowLogRole();
            // CDK's FlowLog grants its role the writes itself; a CfnFlowLog does not
            flowLogs.grantWrite(deliveryRole);
            CfnFlowLog.Builder.create(this, "FlowLog")
                    .resourceId(existing.vpcId())
                    .resourceType("VPC")
                    .trafficType("ALL")
                    .logDestinationType("cloud-watch-logs")
                    .logGroupName(flowLogs.getLogGroupName())
                    .deliverLogsPermissionArn(deliveryRole.getRoleArn())
                    .build();
        }
    }

    /**
     * The endpoint admits only what the warehouse does through it: COPY lists and reads the raw bucket and
     * reads its manifests under manifests/ of the ops bucket, as principals of this account. Nothing else of
     * the platform runs in the VPC unless network.functionsInVpc is set (then FunctionNetwork adds the loaders' and
     * custom resources' S3 calls), and the platform
     * has no UNLOAD. An endpoint policy does not grant: the COPY role's policy and the bucket policies still
     * apply. ("Control access to VPC endpoints using endpoint policies", AWS PrivateLink guide,
     * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html)
     */
    private static void restrictToPlatformBuckets(GatewayVpcEndpoint endpoint, String environment) {
        Stack stack = Stack.of(endpoint);
        String raw = "arn:" + stack.getPartition() + ":s3:::" + DataLake.bucketName(stack, environment, DataLake.RAW);
        String ops = "arn:" + stack.getPartition() + ":s3:::" + DataLake.bucketName(stack, environment, DataLake.OPS);
        Map<String, Object> ownAccount = Map.of("StringEquals", Map.of("aws:PrincipalAccount", stack.getAccount()));
        endpoint.addToPolicy(PolicyStatement.Builder.create()
                .sid("CopyListsPlatformBuckets")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                .resources(List.of(raw, ops))
                .conditions(ownAccount)
                .build());
        endpoint.addToPolicy(PolicyStatement.Builder.create()
                .sid("CopyReadsRawFilesAndManifests")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(raw + "/*", ops + "/" + CopyRole.MANIFEST_PREFIX + "*"))
                .conditions(ownAccount)
                .build());
    }

    /**
     * The role VPC Flow Logs delivers with, trusting the service only for flow logs of this account
     * ("Prevent cross-service confused deputy", VPC User Guide, IAM role for publishing flow logs to
     * CloudWatch Logs: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html).
     */
    /**
     * The role of CDK's function that removes the default security group's rules at deploy
     * (@aws-cdk/aws-ec2:restrictDefaultSecurityGroup, a singleton of the stack): cdk-nag does not see it, being a
     * plain CfnResource, but the review lists its managed policy; and its function stays outside the VPC.
     */
    private void acknowledgeDefaultSecurityGroupProvider() {
        IConstruct provider =
                Stack.of(this).getNode().tryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider");
        if (provider != null) {
            Findings.acknowledge(
                    provider.getNode().findChild("Role"),
                    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                    "CDK's provider that empties the default security group writes its own logs with the one managed"
                            + " policy CDK gives it; its other permission is scoped to this VPC's default group");
            ControlAcknowledgments.acknowledge(
                    provider.getNode().findChild("Handler"),
                    FunctionPlacement.CONTROL,
                    "CDK's provider that empties the default security group of the VPC being created: a plain"
                            + " CloudFormation resource with no VPC setting in CDK, run only during a deploy, calling"
                            + " only the EC2 API to revoke that group's rules; network.functionsInVpc places every"
                            + " function of the warehouse and loader stacks.");
        }
    }

    private Role flowLogRole() {
        Stack stack = Stack.of(this);
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("StringEquals", Map.of("aws:SourceAccount", stack.getAccount()));
        conditions.put(
                "ArnLike",
                Map.of(
                        "aws:SourceArn",
                        "arn:" + stack.getPartition() + ":ec2:" + stack.getRegion() + ":" + stack.getAccount()
                                + ":vpc-flow-log/*"));
        Role role = Role.Builder.create(this, "FlowLogRole")
                .assumedBy(new ServicePrincipal("vpc-flow-logs.amazonaws.com").withConditions(conditions))
                .build();
        Findings.acknowledgeInlinePolicies(role);
        return role;
    }

    /** The functions' endpoints and subnets, or {@code null} when functions run outside the VPC. */
    public FunctionNetwork getFunctionNetwork() {
        return functionNetwork;
    }

    /** The S3 gateway endpoint, or {@code null} in an existing VPC (whose owner provides the path to S3). */
    public GatewayVpcEndpoint getS3Endpoint() {
        return s3Endpoint;
    }

    /** The zones named in the configuration, else the region's first maxAzs zones, resolved at deploy time. */
    public static List<String> zones(NetworkConfig config) {
        if (!config.availabilityZones().isEmpty()) {
            return config.availabilityZones();
        }
        return IntStream.range(0, config.maxAzs())
                .mapToObj(i -> Fn.select(i, Fn.getAzs()))
                .toList();
    }

    public IVpc getVpc() {
        return vpc;
    }

    /** The private subnets the warehouse is placed in. */
    public List<String> getSubnetIds() {
        return subnetIds;
    }
}
