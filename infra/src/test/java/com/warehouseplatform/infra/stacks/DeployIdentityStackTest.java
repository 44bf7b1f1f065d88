package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.DeployIdentity;
import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.WarehousePlatform;
import com.warehouseplatform.infra.constructs.CloudFormationExecutionPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The deploy identity of every environment in config/: per account one stack with GitHub's OIDC provider, per
 * environment exactly one role that only that environment's GitHub deploy job may assume and that may only
 * assume the CDK bootstrap roles of that environment, and the CloudFormation execution policy for the bootstrap.
 */
class DeployIdentityStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<EnvironmentConfig> environments;
    private static List<DeployIdentityStack> stacks;

    @BeforeAll
    static void build() {
        environments = ConfigLoader.loadAll(Platforms.CONFIG);
        stacks = DeployIdentity.build(WarehousePlatform.newApp(Map.of()), environments);
    }

    static List<String> environmentNames() {
        return Platforms.environmentNames();
    }

    private static EnvironmentConfig config(String env) {
        return environments.stream()
                .filter(e -> e.name().equals(env))
                .findFirst()
                .orElseThrow();
    }

    private static DeployIdentityStack stackOf(String env) {
        return stacks.stream()
                .filter(s -> s.getRoles().containsKey(env))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode template(DeployIdentityStack stack) {
        return JSON.valueToTree(Template.fromStack(stack).toJSON());
    }

    private static List<JsonNode> resources(JsonNode template, String type) {
        List<JsonNode> found = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        return found;
    }

    /** A value as the template holds it, with Fn::Join and the pseudo parameters written as ${AWS::...}. */
    static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.path("Fn::Join");
            return StreamSupport.stream(join.get(1).spliterator(), false)
                    .map(DeployIdentityStackTest::text)
                    .collect(Collectors.joining(join.get(0).asText()));
        }
        if (value.has("Ref")) {
            return "${" + value.path("Ref").asText() + "}";
        }
        throw new IllegalArgumentException("not a plain value: " + value);
    }

    private static List<String> texts(JsonNode value) {
        List<String> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> values.add(text(v)));
        } else {
            values.add(text(value));
        }
        return values;
    }

    @Test
    void oneStackPerAccountNamedByIt() {
        assertThat(stacks)
                .extracting(s -> s.getStackName())
                .containsExactly(
                        "deploy-identity", "deploy-identity-" + config("prod").account());
        assertThat(stackOf("dev").getStackName()).as("dev names no account").isEqualTo("deploy-identity");
        assertThat(stackOf("staging")).isSameAs(stackOf("prod"));
        assertThat(stackOf("prod").getRoles().keySet()).containsExactly("prod", "staging");
        assertThat(stacks).allMatch(s -> s.getTerminationProtection());
    }

    @Test
    void eachStackHasGitHubsOidcProviderWithTheStsAudienceAndNoThumbprint() {
        for (DeployIdentityStack stack : stacks) {
            List<JsonNode> providers = resources(template(stack), "AWS::IAM::OIDCProvider");
            assertThat(providers).as(stack.getStackName()).hasSize(1);
            JsonNode properties = providers.get(0).path("Properties");
            assertThat(properties.path("Url").asText()).isEqualTo("https://token.actions.githubusercontent.com");
            assertThat(texts(properties.path("ClientIdList"))).containsExactly("sts.amazonaws.com");
            assertThat(properties.has("ThumbprintList"))
                    .as("IAM verifies GitHub by its trusted CAs")
                    .isFalse();
            assertThat(resources(template(stack), "AWS::CloudFormation::CustomResource"))
                    .isEmpty();
            assertThat(resources(template(stack), "AWS::Lambda::Function"))
                    .as("no custom-resource function")
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environmentNames")
    void exactlyOneRoleTrustsOnlyThatEnvironmentsGitHubDeployJob(String env) {
        JsonNode template = template(stackOf(env));
        List<JsonNode> roles = resources(template, "AWS::IAM::Role").stream()
                .filter(r -> r.path("Properties").path("RoleName").asText().equals("github-deploy-" + env))
                .toList();
        assertThat(roles).hasSize(1);
        assertThat(resources(template, "AWS::IAM::Role"))
                .as("a role per environment of the account, nothing else")
                .hasSize(stackOf(env).getRoles().size());

        JsonNode trust =
                roles.get(0).path("Properties").path("AssumeRolePolicyDocument").path("Statement");
        assertThat(trust).hasSize(1);
        JsonNode statement = trust.get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(texts(statement.path("Action"))).containsExactly("sts:AssumeRoleWithWebIdentity");
        String providerId = resources(template, "AWS::IAM::OIDCProvider").isEmpty()
                ? null
                : fieldOf(template.path("Resources"), "AWS::IAM::OIDCProvider");
        assertThat(statement.path("Principal").path("Federated").path("Ref").asText())
                .isEqualTo(providerId);
        JsonNode condition = statement.path("Condition");
        assertThat(names(condition)).containsExactly("StringEquals");
        assertThat(names(condition.path("StringEquals")))
                .containsExactlyInAnyOrder(
                        "token.actions.githubusercontent.com:aud", "token.actions.githubusercontent.com:sub");
        assertThat(condition
                        .path("StringEquals")
                        .path("token.actions.githubusercontent.com:aud")
                        .asText())
                .isEqualTo("sts.amazonaws.com");
        assertThat(condition
                        .path("StringEquals")
                        .path("token.actions.githubusercontent.com:sub")
                        .asText())
                .isEqualTo("repo:example-org/warehouse-platform:environment:" + env)
                .isEqualTo("repo:" + config(env).deployment().githubRepository() + ":environment:" + env);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environmentNames")
    void theRoleMayOnlyAssumeTheBootstrapRolesOfItsEnvironment(String env) {
        JsonNode template = template(stackOf(env));
        JsonNode role = resources(template, "AWS::IAM::Role").stream()
                .filter(r -> r.path("Properties").path("RoleName").asText().equals("github-deploy-" + env))
                .findFirst()
                .orElseThrow()
                .path("Properties");
        assertThat(role.has("ManagedPolicyArns")).isFalse();
        assertThat(resources(template, "AWS::IAM::Policy"))
                .as("no policy attached to the roles elsewhere")
                .isEmpty();
        assertThat(role.path("Policies")).hasSize(1);
        JsonNode statements =
                role.path("Policies").get(0).path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(1);
        JsonNode statement = statements.get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.has("NotAction") || statement.has("NotResource")).isFalse();
        assertThat(texts(statement.path("Action"))).containsExactly("sts:AssumeRole");
        EnvironmentConfig config = config(env);
        String account = config.account() == null ? "${AWS::AccountId}" : config.account();
        // the bootstrap roles of each region the environment's stacks are in: its own, and a snapshot copy's
        List<String> expected = new ArrayList<>();
        for (String region : WarehousePlatform.regions(config)) {
            String suffix = "-" + account + "-" + region;
            for (String name : List.of("deploy-role", "file-publishing-role", "image-publishing-role", "lookup-role")) {
                expected.add("arn:${AWS::Partition}:iam::" + account + ":role/cdk-hnb659fds-" + name + suffix);
            }
        }
        assertThat(texts(statement.path("Resource"))).containsExactlyInAnyOrderElementsOf(expected);
        if (config.warehouse().resilience().copiesSnapshots()) {
            assertThat(expected).hasSize(8);
        }
    }

    @Test
    void theBootstrapQualifierOfTheAppNamesTheBootstrapRoles() {
        App app = WarehousePlatform.newApp(Map.of("@aws-cdk/core:bootstrapQualifier", "wh2026"));
        DeployIdentityStack stack = DeployIdentity.build(app, environments).get(0);
        assertThat(template(stack).toString())
                .contains("role/cdk-wh2026-deploy-role-")
                .doesNotContain("hnb659fds");
    }

    @Test
    void theExecutionPolicyCoversOnlyThePlatformsResourcesWhereServicesScopeByName() {
        DeployIdentityStack stack = stackOf("prod");
        JsonNode template = template(stack);
        List<JsonNode> policies = resources(template, "AWS::IAM::ManagedPolicy");
        assertThat(policies).hasSize(1);
        JsonNode policy = policies.get(0).path("Properties");
        assertThat(policy.path("ManagedPolicyName").asText()).isEqualTo(CloudFormationExecutionPolicy.NAME);
        assertThat(policy.has("Roles") || policy.has("Users") || policy.has("Groups"))
                .as("attached by bootstrap only")
                .isFalse();
        List<String> envPrefixes = List.of("prod-", "staging-");
        for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
            String sid = statement.path("Sid").asText();
            List<String> actions = texts(statement.path("Action"));
            List<String> resources = texts(statement.path("Resource"));
            assertThat(actions).as(sid).doesNotContain("*");
            assertThat(statement.has("NotAction") || statement.has("NotResource"))
                    .as(sid)
                    .isFalse();
            if (!statement.path("Effect").asText().equals("Allow")) {
                continue;
            }
            if (resources.contains("*")) {
                assertThat(statement
                                .path("Condition")
                                .path("StringEquals")
                                .path("aws:RequestedRegion")
                                .isMissingNode())
                        .as(sid + ": an unscoped resource is limited to the platform's regions")
                        .isFalse();
            }
            for (String action : actions) {
                if (action.startsWith("iam:")) {
                    assertThat(resources)
                            .as(sid)
                            .allSatisfy(r -> assertThat(r)
                                    .satisfiesAnyOf(
                                            arn -> assertThat(envPrefixes)
                                                    .anyMatch(p -> arn.endsWith(":role/" + p + "*")),
                                            arn -> assertThat(arn).endsWith(":role/aws-service-role/*")));
                }
            }
        }
        JsonNode deny = statement(policy, "DenyDeployIdentityAndBootstrap");
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(texts(deny.path("Resource")))
                .anyMatch(r -> r.endsWith(":role/cdk-*"))
                .anyMatch(r -> r.endsWith(":role/github-deploy-*"))
                .anyMatch(r -> r.endsWith(":oidc-provider/*"));
        assertThat(texts(statement(policy, "IamAttachLambdaBasicExecution")
                        .path("Condition")
                        .path("ArnEquals")
                        .path("iam:PolicyARN")))
                .containsExactly("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        assertThat(template.toString()).doesNotContain("AdministratorAccess");
    }

    /**
     * Every resource type of every environment's templates belongs to a service the execution policy allows, and
     * every explicit name the templates give starts with the environment's prefix the policy is scoped by.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("environmentNames")
    void theExecutionPolicyCoversEveryResourceTheEnvironmentsStacksCreate(String env) {
        JsonNode policy = resources(template(stackOf(env)), "AWS::IAM::ManagedPolicy")
                .get(0)
                .path("Properties");
        List<String> allowed = new ArrayList<>();
        for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
            if (statement.path("Effect").asText().equals("Allow")) {
                allowed.addAll(texts(statement.path("Action")));
            }
        }
        Map<String, String> prefixes = Map.ofEntries(
                Map.entry("IAM", "iam"),
                Map.entry("Lambda", "lambda"),
                Map.entry("S3", "s3"),
                Map.entry("KMS", "kms"),
                Map.entry("Redshift", "redshift"),
                Map.entry("RedshiftServerless", "redshift-serverless"),
                Map.entry("EC2", "ec2"),
                Map.entry("SQS", "sqs"),
                Map.entry("SNS", "sns"),
                Map.entry("Scheduler", "scheduler"),
                Map.entry("CloudWatch", "cloudwatch"),
                Map.entry("Logs", "logs"),
                Map.entry("SSM", "ssm"),
                Map.entry("SecretsManager", "secretsmanager"),
                Map.entry("Events", "events"));
        Platforms.Built built = Platforms.of(env);
        for (var stack : built.platform().stacks()) {
            JsonNode template = JSON.valueToTree(built.template(stack).toJSON());
            template.path("Resources").forEach(resource -> {
                String type = resource.path("Type").asText();
                if (type.startsWith("Custom::")
                        || type.equals("AWS::CloudFormation::CustomResource")
                        || type.equals("AWS::CDK::Metadata")) {
                    // a custom resource is a Lambda invoke: lambda:* on the platform's functions
                    assertThat(allowed).as(type).contains("lambda:*");
                    return;
                }
                String service = type.split("::")[1];
                if (service.equals("IAM")) {
                    assertThat(type)
                            .as(stack.getStackName() + ": the policy allows roles and their inline policies only")
                            .isIn("AWS::IAM::Role", "AWS::IAM::Policy");
                }
                assertThat(prefixes)
                        .as(stack.getStackName() + ": " + type + " is a service the policy knows")
                        .containsKey(service);
                assertThat(allowed).as(type).anyMatch(a -> a.startsWith(prefixes.get(service) + ":"));
                JsonNode properties = resource.path("Properties");
                for (String key : List.of(
                        "RoleName",
                        "FunctionName",
                        "QueueName",
                        "TopicName",
                        "AlarmName",
                        "DashboardName",
                        "BucketName",
                        "ClusterIdentifier",
                        "NamespaceName",
                        "WorkgroupName")) {
                    if (properties.path(key).isTextual()) {
                        assertThat(properties.path(key).asText())
                                .as(stack.getStackName() + " " + type + " " + key)
                                .startsWith(env + "-");
                    }
                }
                if (type.equals("AWS::SSM::Parameter")) {
                    assertThat(properties.path("Name").asText()).startsWith("/" + env + "/");
                }
                if (type.equals("AWS::KMS::Key")) {
                    assertThat(resource.path("Properties").path("Tags").toString())
                            .as("the tag KMS is scoped by")
                            .contains("{\"Key\":\"platform\",\"Value\":\"redshift-warehouse\"}");
                }
            });
        }
    }

    @Test
    void synthesizesWithoutBootstrapRolesOrAssets() {
        App app = WarehousePlatform.newApp(Map.of());
        DeployIdentity.build(app, environments);
        var assembly = app.synth();
        for (DeployIdentityStack stack : stacks) {
            var artifact = assembly.getStackByName(stack.getStackName());
            assertThat(artifact.getAssumeRoleArn())
                    .as("deployed with the caller's credentials")
                    .isNull();
            assertThat(artifact.getAssets()).isEmpty();
            assertThat(JSON.valueToTree(artifact.getTemplate()).toString()).doesNotContain("BootstrapVersion");
            assertThat(JSON.valueToTree(artifact.getTemplate()).toString().length())
                    .as("small enough to be sent inline, without the bootstrap bucket")
                    .isLessThan(51_200);
        }
        assertThat(assembly.getStacks())
                .extracting(s -> s.getStackName())
                .containsExactlyInAnyOrder(
                        "deploy-identity", "deploy-identity-" + config("prod").account());
    }

    @Test
    void environmentsWithoutADeploymentSectionGetNoRole() {
        List<EnvironmentConfig> withoutDev = environments.stream()
                .map(e -> e.name().equals("dev")
                        ? new EnvironmentConfig(
                                e.name(),
                                e.account(),
                                e.region(),
                                e.protect(),
                                e.tags(),
                                e.network(),
                                e.dataLake(),
                                e.warehouse(),
                                e.alerts(),
                                e.loaders(),
                                null,
                                e.logs(),
                                e.access(),
                                e.compliance())
                        : e)
                .toList();
        List<DeployIdentityStack> built = DeployIdentity.build(WarehousePlatform.newApp(Map.of()), withoutDev);
        assertThat(built)
                .extracting(s -> s.getStackName())
                .containsExactly("deploy-identity-" + config("prod").account());
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String fieldOf(JsonNode resources, String type) {
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getValue().path("Type").asText().equals(type)) {
                return entry.getKey();
            }
        }
        return null;
    }
}
