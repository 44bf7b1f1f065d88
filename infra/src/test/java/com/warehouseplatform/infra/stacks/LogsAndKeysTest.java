package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.PolicySimulator;
import com.warehouseplatform.infra.PolicySimulator.Request;
import com.warehouseplatform.infra.PolicySimulator.Statement;
import com.warehouseplatform.infra.constructs.KeyPolicies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The AWS Control Tower gaps of every environment, closed: log groups encrypted with a key of their own stack that
 * CloudWatch Logs may use for this account's log groups only (CT.CLOUDWATCH.PR.3), kept as logs.retentionDays says
 * (CT.CLOUDWATCH.PR.2), every key refusing grants no AWS service asks for (CT.KMS.PR.3), and the cluster's audit
 * bucket named in its own template (CT.REDSHIFT.PR.3).
 */
class LogsAndKeysTest {

    static List<String> environments() {
        return Platforms.environmentNames();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** The RetentionInDays of each log group of {@code template} (none in a stack without log groups). */
    private static List<Object> retentions(Template template) {
        return template.findResources("AWS::Logs::LogGroup").values().stream()
                .map(group -> properties(group).get("RetentionInDays"))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("environments")
    void everyLogGroupIsEncryptedWithAKeyOfItsStackThatLogsMayUseForThisAccountOnly(String env) {
        Platforms.Built built = Platforms.of(env);
        PolicySimulator aws = new PolicySimulator(built);
        int groups = 0;
        for (Stack stack : built.platform().stacks()) {
            // the stack's own region: the disaster-recovery stack is in the snapshot copy's region
            String region = stack.getRegion();
            String logs = "logs." + region + ".amazonaws.com";
            Template template = Template.fromStack(stack);
            for (var group : template.findResources("AWS::Logs::LogGroup").entrySet()) {
                groups++;
                Object keyRef = properties(group.getValue()).get("KmsKeyId");
                assertThat(keyRef).as(env + " " + group.getKey() + " KmsKeyId").isInstanceOf(Map.class);
                List<?> getAtt = (List<?>) ((Map<?, ?>) keyRef).get("Fn::GetAtt");
                assertThat(getAtt).as(env + " " + group.getKey()).isNotNull();
                String keyId = (String) getAtt.get(0);
                assertThat(aws.ofType(stack.getStackName(), "AWS::KMS::Key"))
                        .as("a key of the log group's own template")
                        .contains(keyId);
                List<Statement> keyPolicy = aws.keyPolicy(stack.getStackName(), keyId);
                String keyArn = "att:" + stack.getStackName() + "/" + keyId + ".Arn";
                String ownGroup = "arn:aws:logs:" + region + ":" + aws.account() + ":log-group:" + group.getKey();
                String otherAccountsGroup = "arn:aws:logs:" + region + ":999988887777:log-group:x";
                for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt")) {
                    assertThat(aws.keyAllows(
                                    Request.byService(
                                            logs,
                                            action,
                                            keyArn,
                                            Map.of("kms:EncryptionContext:aws:logs:arn", ownGroup)),
                                    List.of(),
                                    keyPolicy))
                            .as(env + ": CloudWatch Logs may " + action + " for " + group.getKey())
                            .isTrue();
                    assertThat(aws.keyAllows(
                                    Request.byService(
                                            logs,
                                            action,
                                            keyArn,
                                            Map.of("kms:EncryptionContext:aws:logs:arn", otherAccountsGroup)),
                                    List.of(),
                                    keyPolicy))
                            .as(env + ": not for another account's log group")
                            .isFalse();
                }
                assertThat(aws.keyAllows(
                                Request.byService(
                                        "logs.us-east-1.amazonaws.com",
                                        "kms:GenerateDataKey",
                                        keyArn,
                                        Map.of("kms:EncryptionContext:aws:logs:arn", ownGroup)),
                                List.of(),
                                keyPolicy))
                        .as(env + ": not CloudWatch Logs of another region")
                        .isFalse();
            }
        }
        assertThat(groups).as(env + ": log groups found").isGreaterThanOrEqualTo(5);
    }

    @Test
    void keepsLogsAYearInProtectedEnvironments() {
        for (String env : List.of("prod", "staging")) {
            Platforms.Built built = Platforms.of(env);
            assertThat(built.config().protect()).isTrue();
            List<Object> days = built.platform().stacks().stream()
                    .flatMap(stack -> retentions(Template.fromStack(stack)).stream())
                    .toList();
            assertThat(days).as(env).hasSizeGreaterThanOrEqualTo(5).containsOnly(365);
        }
    }

    @Test
    void keepsDevLogsNinetyDaysAndSaysWhyOnEveryLogGroup() {
        List<Object> days = Platforms.of("dev").platform().stacks().stream()
                .flatMap(stack -> retentions(Template.fromStack(stack)).stream())
                .toList();
        assertThat(days).hasSizeGreaterThanOrEqualTo(5).containsOnly(90);
        for (Stack stack : Platforms.of("dev").platform().stacks()) {
            Template template = Template.fromStack(stack);
            assertThat(template.findResources("AWS::Logs::LogGroup").values())
                    .allSatisfy(group -> assertThat(String.valueOf(group.get("Metadata")))
                            .contains("control=CT.CLOUDWATCH.PR.2")
                            .contains("logs.retentionDays"));
        }
    }

    @Test
    void followsLogsRetentionDaysAndDropsTheAcknowledgmentFromAYearOn() {
        Platforms.Built longer = Platforms.variant(
                "dev", "logs 400 days", yaml -> yaml.replace("alerts:\n", "logs: {retentionDays: 400}\nalerts:\n"));
        assertThat(longer.config().logs().retentionDays()).isEqualTo(400);
        int groups = 0;
        for (Stack stack : longer.platform().stacks()) {
            Template template = Template.fromStack(stack);
            retentions(template).forEach(days -> assertThat(days).isEqualTo(400));
            for (Map<String, Object> group :
                    template.findResources("AWS::Logs::LogGroup").values()) {
                groups++;
                assertThat(String.valueOf(group.get("Metadata"))).doesNotContain("CT.CLOUDWATCH.PR.2");
            }
        }
        assertThat(groups).isGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("environments")
    void everyKeyRefusesGrantsThatNoAwsServiceAsksFor(String env) {
        Platforms.Built built = Platforms.of(env);
        PolicySimulator aws = new PolicySimulator(built);
        // an administrator of the account, allowed everything by its identity policy
        String admin = "arn:aws:iam::" + aws.account() + ":role/admin";
        List<Statement> everything = List.of(new Statement(null, true, null, List.of("*"), List.of("*"), Map.of()));
        int keys = 0;
        for (String stack : aws.stacks()) {
            for (String keyId : aws.ofType(stack, "AWS::KMS::Key")) {
                keys++;
                List<Statement> keyPolicy = aws.keyPolicy(stack, keyId);
                assertThat(keyPolicy).as(stack + " " + keyId).anySatisfy(s -> {
                    assertThat(s.allow()).isFalse();
                    assertThat(s.actions()).containsExactly("kms:CreateGrant");
                });
                String keyArn = "att:" + stack + "/" + keyId + ".Arn";
                Request grant = new Request(
                        null,
                        admin,
                        "kms:CreateGrant",
                        keyArn,
                        Map.of("kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false"));
                assertThat(aws.keyAllows(grant, everything, keyPolicy))
                        .as(stack + " " + keyId + ": a grant of the administrator's own")
                        .isFalse();
                Request forRedshift = new Request(
                        null,
                        admin,
                        "kms:CreateGrant",
                        keyArn,
                        Map.of("kms:GrantIsForAWSResource", "true", "aws:PrincipalIsAWSService", "false"));
                assertThat(aws.keyAllows(forRedshift, everything, keyPolicy))
                        .as(stack + " " + keyId + ": a grant Redshift asks for on the administrator's behalf")
                        .isTrue();
                assertThat(aws.keyAllows(grant.with("kms:Decrypt", keyArn), everything, keyPolicy))
                        .as("only grants are denied")
                        .isTrue();
            }
        }
        // the lake key, the alert topic's key, a log key in each of the network, warehouse and loader stacks, and
        // the key of the service users' secrets; with a snapshot copy, the copies' key and a log key in the
        // disaster-recovery stack
        int expected = Platforms.of(env).platform().disasterRecovery() == null ? 6 : 8;
        assertThat(keys).as(env + " keys").isEqualTo(expected);
    }

    @Test
    void theStatementIsWrittenOnceWithTheSidReviewersLookFor() {
        for (String env : environments()) {
            for (Stack stack : Platforms.of(env).platform().stacks()) {
                for (Map<String, Object> key :
                        Template.fromStack(stack).findResources("AWS::KMS::Key").values()) {
                    assertThat(String.valueOf(properties(key).get("KeyPolicy")))
                            .contains("Sid=" + KeyPolicies.GRANTS_FOR_AWS_RESOURCES_ONLY);
                }
            }
        }
    }

    @Test
    void namesTheAuditBucketInTheClustersTemplateAndStillWaitsForTheDataLake() {
        Platforms.Built prod = Platforms.of("prod");
        prod.warehouse()
                .hasResourceProperties(
                        "AWS::Redshift::Cluster",
                        Map.of(
                                "LoggingProperties",
                                Map.of(
                                        "BucketName", "prod-audit-logs-123456789012-eu-west-1",
                                        "S3KeyPrefix", "redshift/",
                                        "LogDestinationType", "s3",
                                        "LogExports", List.of("connectionlog", "userlog", "useractivitylog"))));
        assertThat(prod.platform().warehouse().getDependencies())
                .contains(prod.platform().dataLake());
        assertThat(prod.dataLake().toJSON().toString()).contains("prod-audit-logs-123456789012-eu-west-1");
        // the export the warehouse stack imported before stays, under its old name, for deployed environments
        assertThat(prod.dataLake()
                        .findOutputs("ExportsOutputRefDataLakeAuditLogsCE032D6ECAE6505D")
                        .values())
                .singleElement()
                .satisfies(output -> assertThat(output.toString())
                        .contains("Name=prod-data-lake:ExportsOutputRefDataLakeAuditLogsCE032D6ECAE6505D"));
    }

    @Test
    void acknowledgesTheAuditBucketControlOnlyWhereTheAccountIsUnknown() {
        Map<String, Map<String, Object>> dev = Platforms.of("dev").warehouse().findResources("AWS::Redshift::Cluster");
        assertThat(dev.values())
                .singleElement()
                .satisfies(cluster -> assertThat(String.valueOf(cluster.get("Metadata")))
                        .contains("control=CT.REDSHIFT.PR.3")
                        .contains("names no account"));
        Map<String, Map<String, Object>> prod =
                Platforms.of("prod").warehouse().findResources("AWS::Redshift::Cluster");
        assertThat(prod.values())
                .singleElement()
                .satisfies(cluster ->
                        assertThat(String.valueOf(cluster.get("Metadata"))).doesNotContain("CT.REDSHIFT.PR.3"));
    }
}
