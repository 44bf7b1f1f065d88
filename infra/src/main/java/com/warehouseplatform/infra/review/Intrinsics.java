package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Template values as text a reviewer reads: {@code Ref} and {@code Fn::GetAtt} become {@code ${Id}} and
 * {@code ${Id.Attr}} (as in {@code Fn::Sub}), {@code Fn::Join} and {@code Fn::Sub} are joined and substituted,
 * {@code Fn::ImportValue} is followed to the stack that exports it ({@code dev-data-lake:${DataLakeKey}}),
 * and {@code AWS::Region} / {@code AWS::StackName} are filled in where the stack tells them.
 */
final class Intrinsics {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final CloudAssembly assembly;
    private final StackTemplate stack;

    Intrinsics(CloudAssembly assembly, StackTemplate stack) {
        this.assembly = assembly;
        this.stack = stack;
    }

    String text(JsonNode value) {
        return text(value, 0);
    }

    private String text(JsonNode value, int depth) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(item, depth)));
            return String.join(", ", items);
        }
        if (value.size() == 1 && depth < 20) {
            Map.Entry<String, JsonNode> function = value.properties().iterator().next();
            JsonNode args = function.getValue();
            switch (function.getKey()) {
                case "Ref":
                    return reference(args.asText());
                case "Fn::GetAtt":
                    return args.isArray()
                            ? "${" + args.path(0).asText() + "." + args.path(1).asText() + "}"
                            : "${" + args.asText() + "}";
                case "Fn::Join":
                    return join(args, depth);
                case "Fn::Sub":
                    return sub(args, depth);
                case "Fn::ImportValue":
                    return importValue(args, depth);
                case "Fn::Select":
                    return select(args, depth);
                case "Fn::GetAZs":
                    return "zones of " + (args.asText().isEmpty() ? regionOrRef() : text(args, depth + 1));
                default:
                    if (function.getKey().startsWith("Fn::")) {
                        return function.getKey().substring(4) + "(" + text(args, depth + 1) + ")";
                    }
            }
        }
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            fields.add(field.getKey() + ": " + text(field.getValue(), depth + 1));
        }
        return "{" + String.join(", ", fields) + "}";
    }

    private String reference(String name) {
        if ("AWS::Region".equals(name) && stack.knownRegion() != null) {
            return stack.knownRegion();
        }
        if ("AWS::StackName".equals(name)) {
            return stack.name();
        }
        return "${" + name + "}";
    }

    private String regionOrRef() {
        return stack.knownRegion() != null ? stack.knownRegion() : "${AWS::Region}";
    }

    private String join(JsonNode args, int depth) {
        if (!args.isArray() || args.size() != 2) {
            return "Join(" + text(args, depth + 1) + ")";
        }
        String separator = args.path(0).asText();
        List<String> parts = new ArrayList<>();
        for (JsonNode part : Json.list(args.path(1))) {
            parts.add(text(part, depth + 1));
        }
        return String.join(separator, parts);
    }

    private String sub(JsonNode args, int depth) {
        String template = args.isArray() ? args.path(0).asText() : args.asText();
        Map<String, String> variables = new HashMap<>();
        if (args.isArray()) {
            args.path(1).properties().forEach(v -> variables.put(v.getKey(), text(v.getValue(), depth + 1)));
        }
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = variables.containsKey(name) ? variables.get(name) : reference(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String importValue(JsonNode args, int depth) {
        String exportName = text(args, depth + 1);
        return assembly.export(exportName)
                .map(found -> found.getKey().name() + ":"
                        + new Intrinsics(assembly, found.getKey()).text(found.getValue(), depth + 1))
                .orElse("import(" + exportName + ")");
    }

    private String select(JsonNode args, int depth) {
        int index = args.path(0).asInt(-1);
        JsonNode list = args.path(1);
        if (list.isArray() && index >= 0 && index < list.size()) {
            return text(list.get(index), depth + 1);
        }
        return "item " + args.path(0).asText() + " of " + text(list, depth + 1);
    }

    /**
     * A value as cdk-nag writes it in finding ids (its {@code flattenCfnReference}): {@code ${X}} and
     * {@code {"Ref": X}} become {@code <X>}, {@code Fn::GetAtt} {@code <X.Attr>}, joins are joined,
     * an import is its export name.
     */
    static String nagFlatten(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isValueNode()) {
            return node.asText().replace("${", "<").replace("}", ">");
        }
        if (node.isArray()) {
            return "[" + Json.list(node).stream().map(Intrinsics::nagFlatten).collect(Collectors.joining(",")) + "]";
        }
        if (node.has("Fn::Join")) {
            JsonNode join = node.get("Fn::Join");
            return Json.list(join.path(1)).stream()
                    .map(Intrinsics::nagFlatten)
                    .collect(Collectors.joining(join.path(0).asText()));
        }
        if (node.has("Fn::Sub")) {
            JsonNode sub = node.get("Fn::Sub");
            return nagFlatten(sub.isArray() ? sub.get(0) : sub);
        }
        if (node.has("Fn::GetAtt")) {
            JsonNode getAtt = node.get("Fn::GetAtt");
            return getAtt.isArray()
                    ? "<" + nagFlatten(getAtt.get(0)) + "." + nagFlatten(getAtt.get(1)) + ">"
                    : "<" + getAtt.asText() + ">";
        }
        if (node.has("Fn::ImportValue")) {
            return nagFlatten(node.get("Fn::ImportValue"));
        }
        if (node.has("Ref")) {
            return "<" + nagFlatten(node.get("Ref")) + ">";
        }
        return node.toString();
    }
}
