package com.warehouseplatform.infra.controls;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The findings in cfn-guard's structured output for one template: per control, the logical ids it refuses. The
 * control is the {@code [CT.X.PR.N]} of a custom message in the failing rule's tree (else the rule's name in the
 * catalog); the resources are the {@code /Resources/<LogicalId>/...} paths cfn-guard traversed to. A finding with no
 * such path is reported on the template itself, as {@link #TEMPLATE}.
 */
final class GuardFindings {
    /** The logical id given to a finding cfn-guard does not place on a resource. */
    static final String TEMPLATE = "(template)";

    private static final Pattern RESOURCE_PATH = Pattern.compile("^/Resources/([^/\\[]+)");
    private static final Pattern MESSAGE_ID = Pattern.compile("\\[(" + ControlRules.CONTROL_ID.pattern() + ")\\]");

    private GuardFindings() {}

    /** Control id to the logical ids it refuses, in cfn-guard's order. */
    static Map<String, Set<String>> of(JsonNode templateResult, ControlRules rules) {
        Map<String, Set<String>> findings = new LinkedHashMap<>();
        for (JsonNode entry : templateResult.path("not_compliant")) {
            String ruleName = entry.path("Rule").path("name").asText();
            String controlId = messageId(entry)
                    .or(() -> rules.byRuleName(ruleName).map(Control::id))
                    .orElseThrow(() -> new ControlException(
                            "cfn-guard reported rule " + ruleName + ", which names no Control Tower control"));
            Set<String> resources = findings.computeIfAbsent(controlId, k -> new LinkedHashSet<>());
            Set<String> found = new LinkedHashSet<>();
            collectResources(entry, found);
            resources.addAll(found.isEmpty() ? Set.of(TEMPLATE) : found);
        }
        return findings;
    }

    private static Optional<String> messageId(JsonNode node) {
        if (node.isObject()) {
            JsonNode message = node.get("custom_message");
            if (message != null && message.isTextual()) {
                Matcher m = MESSAGE_ID.matcher(message.asText());
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        for (JsonNode child : node) {
            Optional<String> id = messageId(child);
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.empty();
    }

    private static void collectResources(JsonNode node, Set<String> found) {
        if (node.isObject()) {
            JsonNode path = node.get("path");
            if (path != null && path.isTextual()) {
                Matcher m = RESOURCE_PATH.matcher(path.asText());
                if (m.find()) {
                    found.add(m.group(1));
                }
            }
        }
        node.forEach(child -> collectResources(child, found));
    }
}
