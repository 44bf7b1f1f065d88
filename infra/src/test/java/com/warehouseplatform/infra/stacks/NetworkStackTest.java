package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.infra.Platforms;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkStackTest {
    private static final Template PROD = Platforms.of("prod").network();
    private static final Platforms.Built EXISTING = Platforms.variant("prod", "existing VPC", yaml -> yaml.replace(
            "  vpcCidr: 10.20.0.0/16\n  maxAzs: 3\n",
            "  existingVpc:\n    vpcId: vpc-0abc1234def567890\n"
                    + "    privateSubnetIds: [subnet-0aaa1111, subnet-0bbb2222]\n"
                    + "    availabilityZones: [eu-west-1a, eu-west-1b]\n"));

    @Test
    void createsOnlyPrivateIsolatedSubnetsInMaxAzsZones() {
        PROD.resourceCountIs("AWS::EC2::VPC", 1);
        PROD.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.20.0.0/16"));
        PROD.resourceCountIs("AWS::EC2::Subnet", 3);
        PROD.allResourcesProperties("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", false));
        PROD.resourceCountIs("AWS::EC2::InternetGateway", 0);
        PROD.resourceCountIs("AWS::EC2::NatGateway", 0);
        PROD.resourceCountIs("AWS::EC2::Route", 0);
    }

    @Test
    void takesZonesFromTheRegionAtDeployTimeWithoutLookups() {
        Map<String, Map<String, Object>> subnets = PROD.findResources("AWS::EC2::Subnet");
        assertThat(subnets.values()).allSatisfy(subnet ->
                assertThat(subnet.get("Properties").toString()).contains("Fn::GetAZs"));
    }

    @Test
    void routesS3ThroughAGatewayEndpoint() {
        PROD.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(".s3"))))))));
    }

    @Test
    void logsAllTrafficOfTheVpc() {
        PROD.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceType", "VPC",
                "TrafficType", "ALL",
                "LogDestinationType", "cloud-watch-logs"));
        PROD.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
    }

    @Test
    void usesAnExistingVpcWithoutCreatingOneAndStillLogsItsTraffic() {
        Template network = EXISTING.network();
        network.resourceCountIs("AWS::EC2::VPC", 0);
        network.resourceCountIs("AWS::EC2::Subnet", 0);
        network.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceId", "vpc-0abc1234def567890", "ResourceType", "VPC", "TrafficType", "ALL"));
        EXISTING.warehouse().hasResourceProperties("AWS::Redshift::ClusterSubnetGroup",
                Map.of("SubnetIds", List.of("subnet-0aaa1111", "subnet-0bbb2222")));
    }
}
