package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One resource of a template: its logical id, type, properties, deletion policies and, when the
 * cdk.out tells it, the path of the construct that made it.
 */
public record Resource(String stack, String logicalId, String type, JsonNode definition, String path) {

    public JsonNode properties() {
        return Json.orMissing(definition.get("Properties"));
    }

    public JsonNode property(String name) {
        return properties().path(name);
    }

    /** The DeletionPolicy as written, or "Delete (default)" when the template has none. */
    public String deletionPolicy() {
        return policy("DeletionPolicy");
    }

    public String updateReplacePolicy() {
        return policy("UpdateReplacePolicy");
    }

    /** True when removing the resource deletes it: DeletionPolicy Delete, written or by default. */
    public boolean deletedWithStack() {
        return "Delete".equals(effectivePolicy("DeletionPolicy"));
    }

    public boolean deletedOnReplacement() {
        return "Delete".equals(effectivePolicy("UpdateReplacePolicy"));
    }

    /** The policy CloudFormation applies: the one written, else Delete. */
    public String effectivePolicy(String attribute) {
        String written = Json.text(definition.get(attribute));
        return written == null ? "Delete" : written;
    }

    /**
     * What CloudFormation does with the resource when it leaves the stack ({@code DeletionPolicy}) or is replaced
     * ({@code UpdateReplacePolicy}).
     */
    public String fate(String attribute) {
        return switch (effectivePolicy(attribute)) {
            case "Delete" -> "deleted with its data";
            case "Snapshot" -> "deleted after a final snapshot";
            default -> "kept, no longer managed by the stack";
        };
    }

    private String policy(String attribute) {
        String written = Json.text(definition.get(attribute));
        return written == null ? "Delete (default)" : written;
    }

    public String id() {
        return stack + "/" + logicalId;
    }
}
