package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.infra.controls.ControlCheck;
import com.warehouseplatform.infra.controls.ControlRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Acknowledges one AWS Control Tower proactive control on one resource, with the control's exact id and the
 * reason the resource does not meet it. The acknowledgment is written into the resource's own template
 * {@code Metadata} as {@code {"ControlTower": {"acknowledged": [{"control": "CT.S3.PR.9", "reason": "..."}]}}},
 * so a reviewer reading the CloudFormation sees it next to the resource, and the controls check
 * ({@code bin/control-tower-check}) accepts that control's finding on that resource only. A control enabled in
 * the account still refuses the deploy: the acknowledgment records a decision, it does not switch a control off.
 */
public final class ControlAcknowledgments {
    public static final String METADATA_KEY = ControlCheck.METADATA_KEY;
    public static final String ACKNOWLEDGED = ControlCheck.ACKNOWLEDGED;
    private static final Pattern CONTROL_ID = ControlRules.CONTROL_ID;

    private ControlAcknowledgments() {}

    /**
     * @param resource a {@link CfnResource}, or an L2 construct whose default child is one
     * @param controlId the control's id as Control Tower names it, such as {@code CT.SQS.PR.1}
     */
    public static void acknowledge(IConstruct resource, String controlId, String reason) {
        if (!CONTROL_ID.matcher(controlId).matches()) {
            throw new IllegalArgumentException("not a Control Tower proactive control id: " + controlId);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an acknowledgment of " + controlId + " needs a reason");
        }
        CfnResource cfn = cfnResource(resource);
        List<Object> acknowledged = new ArrayList<>(existing(cfn));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("control", controlId);
        entry.put("reason", reason);
        acknowledged.add(entry);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put(ACKNOWLEDGED, acknowledged);
        cfn.addMetadata(METADATA_KEY, value);
    }

    private static List<?> existing(CfnResource cfn) {
        Object value = cfn.getMetadata(METADATA_KEY);
        if (value instanceof Map<?, ?> map && map.get(ACKNOWLEDGED) instanceof List<?> list) {
            return list;
        }
        return List.of();
    }

    private static CfnResource cfnResource(IConstruct construct) {
        if (construct instanceof CfnResource cfn) {
            return cfn;
        }
        if (construct.getNode().getDefaultChild() instanceof CfnResource cfn) {
            return cfn;
        }
        throw new IllegalArgumentException(
                construct.getNode().getPath() + " is not a CloudFormation resource and has none as its default child");
    }
}
