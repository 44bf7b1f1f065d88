package com.warehouseplatform.infra.controls;

/**
 * One control's result on one resource of one stack: FAIL, ACKNOWLEDGED (with the acknowledgment's reason) or PASS.
 * {@code constructPath} is the resource's {@code aws:cdk:path}, or null when the template does not record it.
 */
public record ControlResult(
        String cdkOut,
        String stack,
        String logicalId,
        String type,
        String constructPath,
        Control control,
        ControlStatus status,
        String reason) {}
