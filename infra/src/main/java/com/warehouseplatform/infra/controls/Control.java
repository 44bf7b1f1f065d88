package com.warehouseplatform.infra.controls;

import java.util.List;

/**
 * One AWS Control Tower proactive control as its cfn-guard rule file describes it: the control id
 * ({@code CT.S3.PR.9}), the rule's name in cfn-guard's output, the control's description, its {@code [FIX]} text and
 * the resource types it reports on (the {@code # Reports on:} lines of the file's header).
 */
public record Control(String id, String ruleName, String description, String fix, List<String> reportsOn) {

    public boolean evaluates(String resourceType) {
        return reportsOn.contains(resourceType);
    }
}
