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
    private Findings() {}

    public static void acknowledge(IConstruct resource, String findingId, String reason) {
        resource.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(findingId, reason));
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
