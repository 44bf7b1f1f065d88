package com.warehouseplatform.infra.controls;

/** The controls check cannot run: a missing cfn-guard, an unreadable cdk.out or rule file, cfn-guard failing. */
public final class ControlException extends RuntimeException {
    public ControlException(String message) {
        super(message);
    }
}
