package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.PolicySimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class NetworkStackTest {
    private static final Template PROD = Platforms.of("prod").network();
    private static final Platforms.Built EXISTING = Platforms.variant(
            "prod",
            "existing VPC",
            // functionsInVpc needs the created VPC (a config rule), so the variant drops it with the CIDR; multiAz
            // needs subnets in three zones, and this VPC has two
            yaml -> yaml.replaceAll("  functionsInVpc: true[^\n]*\n", "")
                    .replaceAll("    multiAz: true[^\n]*\n", "")
                    .replace(
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
        assertThat(subnets.values())
                .allSatisfy(subnet ->
                        assertThat(subnet.get("Properties").toString()).contains("Fn::GetAZs"));
    }

    @Test
    void routesS3ThroughAGatewayEndpoint() {
        PROD.hasResourceProperties(
                "AWS::EC2::VPCEndpoint",
                Map.of(
                        "VpcEndpointType",
                        "Gateway",
                        "ServiceName",
                        Match.objectLike(
                                Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(".s3"))))))));
    }

    /** With network.functionsInVpc the functions' statements join these (FunctionsInVpcTest). */
    @Test
    void withoutFunctionsInTheVpcTheS3EndpointAdmitsOnlyCopysReadsOfThePlatformsBucketsByThisAccount() {
        Map<String, Map<String, Object>> endpoints = Platforms.variant(
                        "prod",
                        "functions outside the VPC",
                        yaml -> yaml.replaceAll("  functionsInVpc: true[^\n]*\n", ""))
                .network()
                .findResources("AWS::EC2::VPCEndpoint");
        assertThat(endpoints).hasSize(1);
        Map<?, ?> policy =
                (Map<?, ?>) ((Map<?, ?>) endpoints.values().iterator().next().get("Properties")).get("PolicyDocument");
        Map<String, Object> ownAccount = Map.of("StringEquals", Map.of("aws:PrincipalAccount", "123456789012"));
        assertThat(policy.get("Statement"))
                .isEqualTo(List.of(
                        Map.of(
                                "Sid",
                                "CopyListsPlatformBuckets",
                                "Effect",
                                "Allow",
                                "Principal",
                                Map.of("AWS", "*"),
                                "Action",
                                List.of("s3:GetBucketLocation", "s3:ListBucket"),
                                "Resource",
                                List.of(
                                        s3Arn("prod-ops-123456789012-eu-west-1"),
                                        s3Arn("prod-raw-123456789012-eu-west-1")),
                                "Condition",
                                ownAccount),
                        Map.of(
                                "Sid",
                                "CopyReadsRawFilesAndManifests",
                                "Effect",
                                "Allow",
                                "Principal",
                                Map.of("AWS", "*"),
                                "Action",
                                "s3:GetObject",
                                "Resource",
                                List.of(
                                        s3Arn("prod-ops-123456789012-eu-west-1/manifests/*"),
                                        s3Arn("prod-raw-123456789012-eu-west-1/*")),
                                "Condition",
                                ownAccount)));
    }

    @Test
    void theEndpointNamesTheBucketsTheDataLakeStackCreates() {
        Platforms.Built prod = Platforms.of("prod");
        PolicySimulator aws = new PolicySimulator(prod);
        String lake = prod.config().name() + "-data-lake";
        List<String> bucketNames = aws.ofType(lake, "AWS::S3::Bucket").stream()
                .map(id -> (String) aws.properties(lake, id).get("BucketName"))
                .toList();
        assertThat(bucketNames).contains("prod-raw-123456789012-eu-west-1", "prod-ops-123456789012-eu-west-1");
    }

    @Test
    void flowLogsAssumeTheirRoleOnlyForThisAccountsFlowLogs() {
        for (Template network : List.of(PROD, EXISTING.network())) {
            network.hasResourceProperties(
                    "AWS::IAM::Role",
                    Map.of(
                            "AssumeRolePolicyDocument",
                            Map.of(
                                    "Statement",
                                    List.of(
                                            Map.of(
                                                    "Action",
                                                    "sts:AssumeRole",
                                                    "Effect",
                                                    "Allow",
                                                    "Principal",
                                                    Map.of("Service", "vpc-flow-logs.amazonaws.com"),
                                                    "Condition",
                                                    Map.of(
                                                            "StringEquals", Map.of("aws:SourceAccount", "123456789012"),
                                                            "ArnLike",
                                                                    Map.of(
                                                                            "aws:SourceArn",
                                                                            "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*")))),
                                    "Version",
                                    "2012-10-17")));
        }
    }

    /** An S3 ARN as the template writes it: a literal partition (@aws-cdk/core:enablePartitionLiterals). */
    private static String s3Arn(String resource) {
        return "arn:aws:s3:::" + resource;
    }

    @Test
    void logsAllTrafficOfTheVpc() {
        PROD.hasResourceProperties(
                "AWS::EC2::FlowLog",
                Map.of(
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
        network.hasResourceProperties(
                "AWS::EC2::FlowLog",
                Map.of("ResourceId", "vpc-0abc1234def567890", "ResourceType", "VPC", "TrafficType", "ALL"));
        WarehouseStackTest.assertEgressIsOnlyHttpsToTheS3PrefixList(EXISTING.warehouse());
        network.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
        EXISTING.warehouse()
                .hasResourceProperties(
                        "AWS::Redshift::ClusterSubnetGroup",
                        Map.of("SubnetIds", List.of("subnet-0aaa1111", "subnet-0bbb2222")));
    }
}
