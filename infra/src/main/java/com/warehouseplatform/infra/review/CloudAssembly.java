package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A synthesized cdk.out read from disk: the stack artifacts of {@code manifest.json}, their templates, and
 * the construct metadata that tells which construct made which resource and what cdk-nag findings were
 * acknowledged there. Construct paths come from {@code tree.json}, the {@code aws:cdk:logicalId} entries of
 * the stack metadata ({@code <stack>.metadata.json} or the manifest) and the templates' {@code aws:cdk:path}.
 */
public final class CloudAssembly {
    static final String STACK_ARTIFACT = "aws:cloudformation:stack";
    static final String LOGICAL_ID = "aws:cdk:logicalId";
    static final String ACKNOWLEDGED_RULES = "aws:cdk:acknowledged-rules";

    private final Path directory;
    private final Map<String, StackTemplate> stacks;

    private CloudAssembly(Path directory, Map<String, StackTemplate> stacks) {
        this.directory = directory;
        this.stacks = stacks;
    }

    public static CloudAssembly read(Path directory) {
        Path manifestFile = directory.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new ReviewException(directory + " is not a cdk.out folder: it has no manifest.json");
        }
        JsonNode manifest = Json.read(manifestFile);
        Map<String, String> treePaths = treeLogicalIds(directory.resolve("tree.json"));
        Map<String, StackTemplate> stacks = new LinkedHashMap<>();
        manifest.path("artifacts").properties().forEach(artifact -> {
            if (STACK_ARTIFACT.equals(artifact.getValue().path("type").asText())) {
                StackTemplate stack = readStack(directory, artifact.getKey(), artifact.getValue(), treePaths);
                stacks.put(stack.name(), stack);
            }
        });
        if (stacks.isEmpty()) {
            throw new ReviewException(directory + " holds no CloudFormation stack (manifest.json lists none)");
        }
        return new CloudAssembly(directory, Collections.unmodifiableMap(stacks));
    }

    public Path directory() {
        return directory;
    }

    public List<StackTemplate> stacks() {
        return List.copyOf(stacks.values());
    }

    public Optional<StackTemplate> stack(String name) {
        return Optional.ofNullable(stacks.get(name));
    }

    public List<Resource> resources() {
        return stacks.values().stream()
                .flatMap(s -> s.resources().values().stream())
                .toList();
    }

    /** The stack that exports {@code exportName} and the value it exports, if a stack of this cdk.out does. */
    public Optional<Map.Entry<StackTemplate, JsonNode>> export(String exportName) {
        for (StackTemplate stack : stacks.values()) {
            for (Map.Entry<String, JsonNode> entry :
                    stack.template().path("Outputs").properties()) {
                JsonNode output = entry.getValue();
                if (exportName.equals(output.path("Export").path("Name").asText(null))) {
                    return Optional.of(Map.entry(stack, output.path("Value")));
                }
            }
        }
        return Optional.empty();
    }

    private static StackTemplate readStack(
            Path directory, String id, JsonNode artifact, Map<String, String> treePaths) {
        String name = artifact.path("displayName").asText(id);
        JsonNode properties = artifact.path("properties");
        String templateFile = properties.path("templateFile").asText(id + ".template.json");
        JsonNode template = Json.read(directory.resolve(templateFile));

        String[] environment = artifact.path("environment")
                .asText("aws://unknown-account/unknown-region")
                .replaceFirst("^aws://", "")
                .split("/", 2);
        String account = environment[0];
        String region = environment.length > 1 ? environment[1] : "unknown-region";

        Map<String, List<JsonNode>> metadata = new LinkedHashMap<>();
        addMetadata(metadata, artifact.path("metadata"));
        String metadataFile = artifact.path("additionalMetadataFile").asText(null);
        if (metadataFile != null && Files.isRegularFile(directory.resolve(metadataFile))) {
            addMetadata(metadata, Json.read(directory.resolve(metadataFile)));
        }

        Map<String, String> pathOfLogicalId = new HashMap<>();
        treePaths.forEach((path, logicalId) -> {
            if (path.startsWith(name + "/")) {
                pathOfLogicalId.putIfAbsent(logicalId, path);
            }
        });
        List<Acknowledgment> acknowledgments = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        metadata.forEach((path, entries) -> {
            for (JsonNode entry : entries) {
                String type = entry.path("type").asText();
                if (LOGICAL_ID.equals(type) && entry.path("data").isTextual()) {
                    pathOfLogicalId.putIfAbsent(entry.path("data").asText(), path);
                } else if (ACKNOWLEDGED_RULES.equals(type)) {
                    entry.path("data").properties().forEach(rule -> {
                        if (seen.add(path + "\n" + rule.getKey())) {
                            acknowledgments.add(new Acknowledgment(
                                    name, path, rule.getKey(), rule.getValue().asText()));
                        }
                    });
                }
            }
        });

        Map<String, Resource> resources = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(entry -> {
            String logicalId = entry.getKey();
            JsonNode definition = entry.getValue();
            String path = pathOfLogicalId.get(logicalId);
            if (path == null) {
                path = Json.text(definition.path("Metadata").get("aws:cdk:path"));
            }
            resources.put(
                    logicalId,
                    new Resource(name, logicalId, definition.path("Type").asText("?"), definition, path));
        });
        return new StackTemplate(
                name, account, region, template, Collections.unmodifiableMap(resources), List.copyOf(acknowledgments));
    }

    /** Adds the entries of a metadata map (construct path to entries) with paths written without the leading "/". */
    private static void addMetadata(Map<String, List<JsonNode>> metadata, JsonNode source) {
        source.properties().forEach(e -> {
            String path = e.getKey().startsWith("/") ? e.getKey().substring(1) : e.getKey();
            List<JsonNode> entries = metadata.computeIfAbsent(path, k -> new ArrayList<>());
            e.getValue().forEach(entries::add);
        });
    }

    /** Construct path to logical id of every CloudFormation element in tree.json, if there is one. */
    private static Map<String, String> treeLogicalIds(Path treeFile) {
        Map<String, String> paths = new HashMap<>();
        if (Files.isRegularFile(treeFile)) {
            collect(Json.read(treeFile).path("tree"), paths);
        }
        return paths;
    }

    private static void collect(JsonNode node, Map<String, String> paths) {
        String logicalId = Json.text(node.path("attributes").get("aws:cdk:cloudformation:logicalId"));
        if (logicalId != null && node.hasNonNull("path")) {
            paths.put(node.path("path").asText(), logicalId);
        }
        node.path("children").forEach(child -> collect(child, paths));
    }
}
