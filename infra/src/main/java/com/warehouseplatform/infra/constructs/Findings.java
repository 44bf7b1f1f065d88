package com.warehouseplatform.infra.constructs;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/**
 * Acknowledges one cdk-nag finding on one resource, with the finding's exact id and the reason it is
 * accepted. The acknowledgment is recorded as {@code Validations.acknowledge} records it; it is written
 * directly because {@code acknowledge} rejects finding ids that contain "::" more than once, such as
 * {@code AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/...]}. The cdk-nag test checks
 * that every acknowledged finding lies on or under the construct that carries the acknowledgment.
 */
public final class Findings {
    static final String NIST = "NIST.800.53.R5";
    static final String HIPAA = "HIPAA.Security";
    static final String PCI = "PCI.DSS.321";

    private Findings() {}

    public static void acknowledge(IConstruct resource, String findingId, String reason) {
        resource.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(findingId, reason));
    }

    /**
     * The compliance packs (README "Compliance packs") that have each rule acknowledged through
     * {@link #acknowledgeCompliance}, as cdk-nag 3.0.2 lists them in lib/packs: a rule is acknowledged only in the
     * packs that check it, so every acknowledgment names a finding that can occur.
     */
    static final Map<String, List<String>> COMPLIANCE_RULE_PACKS = Map.of(
            "IAMNoInlinePolicy", List.of(NIST, HIPAA, PCI),
            "LambdaConcurrency", List.of(NIST, HIPAA),
            "LambdaDLQ", List.of(NIST, HIPAA),
            "S3BucketReplicationEnabled", List.of(NIST, HIPAA, PCI),
            "S3DefaultEncryptionKMS", List.of(NIST, HIPAA, PCI));

    /**
     * Acknowledges the compliance-pack finding {@code rule} (for example {@code LambdaDLQ}) on {@code resource} in
     * every pack that checks it: {@code NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ}, {@code
     * HIPAA.Security::HIPAA.Security-LambdaDLQ}; one reason, as the packs share the rule's code.
     */
    public static void acknowledgeCompliance(IConstruct resource, String rule, String reason) {
        List<String> packs = COMPLIANCE_RULE_PACKS.get(rule);
        if (packs == null) {
            throw new IllegalArgumentException("no compliance pack rule " + rule + " is known to Findings");
        }
        for (String pack : packs) {
            acknowledge(resource, pack + "::" + pack + "-" + rule, reason);
        }
    }

    /**
     * Acknowledges the compliance packs' IAMNoInlinePolicy on {@code role} (its default policy and any inline
     * policy under it): CDK writes a role's grants as the role's own inline policy.
     */
    public static void acknowledgeInlinePolicies(IConstruct role) {
        acknowledgeCompliance(
                role,
                "IAMNoInlinePolicy",
                "CDK writes this role's grants as its own inline policy, scoped to the resources of this platform;"
                        + " an inline policy keeps a strict one-to-one relation between policy and role, so no other"
                        + " identity can be given these permissions by attaching it, which a customer managed policy"
                        + " would allow (IAM User Guide, \"Managed policies and inline policies\","
                        + " https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html).");
    }

    /** Acknowledges the IAM5 finding for one wildcard resource ARN of a policy on {@code resource}. */
    public static void acknowledgeWildcardResource(IConstruct resource, String arn, String reason) {
        acknowledge(
                resource,
                "AwsSolutions-IAM5[Resource::" + flatten(Stack.of(resource).resolve(arn)) + "]",
                reason);
    }

    /** A resolved CloudFormation value as cdk-nag writes it in finding ids (its flattenCfnReference). */
    static String flatten(Object node) {
        if (node == null) {
            return "";
        }
        if (node instanceof String text) {
            return text.replace("${", "<").replace("}", ">");
        }
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("Fn::Join")) {
                List<?> join = (List<?>) map.get("Fn::Join");
                return ((List<?>) join.get(1))
                        .stream().map(Findings::flatten).collect(Collectors.joining((String) join.get(0)));
            }
            if (map.containsKey("Fn::Sub")) {
                return flatten(map.get("Fn::Sub"));
            }
            if (map.containsKey("Fn::GetAtt")) {
                List<?> getAtt = (List<?>) map.get("Fn::GetAtt");
                return "<" + flatten(getAtt.get(0)) + "." + flatten(getAtt.get(1)) + ">";
            }
            if (map.containsKey("Fn::ImportValue")) {
                return flatten(map.get("Fn::ImportValue"));
            }
            if (map.containsKey("Ref")) {
                return "<" + flatten(map.get("Ref")) + ">";
            }
        }
        throw new IllegalArgumentException("cannot flatten " + node + " as cdk-nag does");
    }
}
