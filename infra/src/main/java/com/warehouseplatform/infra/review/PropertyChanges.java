package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The changed properties of a modified resource with their old and new values ({@code RetentionInDays: 30 -> 90}),
 * resolved as the review shows values ({@code ${Id.Arn}}) and shortened so that the difference stays visible.
 */
final class PropertyChanges {
    /** The most characters an old or a new value takes in the report. */
    static final int MAX_VALUE = 80;

    static final String NONE = "(none)";
    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private PropertyChanges() {}

    /** One line per changed path: {@code `path`: old -> new}. */
    static List<String> of(TemplateDiff.Modified modified, Intrinsics before, Intrinsics after) {
        return modified.paths().stream()
                .map(path -> {
                    String[] values = ShortText.difference(
                            shown(at(modified.before(), path), before),
                            shown(at(modified.after(), path), after),
                            MAX_VALUE);
                    return Markdown.code(path) + ": " + Markdown.code(values[0]) + " -> " + Markdown.code(values[1]);
                })
                .toList();
    }

    /** The value at a path of {@link TemplateDiff}: a resource attribute, or a property path. */
    static JsonNode at(Resource resource, String path) {
        if (path.equals("(all properties)")) {
            return resource.properties();
        }
        if (!path.contains(".")
                && !path.contains("[")
                && resource.definition().has(path)
                && !path.equals("Properties")
                && !resource.properties().has(path)) {
            return resource.definition().get(path);
        }
        JsonNode node = resource.properties();
        Matcher step = STEP.matcher(path);
        while (step.find() && !node.isMissingNode()) {
            node = step.group(1) != null ? node.path(step.group(1)) : node.path(Integer.parseInt(step.group(2)));
        }
        return node;
    }

    private static String shown(JsonNode value, Intrinsics text) {
        if (value.isMissingNode() || value.isNull()) {
            return NONE;
        }
        String shown = text.text(value);
        return shown.isEmpty() ? "\"\"" : shown;
    }
}
