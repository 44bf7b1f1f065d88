package com.warehouseplatform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.warehouseplatform.contract.LoaderContract;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of a configuration file, read key by key. Every problem goes to {@link Problems}
 * with its key path; reading goes on so that all problems are reported at once. Keys nobody
 * reads are reported by {@link #rejectUnknownKeys()}.
 */
final class YamlObject {
    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> read = new LinkedHashSet<>();

    YamlObject(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether {@code key} is given, counting it as read: for keys that are errors by their mere presence. */
    boolean given(String key) {
        read.add(key);
        return has(key);
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    void problem(String key, String reason) {
        problems.add(keyPath(key), reason);
    }

    /** A string value; {@code null} when absent (reported when required) or of the wrong type. */
    String string(String key, boolean required) {
        JsonNode value = value(key, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problem(
                    key,
                    "must be a string, got " + describe(value) + (value.isNumber() ? " (write it in quotes)" : ""));
            return null;
        }
        return value.textValue();
    }

    String string(String key, String defaultValue) {
        return has(key) ? string(key, false) : defaultValue;
    }

    Integer integer(String key, Integer defaultValue, int min, int max) {
        JsonNode value = value(key, defaultValue == null);
        if (value == null) {
            return has(key) || defaultValue == null ? null : defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(key, "must be a whole number, got " + describe(value));
            return null;
        }
        int result = value.intValue();
        if (result < min || result > max) {
            problem(key, "must be between " + min + " and " + max + ", got " + result);
            return null;
        }
        return result;
    }

    /** A whole number within a range of the loader contract, with its default and its reason text. */
    Integer integer(String key, LoaderContract.Range range) {
        JsonNode value = value(key, false);
        if (value == null) {
            return has(key) ? null : (int) range.defaultValue();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(key, "must be a whole number, got " + describe(value));
            return null;
        }
        return check(key, range.problem(value.intValue())) ? value.intValue() : null;
    }

    /** Records the contract's reason for {@code key}, if any; true when there was none. */
    boolean check(String key, String reason) {
        if (reason != null) {
            problem(key, reason);
        }
        return reason == null;
    }

    int problemCount() {
        return problems.count();
    }

    Boolean bool(String key, Boolean defaultValue) {
        JsonNode value = value(key, defaultValue == null);
        if (value == null) {
            return has(key) ? null : defaultValue;
        }
        if (!value.isBoolean()) {
            problem(key, "must be true or false, got " + describe(value));
            return null;
        }
        return value.booleanValue();
    }

    /** A list of strings; an empty list when absent and not required. */
    List<String> strings(String key, boolean required) {
        JsonNode value = value(key, required);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            problem(key, "must be a list, got " + describe(value));
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (item.isTextual()) {
                result.add(item.textValue());
            } else {
                problems.add(keyPath(key) + "[" + i + "]", "must be a string, got " + describe(item));
            }
        }
        return List.copyOf(result);
    }

    Map<String, String> stringMap(String key) {
        JsonNode value = value(key, false);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            problem(key, "must be a mapping of names to values, got " + describe(value));
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                result.put(entry.getKey(), entry.getValue().asText());
            } else {
                problems.add(
                        keyPath(key) + "." + entry.getKey(),
                        "must be a plain value, got " + describe(entry.getValue()));
            }
        }
        return result;
    }

    /** The raw value of {@code key}, counting it as read; {@code null} when absent. */
    JsonNode node(String key) {
        return value(key, false);
    }

    /** A nested mapping, or {@code null} when absent (reported when required) or not a mapping. */
    YamlObject object(String key, boolean required) {
        JsonNode value = value(key, required);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            problem(key, "must be a mapping, got " + describe(value));
            return null;
        }
        return new YamlObject(value, keyPath(key), problems);
    }

    /**
     * A list of mappings, each read by {@code reader}; absent means empty. An item that could not be
     * read stays in the list as {@code null}, so positions match the file.
     */
    <T> List<T> objects(String key, Function<YamlObject, T> reader) {
        JsonNode value = value(key, false);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            problem(key, "must be a list, got " + describe(value));
            return List.of();
        }
        List<T> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            if (!item.isObject()) {
                problems.add(itemPath, "must be a mapping, got " + describe(item));
                result.add(null);
                continue;
            }
            YamlObject object = new YamlObject(item, itemPath, problems);
            T read = reader.apply(object);
            object.rejectUnknownKeys();
            result.add(read);
        }
        return result;
    }

    /** Reports every key of this mapping that no reader asked for: a typo never falls back to a default. */
    void rejectUnknownKeys() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                problem(key, "unknown key (allowed here: " + String.join(", ", read) + ")");
            }
        }
    }

    private JsonNode value(String key, boolean required) {
        read.add(key);
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problem(key, "is required");
            }
            return null;
        }
        return value;
    }

    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "\"" + value.textValue() + "\"";
        }
        return value.toString();
    }
}
