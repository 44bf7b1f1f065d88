package com.warehouseplatform.infra.controls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The construct path of each resource of a cdk.out, per template file, from the {@code aws:cdk:logicalId} entries
 * of the stack artifacts' metadata (in {@code manifest.json} or {@code <stack>.metadata.json}). The templates'
 * {@code aws:cdk:path} metadata says the same, but only when the synth wrote it (the CDK CLI does by default; an
 * app synthesized in a test does not).
 */
final class ConstructPaths {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConstructPaths() {}

    /** Template file name to (logical id to construct path); empty when the cdk.out has no manifest. */
    static Map<String, Map<String, String>> of(Path cdkOut) {
        Map<String, Map<String, String>> paths = new HashMap<>();
        Path manifest = cdkOut.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return paths;
        }
        read(manifest).path("artifacts").properties().forEach(entry -> {
            JsonNode artifact = entry.getValue();
            if (!"aws:cloudformation:stack".equals(artifact.path("type").asText())) {
                return;
            }
            String templateFile =
                    artifact.path("properties").path("templateFile").asText(entry.getKey() + ".template.json");
            Map<String, String> ofTemplate = paths.computeIfAbsent(templateFile, k -> new HashMap<>());
            add(ofTemplate, artifact.path("metadata"));
            String metadataFile = artifact.path("additionalMetadataFile").asText(null);
            if (metadataFile != null && Files.isRegularFile(cdkOut.resolve(metadataFile))) {
                add(ofTemplate, read(cdkOut.resolve(metadataFile)));
            }
        });
        return paths;
    }

    private static void add(Map<String, String> ofTemplate, JsonNode metadata) {
        metadata.properties().forEach(e -> {
            String path = e.getKey().startsWith("/") ? e.getKey().substring(1) : e.getKey();
            for (JsonNode item : e.getValue()) {
                if ("aws:cdk:logicalId".equals(item.path("type").asText())
                        && item.path("data").isTextual()) {
                    ofTemplate.putIfAbsent(item.path("data").asText(), path);
                }
            }
        });
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new ControlException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
