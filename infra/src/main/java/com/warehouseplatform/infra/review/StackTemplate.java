package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stack of a cdk.out: its name, where it deploys, its template, its resources in template order
 * and the cdk-nag acknowledgments recorded on its constructs.
 */
public record StackTemplate(
        String name,
        String account,
        String region,
        JsonNode template,
        Map<String, Resource> resources,
        List<Acknowledgment> acknowledgments) {

    public Optional<Resource> resource(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    public List<Resource> resourcesOfType(String type) {
        return resources.values().stream().filter(r -> r.type().equals(type)).toList();
    }

    /** The region, or null when the stack is environment-agnostic. */
    public String knownRegion() {
        return region == null || region.startsWith("unknown") ? null : region;
    }
}
