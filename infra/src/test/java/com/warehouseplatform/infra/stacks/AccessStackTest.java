package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.warehouseplatform.infra.AccessExample;
import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.constructs.ServiceUserSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The infra of {@code access} on the example (prod: a cluster, functions in the VPC; staging: Serverless,
 * functions outside): the sign-in role, the service user's secret and its rotation, the access step's custom resource,
 * and the paths they need (rotation to the warehouse port and to Secrets Manager, the access step to the secrets).
 */
class AccessStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode loaders(String env) {
        return JSON.valueToTree(Platforms.withAccess(env).loaders().toJSON());
    }

    private static JsonNode warehouse(String env) {
        return JSON.valueToTree(Platforms.withAccess(env).warehouse().toJSON());
    }

    private static List<Map.Entry<String, JsonNode>> resources(JsonNode template, String type) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                found.add(e);
            }
        });
        return found;
    }

    private static JsonNode only(JsonNode template, String type) {
        List<Map.Entry<String, JsonNode>> found = resources(template, type);
        assertThat(found).as(type).hasSize(1);
        return found.get(0).getValue();
    }

    private static String logicalId(JsonNode template, String type, String pathPart) {
        return resources(template, type).stream()
                .filter(e -> e.getKey().contains(pathPart.replaceAll("[^A-Za-z0-9]", "")))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " at " + pathPart));
    }

    private static JsonNode signInRole(JsonNode template) {
        return resources(template, "AWS::IAM::Role").stream()
                .map(Map.Entry::getValue)
                .filter(r -> r.path("Properties").path("RoleName").asText().equals("prod-warehouse-analyst")
                        || r.path("Properties").path("RoleName").asText().equals("staging-warehouse-analyst"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void signInRoleIsTrustedOnlyByTheListedPrincipalsAndGetsCredentialsForThisDatabaseOnly() {
        JsonNode role = signInRole(loaders("prod")).path("Properties");
        assertThat(role.path("RoleName").asText()).isEqualTo("prod-warehouse-analyst");
        JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement");
        assertThat(trust).hasSize(1);
        assertThat(trust.get(0).path("Effect").asText()).isEqualTo("Allow");
        assertThat(trust.get(0).path("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(trust.get(0).path("Principal").toString())
                .isEqualTo("{\"AWS\":\"" + AccessExample.PRINCIPAL + "\"}");
        assertThat(trust.get(0).has("Condition")).isFalse();
        assertThat(role.has("ManagedPolicyArns")).isFalse();
        JsonNode policies = role.path("Policies");
        assertThat(policies).hasSize(1);
        JsonNode statements = policies.get(0).path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).path("Action").asText()).isEqualTo("redshift:GetClusterCredentialsWithIAM");
        String resource = statements.get(0).path("Resource").toString();
        // arn:<partition>:redshift:eu-west-1:123456789012:dbname:<the cluster's Ref>/analytics
        assertThat(resource)
                .contains(":redshift:eu-west-1:123456789012:dbname:")
                .contains("/analytics")
                .contains("prod-warehouse")
                .doesNotContain("*");
    }

    @Test
    void onServerlessTheSignInRoleGetsCredentialsForTheWorkgroupOnly() {
        JsonNode statements = signInRole(loaders("staging"))
                .path("Properties")
                .path("Policies")
                .get(0)
                .path("PolicyDocument")
                .path("Statement");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).path("Action").asText()).isEqualTo("redshift-serverless:GetCredentials");
        assertThat(statements.get(0).path("Resource").toString())
                .contains("WorkgroupArn")
                .doesNotContain("*");
    }

    @Test
    void signInRoleArnIsAnOutput() {
        JsonNode outputs = loaders("prod").path("Outputs");
        List<String> values = new ArrayList<>();
        outputs.forEach(o -> values.add(o.path("Value").toString()));
        String roleId = logicalId(loaders("prod"), "AWS::IAM::Role", "SignIn-analyst");
        assertThat(values).anyMatch(v -> v.contains(roleId) && v.contains("Arn"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prod", "staging"})
    void eachUserHasAKmsEncryptedGeneratedSecretRotatedOnItsSchedule(String env) {
        JsonNode template = loaders(env);
        JsonNode secret = only(template, "AWS::SecretsManager::Secret").path("Properties");
        assertThat(secret.path("Name").asText()).isEqualTo(env + "-warehouse-users/tableau");
        assertThat(secret.path("KmsKeyId").path("Fn::GetAtt").get(0).asText())
                .isEqualTo(logicalId(template, "AWS::KMS::Key", "UserSecrets/Key"));
        assertThat(secret.has("SecretString")).isFalse();
        JsonNode generate = secret.path("GenerateSecretString");
        assertThat(generate.path("GenerateStringKey").asText()).isEqualTo("password");
        assertThat(generate.path("ExcludeCharacters").asText()).isEqualTo(ServiceUserSecret.EXCLUDED_CHARACTERS);
        assertThat(generate.path("RequireEachIncludedType").asBoolean()).isTrue();
        String templateText = generate.path("SecretStringTemplate").toString();
        assertThat(templateText)
                .contains("\\\"engine\\\":\\\"redshift\\\"")
                .contains("\\\"username\\\":\\\"tableau\\\"")
                .contains("\\\"dbname\\\":\\\"analytics\\\"")
                .doesNotContain("password");
        assertThat(templateText.contains("dbClusterIdentifier")).isEqualTo(env.equals("prod"));

        JsonNode key = template.path("Resources")
                .path(logicalId(template, "AWS::KMS::Key", "UserSecrets/Key"))
                .path("Properties");
        assertThat(key.path("EnableKeyRotation").asBoolean()).isTrue();
        assertThat(key.path("KeyPolicy").toString()).contains("GrantsOnlyForAwsResourcesOrByAwsServices");

        JsonNode schedule =
                only(template, "AWS::SecretsManager::RotationSchedule").path("Properties");
        assertThat(schedule.path("RotationRules").path("ScheduleExpression").asText())
                .isEqualTo("rate(30 days)");
        JsonNode hosted = schedule.path("HostedRotationLambda");
        assertThat(hosted.path("RotationType").asText()).isEqualTo("RedshiftSingleUser");
        assertThat(hosted.path("RotationLambdaName").asText()).isEqualTo(env + "-rotate-tableau");
        assertThat(hosted.path("KmsKeyArn").toString())
                .contains(logicalId(template, "AWS::KMS::Key", "UserSecrets/Key"));
        assertThat(hosted.path("VpcSecurityGroupIds").toString())
                .contains(logicalId(template, "AWS::EC2::SecurityGroup", "RotationSecurityGroup"));
        assertThat(hosted.path("VpcSubnetIds").toString()).contains("Subnet");
        assertThat(template.path("Transform").toString()).contains("AWS::SecretsManager-2024-09-16");
    }

    @Test
    void noPasswordOrSecretValueInAnyTemplate() {
        for (String env : List.of("prod", "staging")) {
            var built = Platforms.withAccess(env);
            for (var stack : built.platform().stacks()) {
                String text = JSON.valueToTree(built.template(stack).toJSON()).toString();
                assertThat(text).as(stack.getStackName()).doesNotContain("\"SecretString\"");
                assertThat(text).as(stack.getStackName()).doesNotContainPattern("(?i)\\\\?\"password\\\\?\"\\s*:");
                assertThat(text).as(stack.getStackName()).doesNotContain("MasterUserPassword");
            }
        }
    }

    @Test
    void accessStepHasTheContractsProperties() {
        JsonNode template = loaders("prod");
        JsonNode access = only(template, "Custom::WarehouseAccess");
        JsonNode p = access.path("Properties");
        assertThat(p.has("ClusterIdentifier")).isTrue();
        assertThat(p.path("Database").asText()).isEqualTo("analytics");
        assertThat(p.has("SecretArn")).isTrue();
        JsonNode roles = p.path("Roles");
        assertThat(roles).hasSize(1);
        assertThat(roles.get(0).path("name").asText()).isEqualTo("analyst");
        assertThat(roles.get(0).path("read").toString()).isEqualTo("[\"sales\",\"web\"]");
        assertThat(roles.get(0).path("write").toString()).isEqualTo("[]");
        assertThat(roles.get(0).path("signInUser").asText()).isEqualTo("IAMR:prod-warehouse-analyst");
        JsonNode users = p.path("Users");
        assertThat(users).hasSize(1);
        assertThat(users.get(0).path("name").asText()).isEqualTo("tableau");
        assertThat(users.get(0).path("roles").toString()).isEqualTo("[\"analyst\"]");
        String secretId = logicalId(template, "AWS::SecretsManager::Secret", "User-tableau");
        assertThat(users.get(0).path("secretArn").path("Ref").asText()).isEqualTo(secretId);
        assertThat(p.path("TableOwners").toString()).isEqualTo("[\"warehouse_admin\"]");
        assertThat(p.has("MigrationsChecksum")).isTrue();
        List<String> dependsOn = new ArrayList<>();
        access.path("DependsOn").forEach(d -> dependsOn.add(d.asText()));
        assertThat(dependsOn)
                .contains(logicalId(template, "Custom::WarehouseBootstrap", "Bootstrap"))
                .contains(logicalId(template, "Custom::SchemaMigrations", "Migrations"));
        // the rotation needs the user: it comes after the access step created it
        List<String> rotationDependsOn = new ArrayList<>();
        only(template, "AWS::SecretsManager::RotationSchedule")
                .path("DependsOn")
                .forEach(d -> rotationDependsOn.add(d.asText()));
        assertThat(rotationDependsOn).contains(logicalId(template, "Custom::WarehouseAccess", "Access"));
    }

    @Test
    void noAccessStepWithoutAccessConfig() {
        JsonNode template =
                JSON.valueToTree(Platforms.withoutAccess("prod").loaders().toJSON());
        assertThat(resources(template, "Custom::WarehouseAccess")).isEmpty();
        assertThat(resources(template, "AWS::SecretsManager::Secret")).isEmpty();
        assertThat(template.has("Transform")).isFalse();
    }

    @Test
    void accessStepReadsExactlyTheUsersSecretsAndDecryptsWithTheirKey() {
        JsonNode template = loaders("prod");
        String secretId = logicalId(template, "AWS::SecretsManager::Secret", "User-tableau");
        String keyId = logicalId(template, "AWS::KMS::Key", "UserSecrets/Key");
        JsonNode policy = resources(template, "AWS::IAM::Policy").stream()
                .filter(p -> p.getKey().startsWith("AccessFunctionRole"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .path("Properties")
                .path("PolicyDocument")
                .path("Statement");
        JsonNode read = null;
        JsonNode decrypt = null;
        for (JsonNode s : policy) {
            if (s.path("Sid").asText().equals("ReadServiceUserSecrets")) {
                read = s;
            }
            if (s.path("Action").toString().contains("kms:Decrypt")
                    && s.path("Resource").toString().contains(keyId)) {
                decrypt = s;
            }
        }
        assertThat(read).isNotNull();
        assertThat(read.path("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(read.path("Resource").toString()).isEqualTo("{\"Ref\":\"" + secretId + "\"}");
        assertThat(decrypt).as("kms:Decrypt on the users' key").isNotNull();
        // the key policy lets the account's IAM policies grant it (the access step's role is of this account)
        assertThat(template.path("Resources")
                        .path(logicalId(template, "AWS::KMS::Key", "UserSecrets/Key"))
                        .path("Properties")
                        .path("KeyPolicy")
                        .toString())
                .contains(":root");
        // the endpoint (private DNS) admits the access step's functions group and lets it read the secret
        String functionsGroup = logicalId(template, "AWS::EC2::SecurityGroup", "FunctionPlacement");
        String endpointGroup = logicalId(template, "AWS::EC2::SecurityGroup", "UserSecrets/EndpointSecurityGroup");
        assertThat(ingresses(template, endpointGroup))
                .anyMatch(i -> i.toString().contains(functionsGroup)
                        && i.path("FromPort").asInt() == 443);
        JsonNode endpoint = only(template, "AWS::EC2::VPCEndpoint").path("Properties");
        assertThat(endpoint.path("PrivateDnsEnabled").asBoolean()).isTrue();
        assertThat(endpoint.path("ServiceName").toString()).contains("secretsmanager");
        assertThat(endpoint.path("PolicyDocument").toString())
                .contains("secretsmanager:GetSecretValue")
                .contains(secretId);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prod", "staging"})
    void rotationReachesTheWarehousePortAndSecretsManager(String env) {
        JsonNode template = loaders(env);
        String rotationGroup = logicalId(template, "AWS::EC2::SecurityGroup", "RotationSecurityGroup");
        String endpointGroup = logicalId(template, "AWS::EC2::SecurityGroup", "UserSecrets/EndpointSecurityGroup");
        JsonNode egress = resources(template, "AWS::EC2::SecurityGroup").stream()
                .filter(e -> e.getKey().equals(rotationGroup))
                .findFirst()
                .orElseThrow()
                .getValue()
                .path("Properties")
                .path("SecurityGroupEgress");
        assertThat(egress).hasSize(2);
        assertThat(egress)
                .anyMatch(e -> e.path("FromPort").asInt() == 5440
                        && e.path("ToPort").asInt() == 5440
                        && e.path("DestinationSecurityGroupId").toString().contains("ImportValue"));
        assertThat(egress)
                .anyMatch(e -> e.path("FromPort").asInt() == 443
                        && e.path("DestinationSecurityGroupId").toString().contains(endpointGroup));
        // the warehouse's own group admits the rotation group on its port (the rule lives in the loader stack)
        JsonNode warehouseIngress = resources(template, "AWS::EC2::SecurityGroupIngress").stream()
                .map(Map.Entry::getValue)
                .filter(i -> i.path("Properties")
                                .path("SourceSecurityGroupId")
                                .toString()
                                .contains(rotationGroup)
                        && i.path("Properties").path("FromPort").asInt() == 5440)
                .findFirst()
                .orElseThrow()
                .path("Properties");
        assertThat(warehouseIngress.path("ToPort").asInt()).isEqualTo(5440);
        assertThat(warehouseIngress.path("GroupId").toString()).contains("ImportValue");
        String exported =
                warehouseIngress.path("GroupId").path("Fn::ImportValue").asText();
        JsonNode warehouseTemplate = warehouse(env);
        JsonNode exportedValue = null;
        for (JsonNode output : warehouseTemplate.path("Outputs")) {
            if (output.path("Export").path("Name").asText().equals(exported)) {
                exportedValue = output.path("Value");
            }
        }
        assertThat(exportedValue).as("export " + exported).isNotNull();
        String warehouseGroup = exportedValue.path("Fn::GetAtt").get(0).asText();
        assertThat(warehouseTemplate
                        .path("Resources")
                        .path(warehouseGroup)
                        .path("Type")
                        .asText())
                .isEqualTo("AWS::EC2::SecurityGroup");
        assertThat(warehouseGroup).startsWith("WarehouseSecurityGroup");
        assertThat(ingresses(template, endpointGroup))
                .anyMatch(i -> i.toString().contains(rotationGroup)
                        && i.path("FromPort").asInt() == 443);
        JsonNode endpoint = only(template, "AWS::EC2::VPCEndpoint").path("Properties");
        assertThat(endpoint.path("PolicyDocument").toString())
                .contains("secretsmanager:PutSecretValue")
                .contains("secretsmanager:UpdateSecretVersionStage")
                .contains("secretsmanager:GetRandomPassword");
    }

    private static List<JsonNode> ingresses(JsonNode template, String groupId) {
        List<JsonNode> found = new ArrayList<>();
        for (var e : resources(template, "AWS::EC2::SecurityGroupIngress")) {
            JsonNode p = e.getValue().path("Properties");
            if (p.path("GroupId").toString().contains(groupId)) {
                found.add(p);
            }
        }
        return found;
    }
}
