package com.warehouseplatform.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.assertions.Template;

/**
 * Policy statements of a template read as text a test can compare: {@code Ref} is {@code ${Id}}, {@code Fn::GetAtt}
 * is {@code ${Id.Attr}}, joins are joined, imports are {@code import(<export>)}.
 */
public final class Policies {
    private Policies() {}

    /** A template value as text. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Policies::text).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> fn = map.entrySet().iterator().next();
            switch (String.valueOf(fn.getKey())) {
                case "Ref":
                    return "${" + fn.getValue() + "}";
                case "Fn::GetAtt":
                    List<?> att = (List<?>) fn.getValue();
                    return "${" + att.get(0) + "." + att.get(1) + "}";
                case "Fn::Join":
                    List<?> join = (List<?>) fn.getValue();
                    return ((List<?>) join.get(1))
                            .stream().map(Policies::text).collect(Collectors.joining(String.valueOf(join.get(0))));
                case "Fn::ImportValue":
                    return "import(" + text(fn.getValue()) + ")";
                default:
            }
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> e.getKey() + "=" + text(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }

    /** Values of a statement field (Action, Resource) as text, a single value as a one-item list. */
    public static List<String> values(Map<String, Object> statement, String field) {
        Object value = statement.get(field);
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(text(v)));
        } else if (value != null) {
            out.add(text(value));
        }
        return out;
    }

    /** The statements of a resource's policy document ({@code field}: PolicyDocument, KeyPolicy, ...). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> statements(Map<String, Object> resource, String field) {
        Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
        Map<String, Object> document = (Map<String, Object>) properties.get(field);
        return (List<Map<String, Object>>) document.get("Statement");
    }

    /** The statements of every AWS::IAM::Policy of {@code template} attached to the role {@code roleLogicalId}. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> ofRole(Template template, String roleLogicalId) {
        List<Map<String, Object>> out = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            List<Object> roles = (List<Object>) ((Map<String, Object>) policy.get("Properties")).get("Roles");
            if (roles.stream().map(Policies::text).anyMatch(("${" + roleLogicalId + "}")::equals)) {
                out.addAll(statements(policy, "PolicyDocument"));
            }
        });
        return out;
    }

    /** The logical id of the one resource of {@code type} whose properties' text contains {@code part}. */
    public static String logicalId(Template template, String type, String part) {
        List<String> ids = template.findResources(type).entrySet().stream()
                .filter(e -> e.getValue().get("Properties").toString().contains(part))
                .map(Map.Entry::getKey)
                .toList();
        if (ids.size() != 1) {
            throw new AssertionError(ids.size() + " resources of type " + type + " contain " + part + ": " + ids);
        }
        return ids.get(0);
    }
}
