package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Platforms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class WarehouseStackTest {
    private static final Template PROD = Platforms.of("prod").warehouse();
    private static final Template DEV = Platforms.of("dev").warehouse();

    @Test
    void buildsAnEncryptedPrivateClusterFromTheConfiguration() {
        PROD.hasResourceProperties(
                "AWS::Redshift::Cluster",
                Map.ofEntries(
                        Map.entry("ClusterIdentifier", "prod-warehouse"),
                        Map.entry("ClusterType", "multi-node"),
                        Map.entry("NodeType", "ra3.xlplus"),
                        Map.entry("NumberOfNodes", 2),
                        Map.entry("DBName", "analytics"),
                        Map.entry("MasterUsername", "warehouse_admin"),
                        Map.entry("Port", 5440),
                        Map.entry("Encrypted", true),
                        Map.entry(
                                "KmsKeyId",
                                Match.objectLike(Map.of("Fn::ImportValue", Match.stringLikeRegexp("DataLakeKey")))),
                        Map.entry("PubliclyAccessible", false),
                        Map.entry("EnhancedVpcRouting", true),
                        Map.entry("AllowVersionUpgrade", true),
                        Map.entry("AutomatedSnapshotRetentionPeriod", 7),
                        Map.entry("PreferredMaintenanceWindow", "sun:03:00-sun:03:30")));
    }

    @Test
    void letsRedshiftManageTheAdminPasswordInSecretsManager() {
        PROD.hasResourceProperties("AWS::Redshift::Cluster", Map.of("ManageMasterPassword", true));
        Map<String, Map<String, Object>> clusters = PROD.findResources("AWS::Redshift::Cluster");
        assertThat(clusters.values().iterator().next().get("Properties").toString())
                .doesNotContain("MasterUserPassword");
        PROD.hasResourceProperties(
                "AWS::SSM::Parameter",
                Map.of(
                        "Name",
                        "/prod/warehouse/admin-secret-arn",
                        "Value",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Warehouse"), "MasterPasswordSecretArn"))));
    }

    @Test
    void requiresTlsAndLogsUserActivity() {
        PROD.hasResourceProperties(
                "AWS::Redshift::ClusterParameterGroup",
                Map.of(
                        "ParameterGroupFamily",
                        "redshift-2.0",
                        "Parameters",
                        Match.arrayWith(List.of(
                                Map.of("ParameterName", "require_ssl", "ParameterValue", "true"),
                                Map.of("ParameterName", "enable_user_activity_logging", "ParameterValue", "true")))));
        PROD.hasResourceProperties(
                "AWS::Redshift::Cluster",
                Map.of("ClusterParameterGroupName", Map.of("Ref", Match.stringLikeRegexp("WarehouseParameters"))));
    }

    @Test
    void writesAuditLogsToTheAuditBucket() {
        PROD.hasResourceProperties(
                "AWS::Redshift::Cluster",
                Map.of(
                        "LoggingProperties",
                        Map.of(
                                "BucketName",
                                "prod-audit-logs-123456789012-eu-west-1",
                                "S3KeyPrefix",
                                "redshift/",
                                "LogDestinationType",
                                "s3",
                                "LogExports",
                                List.of("connectionlog", "userlog", "useractivitylog"))));
    }

    @Test
    void acceptsConnectionsOnlyFromTheAllowedCidrsOnThePort() {
        PROD.hasResourceProperties(
                "AWS::EC2::SecurityGroup",
                Map.of(
                        "SecurityGroupIngress",
                                List.of(Map.of(
                                        "CidrIp",
                                        "10.0.0.0/8",
                                        "IpProtocol",
                                        "tcp",
                                        "FromPort",
                                        5440,
                                        "ToPort",
                                        5440,
                                        "Description",
                                        "Warehouse clients in 10.0.0.0/8")),
                        "SecurityGroupEgress", Match.anyValue()));
        // the one separate ingress rule is the functions' way into the network stack's endpoints, not the warehouse's
        assertThat(PROD.findResources("AWS::EC2::SecurityGroupIngress").values())
                .allSatisfy(rule -> assertThat(String.valueOf(((Map<?, ?>) rule.get("Properties")).get("GroupId")))
                        .contains("EndpointSecurityGroup"));
        DEV.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
    }

    @Test
    void sendsOnlyHttpsToS3ForCopyThroughTheGatewayEndpoint() {
        assertEgressIsOnlyHttpsToTheS3PrefixList(PROD);
        assertEgressIsOnlyHttpsToTheS3PrefixList(DEV);
    }

    /**
     * The warehouse's only egress: HTTPS to the region's S3 prefix list, which the network stack reads at deploy
     * time and exports; inline, so EC2's default allow-all rule is gone, and no separate egress resource adds more.
     */
    @Test
    void readsTheRegionsS3PrefixListAtDeployTimeWithoutCredentialsAtSynth() {
        Map<?, ?> lookup = (Map<?, ?>)
                PROD.findResources("Custom::AWS").get(prefixListLookup(PROD)).get("Properties");
        assertThat((String) lookup.get("Create"))
                .contains(
                        "\"action\":\"describeManagedPrefixLists\"",
                        "\"Filters\":[{\"Name\":\"prefix-list-name\",\"Values\":[\"com.amazonaws.eu-west-1.s3\"]}]");
        PROD.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                List.of(Map.of(
                                        "Action",
                                        "ec2:DescribeManagedPrefixLists",
                                        "Effect",
                                        "Allow",
                                        "Resource",
                                        "*")),
                                "Version",
                                "2012-10-17")));
    }

    static String prefixListLookup(Template warehouse) {
        List<String> ids = warehouse.findResources("Custom::AWS").keySet().stream()
                .filter(id -> id.startsWith("S3PrefixList"))
                .toList();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    static void assertEgressIsOnlyHttpsToTheS3PrefixList(Template warehouse) {
        warehouse.resourceCountIs("AWS::EC2::SecurityGroupEgress", 0);
        Map<String, Map<String, Object>> groups = warehouse.findResources("AWS::EC2::SecurityGroup");
        // with network.functionsInVpc the stack's functions have a group of their own (FunctionsInVpcTest)
        Map<String, Map<String, Object>> warehouseGroups = new java.util.LinkedHashMap<>(groups);
        warehouseGroups.keySet().removeIf(id -> id.startsWith("FunctionPlacement"));
        assertThat(warehouseGroups).hasSize(1);
        assertThat(((Map<?, ?>) warehouseGroups.values().iterator().next().get("Properties"))
                        .get("SecurityGroupEgress"))
                .isEqualTo(List.of(Map.of(
                        "IpProtocol",
                        "tcp",
                        "FromPort",
                        443,
                        "ToPort",
                        443,
                        "DestinationPrefixListId",
                        Map.of("Fn::GetAtt", List.of(prefixListLookup(warehouse), "PrefixLists.0.PrefixListId")),
                        "Description",
                        "COPY reads S3 over HTTPS through the gateway endpoint (enhanced VPC routing)")));
    }

    @Test
    void placesTheClusterInThePrivateSubnets() {
        PROD.hasResourceProperties(
                "AWS::Redshift::ClusterSubnetGroup",
                Map.of(
                        "SubnetIds",
                        Match.arrayWith(List.of(Match.objectLike(
                                Map.of("Fn::ImportValue", Match.stringLikeRegexp("warehouseSubnet1")))))));
    }

    /**
     * Every loader's COPY role is attached, in the order of the configuration, and none is the default role: the
     * DefaultIamRole custom resource (ModifyClusterIamRoles) is gone, so IAM_ROLE default names no role.
     */
    @Test
    void attachesEveryLoadersCopyRoleAndNoDefaultRole() {
        PROD.hasResourceProperties(
                "AWS::Redshift::Cluster",
                Map.of(
                        "IamRoles",
                        List.of(
                                Map.of("Fn::ImportValue", Match.stringLikeRegexp("CopyRoleorders")),
                                Map.of("Fn::ImportValue", Match.stringLikeRegexp("CopyRolewebevents")),
                                Map.of("Fn::ImportValue", Match.stringLikeRegexp("CopyRolecustomers")))));
        assertThat(PROD.findResources("AWS::Redshift::Cluster").toString()).doesNotContain("DefaultIamRole");
        assertThat(PROD.findResources("Custom::AWS").toString())
                .doesNotContain("modifyClusterIamRoles")
                .doesNotContain("DefaultIamRoleArn");
        assertThat(PROD.toJSON().toString()).doesNotContain("iam:PassRole");
    }

    /** An environment without loaders attaches no role: the cluster has no IamRoles. */
    @Test
    void attachesNoRoleWithoutLoaders() {
        Template none = Platforms.variant(
                        "dev", "no loaders", text -> text.substring(0, text.indexOf("\nloaders:")) + "\n")
                .warehouse();
        none.hasResourceProperties("AWS::Redshift::Cluster", Map.of("IamRoles", Match.absent()));
    }

    @Test
    void runsASingleNodeClusterWhenOneNodeIsConfigured() {
        DEV.hasResourceProperties(
                "AWS::Redshift::Cluster", Map.of("ClusterType", "single-node", "NumberOfNodes", Match.absent()));
    }

    @Test
    void publishesConnectionDetailsUnderTheEnvironmentPrefix() {
        for (String name : List.of("endpoint", "port", "database", "cluster-identifier", "admin-secret-arn")) {
            PROD.hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/prod/warehouse/" + name));
        }
        PROD.hasOutput(
                "*",
                Map.of(
                        "Value",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Warehouse"), "Endpoint.Address"))));
    }
}
