package com.warehouseplatform.infra.controls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Control Tower proactive controls over the templates of cdk.out folders: cfn-guard's findings joined with the
 * acknowledgments each resource carries in its own template {@code Metadata} (written by
 * {@code constructs/ControlAcknowledgments}) into one result per control per resource, and the acknowledgments that
 * acknowledge nothing.
 */
public final class ControlCheck {
    /** The resource metadata key of the acknowledgments, {@code {"ControlTower": {"acknowledged": [...]}}}. */
    public static final String METADATA_KEY = "ControlTower";

    public static final String ACKNOWLEDGED = "acknowledged";
    static final String CDK_PATH = "aws:cdk:path";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the controls say about the given cdk.out folders. */
    public record Result(List<ControlResult> results, List<StaleAcknowledgment> stale) {

        public List<ControlResult> failures() {
            return results.stream()
                    .filter(r -> r.status() == ControlStatus.FAIL)
                    .toList();
        }

        public List<ControlResult> acknowledged() {
            return results.stream()
                    .filter(r -> r.status() == ControlStatus.ACKNOWLEDGED)
                    .toList();
        }

        /** True when no control refuses a resource without an acknowledgment and no acknowledgment is stale. */
        public boolean passed() {
            return failures().isEmpty() && stale.isEmpty();
        }
    }

    private final CfnGuard guard;
    private final ControlRules rules;

    public ControlCheck(CfnGuard guard) {
        this.guard = guard;
        this.rules = ControlRules.read(guard.rules());
    }

    public ControlRules rules() {
        return rules;
    }

    public Result check(List<Path> cdkOuts) {
        List<ControlResult> results = new ArrayList<>();
        List<StaleAcknowledgment> stale = new ArrayList<>();
        for (Path cdkOut : cdkOuts) {
            check(cdkOut, results, stale);
        }
        return new Result(List.copyOf(results), List.copyOf(stale));
    }

    private void check(Path cdkOut, List<ControlResult> results, List<StaleAcknowledgment> stale) {
        List<Path> templates = templates(cdkOut);
        Map<String, JsonNode> guardResults = new LinkedHashMap<>();
        guard.validate(templates)
                .forEach(r -> guardResults.put(normalized(Path.of(r.path("name").asText())), r));
        Map<String, Map<String, String>> paths = ConstructPaths.of(cdkOut);
        for (Path file : templates) {
            JsonNode guardResult = guardResults.get(normalized(file));
            if (guardResult == null) {
                throw new ControlException("cfn-guard gave no result for " + file);
            }
            String stack = file.getFileName().toString().replaceFirst("\\.template\\.json$", "");
            checkTemplate(
                    cdkOut.toString(),
                    stack,
                    read(file),
                    paths.getOrDefault(file.getFileName().toString(), Map.of()),
                    GuardFindings.of(guardResult, rules),
                    results,
                    stale);
        }
    }

    private void checkTemplate(
            String cdkOut,
            String stack,
            JsonNode template,
            Map<String, String> constructPaths,
            Map<String, Set<String>> findings,
            List<ControlResult> results,
            List<StaleAcknowledgment> stale) {
        template.path("Resources").properties().forEach(entry -> {
            String logicalId = entry.getKey();
            JsonNode resource = entry.getValue();
            String type = resource.path("Type").asText("?");
            String path = resource.path("Metadata").path(CDK_PATH).asText(constructPaths.get(logicalId));
            Map<String, String> acknowledgments = acknowledgments(resource);
            for (Control control : rules.all()) {
                boolean refused = findings.getOrDefault(control.id(), Set.of()).contains(logicalId);
                if (!refused && !control.evaluates(type)) {
                    continue;
                }
                String reason = acknowledgments.get(control.id());
                ControlStatus status = !refused
                        ? ControlStatus.PASS
                        : reason != null ? ControlStatus.ACKNOWLEDGED : ControlStatus.FAIL;
                results.add(new ControlResult(
                        cdkOut, stack, logicalId, type, path, control, status, refused ? reason : null));
                if (!refused && reason != null) {
                    stale.add(new StaleAcknowledgment(
                            cdkOut, stack, logicalId, type, path, control.id(), "the control passes on it"));
                }
            }
            acknowledgments.keySet().forEach(id -> {
                boolean known = rules.byId(id).isPresent();
                boolean refused = findings.getOrDefault(id, Set.of()).contains(logicalId);
                if (!known) {
                    stale.add(new StaleAcknowledgment(
                            cdkOut, stack, logicalId, type, path, id, "no control of the bundled rules has this id"));
                } else if (!refused && !rules.byId(id).get().evaluates(type)) {
                    stale.add(new StaleAcknowledgment(
                            cdkOut, stack, logicalId, type, path, id, "the control does not evaluate " + type));
                }
            });
        });
        findings.forEach((id, logicalIds) -> {
            if (logicalIds.contains(GuardFindings.TEMPLATE)) {
                Control control = rules.byId(id).orElseThrow();
                results.add(new ControlResult(
                        cdkOut, stack, GuardFindings.TEMPLATE, "template", null, control, ControlStatus.FAIL, null));
            }
        });
    }

    /** Control id to reason, from {@code Metadata.ControlTower.acknowledged}. */
    static Map<String, String> acknowledgments(JsonNode resource) {
        Map<String, String> acknowledgments = new LinkedHashMap<>();
        for (JsonNode ack : resource.path("Metadata").path(METADATA_KEY).path(ACKNOWLEDGED)) {
            acknowledgments.put(ack.path("control").asText(), ack.path("reason").asText());
        }
        return acknowledgments;
    }

    private static List<Path> templates(Path cdkOut) {
        if (!Files.isDirectory(cdkOut)) {
            throw new ControlException(cdkOut + " is not a folder: give the cdk.out of a synth (cdk synth -o DIR)");
        }
        try (Stream<Path> files = Files.list(cdkOut)) {
            List<Path> templates = files.filter(f -> f.getFileName().toString().endsWith(".template.json"))
                    .sorted()
                    .toList();
            if (templates.isEmpty()) {
                throw new ControlException(cdkOut + " holds no *.template.json: is it the cdk.out of a synth?");
            }
            return templates;
        } catch (IOException e) {
            throw new ControlException("cannot list " + cdkOut + ": " + e.getMessage());
        }
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new ControlException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String normalized(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }
}
