package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

import java.util.Map;

/**
 * Acknowledges one cdk-nag finding on one resource, with the finding's exact id and the reason it is
 * accepted. The acknowledgment is recorded as {@code Validations.acknowledge} records it; it is written
 * directly because {@code acknowledge} rejects finding ids that contain "::" more than once, such as
 * {@code AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/...]}. The cdk-nag test checks
 * that every acknowledged finding lies on or under the construct that carries the acknowledgment.
 */
public final class Findings {
    private Findings() {
    }

    public static void acknowledge(IConstruct resource, String findingId, String reason) {
        resource.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(findingId, reason));
    }

    /** The logical id of a construct's CloudFormation resource, as cdk-nag writes it in a finding id. */
    public static String logicalId(IConstruct construct) {
        CfnElement resource = (CfnElement) construct.getNode().getDefaultChild();
        return (String) Stack.of(construct).resolve(resource.getLogicalId());
    }
}
