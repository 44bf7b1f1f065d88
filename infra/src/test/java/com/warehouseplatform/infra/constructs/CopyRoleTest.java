package com.warehouseplatform.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Policies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;

/** Two loaders' COPY roles on their own stack: each reads its own prefix and manifests, nothing of the other's. */
class CopyRoleTest {
    private static final Template TEMPLATE = template();

    private static Template template() {
        Stack stack = new Stack(
                null,
                "Lake",
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region("us-east-1")
                                .build())
                        .build());
        Bucket raw = Bucket.Builder.create(stack, "Raw").build();
        Bucket ops = Bucket.Builder.create(stack, "Ops").build();
        Key key = new Key(stack, "Key");
        new CopyRole(stack, "OrdersCopy", new CopyRole.Props("orders", "orders/", raw, ops, key));
        new CopyRole(stack, "EventsCopy", new CopyRole.Props("web-events", "events/", raw, ops, key));
        return Template.fromStack(stack);
    }

    private static List<String> resources(String roleId) {
        return Policies.ofRole(TEMPLATE, roleId).stream()
                .flatMap(st -> Policies.values(st, "Resource").stream()
                        .map(r -> st.get("Sid") + " " + r + " " + Policies.text(st.get("Condition"))))
                .toList();
    }

    @Test
    void eachRoleReadsOnlyItsOwnLoadersPrefixAndManifests() {
        String orders = Policies.logicalId(TEMPLATE, "AWS::IAM::Role", "loader orders:");
        String events = Policies.logicalId(TEMPLATE, "AWS::IAM::Role", "loader web-events:");
        assertThat(resources(orders))
                .anyMatch(r -> r.matches("ReadOwnPrefix \\$\\{Raw\\w+\\.Arn}/orders/\\* "))
                .anyMatch(r -> r.matches("ReadOwnManifests \\$\\{Ops\\w+\\.Arn}/manifests/orders/\\* "))
                .anyMatch(r ->
                        r.matches("ListOwnPrefix \\$\\{Raw\\w+\\.Arn} \\{StringLike=\\{s3:prefix=\\[orders/\\*]}}"))
                .anyMatch(r -> r.equals("DecryptLakeThroughS3 ${" + Policies.logicalId(TEMPLATE, "AWS::KMS::Key", "")
                        + ".Arn} {StringEquals={kms:ViaService=s3.us-east-1.${AWS::URLSuffix}}}"))
                .noneMatch(r -> r.contains("events"))
                .hasSize(5);
        assertThat(resources(events))
                .anyMatch(r -> r.contains("/events/*"))
                .anyMatch(r -> r.contains("/manifests/web-events/*"))
                .noneMatch(r -> r.contains("orders"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void trustsBothRedshiftPrincipalsAndActsOnNothingButS3AndTheKey() {
        TEMPLATE.findResources("AWS::IAM::Role").values().forEach(role -> {
            Map<String, Object> trust = (Map<String, Object>)
                    ((Map<String, Object>) role.get("Properties")).get("AssumeRolePolicyDocument");
            assertThat(trust.get("Statement").toString())
                    .contains("Service=redshift.amazonaws.com")
                    .contains("Service=redshift-serverless.amazonaws.com")
                    .doesNotContain("Condition");
        });
        assertThat(TEMPLATE.findResources("AWS::IAM::Policy").toString())
                .doesNotContain("s3:Put")
                .doesNotContain("s3:Delete")
                .doesNotContain("kms:Encrypt")
                .doesNotContain("kms:GenerateDataKey")
                .doesNotContain("s3:*");
    }
}
