package com.warehouseplatform.infra.controls;

/**
 * An acknowledgment in a resource's metadata that acknowledges nothing: the control passes on the resource, does not
 * evaluate its type, or is no control of the bundled rules. It fails the check, so that stale ones do not pile up.
 */
public record StaleAcknowledgment(
        String cdkOut,
        String stack,
        String logicalId,
        String type,
        String constructPath,
        String controlId,
        String why) {

    public String line() {
        return "STALE acknowledgment of " + controlId + " on " + stack + "/" + logicalId + " (" + type + ")"
                + (constructPath == null ? "" : " at " + constructPath) + ": " + why
                + "; remove the ControlAcknowledgments.acknowledge call";
    }
}
