package com.warehouseplatform.infra.controls;

/** A control's result on one resource. */
public enum ControlStatus {
    /** The control refuses the resource and no acknowledgment on the resource names it: the check fails. */
    FAIL,
    /** The control refuses the resource, and the resource's own metadata acknowledges it with a reason. */
    ACKNOWLEDGED,
    /** The control evaluates the resource's type and does not refuse it. */
    PASS
}
