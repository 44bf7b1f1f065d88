package com.warehouseplatform.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.LogsConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/** StackLogs on its own stack: every log group it makes is encrypted with the stack's key and kept as configured. */
class StackLogsTest {

    private static Template template(int retentionDays, RemovalPolicy removal) {
        Stack stack = new Stack(
                new App(),
                "Logs",
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region("eu-west-1")
                                .build())
                        .build());
        StackLogs logs =
                new StackLogs(stack, "Logs", new StackLogs.Props("dev", new LogsConfig(retentionDays), removal));
        logs.logGroup(stack, "First");
        logs.logGroup(stack, "Second");
        return Template.fromStack(stack);
    }

    private static final Template SHORT = template(90, RemovalPolicy.DESTROY);
    private static final Template YEAR = template(365, RemovalPolicy.RETAIN);

    private static String keyId(Template template) {
        Map<String, Map<String, Object>> keys = template.findResources("AWS::KMS::Key");
        assertThat(keys).hasSize(1);
        return keys.keySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keyStatements(Template template) {
        Map<String, Object> key = template.findResources("AWS::KMS::Key").get(keyId(template));
        return (List<Map<String, Object>>)
                ((Map<String, Object>) ((Map<String, Object>) key.get("Properties")).get("KeyPolicy")).get("Statement");
    }

    @Test
    void encryptsEveryLogGroupWithTheStacksOwnRotatedKey() {
        String key = keyId(SHORT);
        Map<String, Map<String, Object>> groups = SHORT.findResources("AWS::Logs::LogGroup");
        assertThat(groups).hasSize(2);
        assertThat(groups.values())
                .allSatisfy(group -> assertThat(((Map<?, ?>) group.get("Properties")).get("KmsKeyId"))
                        .isEqualTo(Map.of("Fn::GetAtt", List.of(key, "Arn"))));
        SHORT.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true, "PendingWindowInDays", 30));
    }

    @Test
    void letsCloudWatchLogsOfTheRegionUseTheKeyForThisAccountsLogGroupsOnly() {
        List<Map<String, Object>> logs = keyStatements(SHORT).stream()
                .filter(s -> s.get("Principal").equals(Map.of("Service", "logs.eu-west-1.amazonaws.com")))
                .toList();
        assertThat(logs).singleElement().satisfies(s -> {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            assertThat(s.get("Condition"))
                    .isEqualTo(Map.of(
                            "ArnLike",
                            Map.of(
                                    "kms:EncryptionContext:aws:logs:arn",
                                    Map.of(
                                            "Fn::Join",
                                            List.of(
                                                    "",
                                                    List.of(
                                                            "arn:",
                                                            Map.of("Ref", "AWS::Partition"),
                                                            ":logs:eu-west-1:123456789012:log-group:*"))))));
            assertThat(List.copyOf((List<?>) s.get("Action")))
                    .map(String::valueOf)
                    .containsExactlyInAnyOrder(
                            "kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*");
        });
        assertThat(keyStatements(SHORT))
                .as("no other service principal may use the key")
                .filteredOn(s -> s.get("Principal") instanceof Map<?, ?> p && p.containsKey("Service"))
                .hasSize(1);
    }

    @Test
    void keepsLogsAsConfiguredAndAcknowledgesTheRetentionControlOnlyBelowAYear() {
        SHORT.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
        YEAR.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
        assertThat(SHORT.findResources("AWS::Logs::LogGroup").values())
                .allSatisfy(group -> assertThat(group.get("Metadata").toString())
                        .contains("control=CT.CLOUDWATCH.PR.2")
                        .contains("logs.retentionDays"));
        assertThat(YEAR.findResources("AWS::Logs::LogGroup").values())
                .allSatisfy(group ->
                        assertThat(String.valueOf(group.get("Metadata"))).doesNotContain("CT.CLOUDWATCH.PR.2"));
    }

    @Test
    void removesLogGroupsAndKeyAsTheStackDoes() {
        SHORT.allResources("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Delete"));
        SHORT.allResources("AWS::KMS::Key", Map.of("DeletionPolicy", "Delete"));
        YEAR.allResources("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Retain"));
        YEAR.allResources("AWS::KMS::Key", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void theKeyRefusesGrantsThatAreNotForAwsResources() {
        assertThat(keyStatements(SHORT))
                .filteredOn(s -> KeyPolicies.GRANTS_FOR_AWS_RESOURCES_ONLY.equals(s.get("Sid")))
                .singleElement()
                .isEqualTo(KeyPoliciesTest.EXPECTED);
    }
}
