package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.NetworkConfig;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.CfnFlowLog;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The warehouse's network: a VPC with private isolated subnets only, an S3 gateway endpoint (so that
 * COPY with enhanced VPC routing reaches S3 without the internet) and flow logs; or an existing VPC
 * described in the configuration, which gets flow logs of its own.
 */
public class WarehouseNetwork extends Construct {

    public record Props(NetworkConfig config, RemovalPolicy removalPolicy) {
    }

    private final IVpc vpc;
    private final List<String> subnetIds;

    public WarehouseNetwork(Construct scope, String id, Props props) {
        super(scope, id);
        NetworkConfig config = props.config();
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(props.removalPolicy())
                .build();
        if (config.createsVpc()) {
            Vpc created = Vpc.Builder.create(this, "Resource")
                    .ipAddresses(IpAddresses.cidr(config.vpcCidr()))
                    .availabilityZones(zones(config))
                    .natGateways(0)
                    .subnetConfiguration(List.of(SubnetConfiguration.builder()
                            .name("warehouse")
                            .subnetType(SubnetType.PRIVATE_ISOLATED)
                            .cidrMask(Math.min(28, Integer.parseInt(config.vpcCidr().split("/")[1]) + 4))
                            .build()))
                    .build();
            created.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                    .service(GatewayVpcEndpointAwsService.S3)
                    .subnets(List.of(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build()))
                    .build());
            created.addFlowLog("FlowLog", FlowLogOptions.builder()
                    .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                    .trafficType(FlowLogTrafficType.ALL)
                    .build());
            vpc = created;
            subnetIds = created.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                    .getSubnetIds();
        } else {
            NetworkConfig.ExistingVpc existing = config.existingVpc();
            vpc = Vpc.fromVpcAttributes(this, "Resource", VpcAttributes.builder()
                    .vpcId(existing.vpcId())
                    .availabilityZones(existing.availabilityZones())
                    .isolatedSubnetIds(existing.privateSubnetIds())
                    .build());
            subnetIds = existing.privateSubnetIds();
            Role deliveryRole = Role.Builder.create(this, "FlowLogRole")
                    .assumedBy(new ServicePrincipal("vpc-flow-logs.amazonaws.com"))
                    .build();
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

    /** The zones named in the configuration, else the region's first maxAzs zones, resolved at deploy time. */
    public static List<String> zones(NetworkConfig config) {
        if (!config.availabilityZones().isEmpty()) {
            return config.availabilityZones();
        }
        return IntStream.range(0, config.maxAzs()).mapToObj(i -> Fn.select(i, Fn.getAzs())).toList();
    }

    public IVpc getVpc() {
        return vpc;
    }

    /** The private subnets the warehouse is placed in. */
    public List<String> getSubnetIds() {
        return subnetIds;
    }
}
