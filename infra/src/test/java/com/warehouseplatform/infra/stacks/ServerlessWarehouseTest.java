package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Platforms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The Serverless warehouse of config/staging.yaml: the same secure settings as the cluster, for a workgroup. */
class ServerlessWarehouseTest {
    private static final Platforms.Built STAGING = Platforms.of("staging");
    private static final Template WAREHOUSE = STAGING.warehouse();

    @Test
    void encryptsTheNamespaceAndLetsRedshiftManageTheAdminPassword() {
        WAREHOUSE.resourceCountIs("AWS::Redshift::Cluster", 0);
        WAREHOUSE.hasResourceProperties(
                "AWS::RedshiftServerless::Namespace",
                Map.of(
                        "NamespaceName", "staging-warehouse",
                        "DbName", "analytics",
                        "AdminUsername", "warehouse_admin",
                        "ManageAdminPassword", true,
                        "KmsKeyId", Map.of("Fn::ImportValue", Match.stringLikeRegexp("DataLakeKey")),
                        "AdminPasswordSecretKmsKeyId", Map.of("Fn::ImportValue", Match.stringLikeRegexp("DataLakeKey")),
                        "LogExports", List.of("connectionlog", "userlog", "useractivitylog"),
                        "DefaultIamRoleArn", Match.absent(),
                        "IamRoles",
                                List.of(
                                        Map.of("Fn::ImportValue", Match.stringLikeRegexp("CopyRoleorders")),
                                        Map.of("Fn::ImportValue", Match.stringLikeRegexp("CopyRolewebevents")))));
        assertThat(WAREHOUSE.findResources("AWS::RedshiftServerless::Namespace").toString())
                .doesNotContain("AdminUserPassword");
    }

    @Test
    void runsAPrivateWorkgroupWithTlsRequiredAndConfiguredCapacity() {
        WAREHOUSE.hasResourceProperties(
                "AWS::RedshiftServerless::Workgroup",
                Map.of(
                        "WorkgroupName",
                        "staging-warehouse",
                        "NamespaceName",
                        "staging-warehouse",
                        "BaseCapacity",
                        8,
                        "MaxCapacity",
                        64,
                        "PubliclyAccessible",
                        false,
                        "EnhancedVpcRouting",
                        true,
                        "Port",
                        5440,
                        "SubnetIds",
                        Match.arrayWith(List.of(Match.objectLike(
                                Map.of("Fn::ImportValue", Match.stringLikeRegexp("warehouseSubnet1"))))),
                        "ConfigParameters",
                        List.of(
                                Map.of("ParameterKey", "require_ssl", "ParameterValue", "true"),
                                Map.of("ParameterKey", "enable_user_activity_logging", "ParameterValue", "true"))));
    }

    @Test
    void acceptsConnectionsOnlyFromTheAllowedCidrsOnThePort() {
        WAREHOUSE.hasResourceProperties(
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
    }

    @Test
    void sendsOnlyHttpsToS3ForCopyThroughTheGatewayEndpointAsAClusterDoes() {
        WarehouseStackTest.assertEgressIsOnlyHttpsToTheS3PrefixList(WAREHOUSE);
    }

    @Test
    void keepsNamespaceAndWorkgroupWhenProtected() {
        for (String type : List.of("AWS::RedshiftServerless::Namespace", "AWS::RedshiftServerless::Workgroup")) {
            assertThat(WAREHOUSE.findResources(type).values()).allSatisfy(resource -> {
                assertThat(resource.get("DeletionPolicy")).isEqualTo("Retain");
                assertThat(resource.get("UpdateReplacePolicy")).isEqualTo("Retain");
            });
        }
        assertThat(STAGING.platform().stacks())
                .allSatisfy(
                        stack -> assertThat(stack.getTerminationProtection()).isTrue());
    }

    @Test
    void readsTheManagedAdminSecretAndPublishesConnectionDetails() {
        Map<String, Map<String, Object>> lookups = new java.util.HashMap<>(WAREHOUSE.findResources("Custom::AWS"));
        assertThat(lookups).as("admin secret, S3 prefix list").hasSize(2);
        lookups.remove(WarehouseStackTest.prefixListLookup(WAREHOUSE));
        assertThat(lookups.values().iterator().next().get("Properties").toString())
                .contains(
                        "\"service\":\"RedshiftServerless\"",
                        "\"action\":\"getNamespace\"",
                        "namespace.adminPasswordSecretArn");
        for (String name : List.of("endpoint", "port", "database", "workgroup-name", "admin-secret-arn")) {
            WAREHOUSE.hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/staging/warehouse/" + name));
        }
    }

    @Test
    void pointsLoadersAndBootstrapAtTheWorkgroup() {
        Template loaders = STAGING.loaders();
        loaders.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(
                                        Map.of("LOADER_NAME", "orders", "WORKGROUP_NAME", "staging-warehouse")))));
        assertThat(loaders.findResources("AWS::Lambda::Function").toString()).doesNotContain("CLUSTER_IDENTIFIER");
        loaders.hasResourceProperties(
                "Custom::WarehouseBootstrap",
                Map.of(
                        "WorkgroupName",
                        "staging-warehouse",
                        "Database",
                        "analytics",
                        "Loaders",
                        List.of(
                                Match.objectLike(Map.of(
                                        "loader",
                                        "orders",
                                        "copyRoleArn",
                                        Map.of("Fn::ImportValue", Match.stringLikeRegexp("CopyRoleorders")))),
                                Match.objectLike(Map.of(
                                        "loader",
                                        "web-events",
                                        "copyRoleArn",
                                        Map.of("Fn::ImportValue", Match.stringLikeRegexp("CopyRolewebevents")))))));
        loaders.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "LOADER_NAME",
                                        "web-events",
                                        "COPY_ROLE_ARN",
                                        Map.of("Fn::ImportValue", Match.stringLikeRegexp("CopyRolewebevents")))))));
        String policies = loaders.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("redshift-serverless:GetCredentials").doesNotContain("GetClusterCredentials");
    }
}
