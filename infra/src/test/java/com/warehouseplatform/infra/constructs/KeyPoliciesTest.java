package com.warehouseplatform.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;

/** The CreateGrant deny, on a key of its own stack, in exactly the shape CT.KMS.PR.3's rule accepts. */
class KeyPoliciesTest {
    /** Deny kms:CreateGrant to * on * when neither the grant is for an AWS resource nor the caller an AWS service. */
    static final Map<String, Object> EXPECTED = expected();

    private static Map<String, Object> expected() {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", "kms:CreateGrant");
        statement.put(
                "Condition",
                Map.of(
                        "BoolIfExists",
                        Map.of("kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false")));
        statement.put("Effect", "Deny");
        statement.put("Principal", "*");
        statement.put("Resource", "*");
        statement.put("Sid", KeyPolicies.GRANTS_FOR_AWS_RESOURCES_ONLY);
        return statement;
    }

    @Test
    @SuppressWarnings("unchecked")
    void deniesGrantsThatNoAwsServiceAsksFor() {
        Stack stack = new Stack();
        KeyPolicies.grantsOnlyForAwsResources(new Key(stack, "Key"));
        Map<String, Object> key = Template.fromStack(stack)
                .findResources("AWS::KMS::Key")
                .values()
                .iterator()
                .next();
        List<Map<String, Object>> statements = (List<Map<String, Object>>)
                ((Map<String, Object>) ((Map<String, Object>) key.get("Properties")).get("KeyPolicy")).get("Statement");
        assertThat(statements).contains(EXPECTED);
        assertThat(statements)
                .as("the account keeps its administration of the key")
                .anySatisfy(s -> assertThat(s.get("Action")).isEqualTo("kms:*"));
    }
}
