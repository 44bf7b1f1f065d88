package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares two synths offline and finds the changes that would lose stored data: a stateful resource whose
 * logical id leaves its stack (or whose stack leaves the synth), whose type changes, or one of whose
 * replacement-forcing properties changes ({@link ReplacementRules}). Those block the deploy unless the
 * logical id is allowed explicitly ({@code --allow-replacement}). A DeletionPolicy or UpdateReplacePolicy that
 * drops from Retain/Snapshot to Delete, and a replacement-forcing property that refers to a resource that is
 * itself modified, are warnings: they lose nothing by themselves.
 */
public final class DataLossGuard {

    /** One finding: what happens to which resource, and why. */
    public record Finding(String stack, String logicalId, String type, String property, String reason) {
        public String line() {
            if (stack.isEmpty()) {
                return property + " " + logicalId + ": " + reason;
            }
            return stack + "/" + logicalId + " (" + type + ") " + property + ": " + reason;
        }
    }

    /** The findings of one comparison: {@code blocked} ones make the review exit with status 2. */
    public record Result(List<Finding> blocked, List<Finding> allowed, List<Finding> warnings) {
        public boolean safe() {
            return blocked.isEmpty();
        }
    }

    private final ReplacementRules rules;
    private final List<String> allowedPatterns;

    /**
     * @param allowedPatterns logical ids (or {@code stack/logicalId}) whose replacement or removal is intended;
     *                        {@code *} matches any characters, as in {@code Loaderorders*}
     */
    public DataLossGuard(ReplacementRules rules, List<String> allowedPatterns) {
        this.rules = rules;
        this.allowedPatterns = List.copyOf(allowedPatterns);
    }

    public Result check(TemplateDiff diff) {
        List<Finding> unsafe = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        for (TemplateDiff.StackChanges stack : diff.stacks()) {
            for (Resource removed : stack.removed()) {
                if (rules.isStateful(removed.type())) {
                    unsafe.add(removal(stack, removed));
                }
            }
            for (TemplateDiff.Modified modified : stack.modified()) {
                Resource before = modified.before();
                if (!rules.isStateful(before.type())) {
                    continue;
                }
                if (!before.type().equals(modified.after().type())) {
                    unsafe.add(new Finding(
                            stack.stack(),
                            before.logicalId(),
                            before.type(),
                            "Type",
                            "changes to " + modified.after().type() + ": CloudFormation cannot update a resource into "
                                    + "another type; the resource would have to be removed and created anew"));
                    continue;
                }
                checkProperties(stack, modified, unsafe, warnings);
                checkPolicies(stack.stack(), modified, warnings);
            }
            for (Resource unchanged : stack.unchanged()) {
                if (rules.isStateful(unchanged.type())) {
                    checkReferences(stack, unchanged, null, warnings);
                }
            }
        }
        List<Finding> blocked = new ArrayList<>();
        List<Finding> allowed = new ArrayList<>();
        Set<String> usedPatterns = new LinkedHashSet<>();
        for (Finding finding : unsafe) {
            String pattern = allowing(finding);
            if (pattern == null) {
                blocked.add(finding);
            } else {
                usedPatterns.add(pattern);
                allowed.add(new Finding(
                        finding.stack(),
                        finding.logicalId(),
                        finding.type(),
                        finding.property(),
                        finding.reason() + " (allowed by --allow-replacement " + pattern + ")"));
            }
        }
        for (String pattern : allowedPatterns) {
            if (!usedPatterns.contains(pattern)) {
                warnings.add(new Finding(
                        "",
                        pattern,
                        "",
                        "--allow-replacement",
                        "matches no removal or replacement of a stateful resource in this change: remove it"));
            }
        }
        return new Result(List.copyOf(blocked), List.copyOf(allowed), List.copyOf(warnings));
    }

    private Finding removal(TemplateDiff.StackChanges stack, Resource removed) {
        String what = stack.status() == TemplateDiff.StackStatus.REMOVED
                ? "the stack " + stack.stack() + " is not in the new synth"
                : "the logical id is not in the new template";
        String consequence = "CloudFormation "
                + switch (removed.effectivePolicy("DeletionPolicy")) {
                    case "Delete" -> "deletes it and its data";
                    case "Snapshot" -> "deletes it after a final snapshot";
                    default ->
                        "leaves it behind, no longer managed; a new logical id would create a new, empty resource";
                }
                + " (DeletionPolicy " + removed.deletionPolicy() + ")";
        return new Finding(stack.stack(), removed.logicalId(), removed.type(), "(removed)", what + ": " + consequence);
    }

    private void checkProperties(
            TemplateDiff.StackChanges stack,
            TemplateDiff.Modified modified,
            List<Finding> unsafe,
            List<Finding> warnings) {
        Resource before = modified.before();
        Resource after = modified.after();
        for (ReplacementRules.Rule rule : rules.rulesFor(before.type())) {
            JsonNode old = before.property(rule.property());
            JsonNode now = after.property(rule.property());
            if (modified.changed(rule.property()) && rule.appliesTo(old, now)) {
                unsafe.add(new Finding(
                        stack.stack(),
                        before.logicalId(),
                        before.type(),
                        rule.property(),
                        "changes " + shown(old) + " -> " + shown(now) + ": " + rules.describe(rule)
                                + replacementConsequence(rule, before)));
            }
        }
        checkReferences(stack, after, modified, warnings);
    }

    /**
     * A guarded property that refers (Ref, Fn::GetAtt) to a resource of the stack that is modified: if that
     * change replaces the referenced resource, its new name or id replaces this one too. The guard cannot tell
     * offline whether it does (it knows the replacing properties of stateful types only), so it warns.
     */
    private void checkReferences(
            TemplateDiff.StackChanges stack,
            Resource resource,
            TemplateDiff.Modified modified,
            List<Finding> warnings) {
        for (ReplacementRules.Rule rule : rules.rulesFor(resource.type())) {
            if (modified != null && modified.changed(rule.property())) {
                continue;
            }
            for (String target : references(resource.property(rule.property()))) {
                stack.modification(target)
                        .ifPresent(m -> warnings.add(new Finding(
                                stack.stack(),
                                resource.logicalId(),
                                resource.type(),
                                rule.property(),
                                "refers to " + target + ", which is modified (" + String.join(", ", m.paths())
                                        + "): if that change replaces " + target + ", this resource is replaced too")));
            }
        }
    }

    private static String replacementConsequence(ReplacementRules.Rule rule, Resource before) {
        if (!"replacement".equals(rule.effect())) {
            return "";
        }
        return " (a new, empty resource is created and the old one is " + before.fate("UpdateReplacePolicy")
                + ": UpdateReplacePolicy " + before.updateReplacePolicy() + ")";
    }

    private static void checkPolicies(String stack, TemplateDiff.Modified modified, List<Finding> warnings) {
        for (String attribute : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
            String before = modified.before().effectivePolicy(attribute);
            String after = modified.after().effectivePolicy(attribute);
            if (!"Delete".equals(before) && "Delete".equals(after)) {
                warnings.add(new Finding(
                        stack,
                        modified.before().logicalId(),
                        modified.before().type(),
                        attribute,
                        before + " -> " + (modified.after().definition().has(attribute) ? after : "Delete (default)")
                                + ": a later removal or replacement would delete its data"));
            }
        }
    }

    /** Logical ids that {@code value} refers to with Ref or Fn::GetAtt. */
    private static Set<String> references(JsonNode value) {
        Set<String> ids = new LinkedHashSet<>();
        collectReferences(value, ids);
        return ids;
    }

    private static void collectReferences(JsonNode value, Set<String> ids) {
        if (value.isObject()) {
            if (value.has("Ref")
                    && value.get("Ref").isTextual()
                    && !value.get("Ref").asText().startsWith("AWS::")) {
                ids.add(value.get("Ref").asText());
            }
            if (value.has("Fn::GetAtt")) {
                JsonNode getAtt = value.get("Fn::GetAtt");
                ids.add(
                        getAtt.isArray()
                                ? getAtt.path(0).asText()
                                : getAtt.asText().split("\\.")[0]);
            }
        }
        value.forEach(child -> collectReferences(child, ids));
    }

    private String allowing(Finding finding) {
        for (String pattern : allowedPatterns) {
            Pattern regex = glob(pattern);
            if (regex.matcher(finding.logicalId()).matches()
                    || regex.matcher(finding.stack() + "/" + finding.logicalId())
                            .matches()) {
                return pattern;
            }
        }
        return null;
    }

    private static Pattern glob(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts));
    }

    private static String shown(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "(not set)";
        }
        return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    }
}
