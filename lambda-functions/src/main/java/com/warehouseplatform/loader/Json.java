package com.warehouseplatform.loader;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * JSON for the state files, the manifests and the log and metric lines, without an object mapper:
 * a small writer here, and the AWS SDK's own parser (json-utils, in the jar already for the Data
 * API's protocol) for reading. Each state record maps itself ({@code toJson()} /
 * {@code fromJson(Json.Fields)}).
 *
 * <p>Writing takes null, strings, numbers, booleans, maps (keys written as strings) and
 * collections; any other value is written as its {@code toString()}. In strings, quotes,
 * backslashes and control characters are escaped; everything else, Korean text or emoji alike,
 * is written as is, in UTF-8.
 */
final class Json {

    private static final JsonNodeParser PARSER = JsonNodeParser.create();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder(128);
        writeValue(out, value);
        return out.toString();
    }

    static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof BigDecimal d) {
            out.append(d.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                out.append(value);
            } else {
                writeString(out, value.toString()); // JSON has no NaN or Infinity
            }
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, String.valueOf(e.getKey()));
                out.append(':');
                writeValue(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeValue(out, item);
            }
            out.append(']');
        } else {
            writeString(out, value.toString());
        }
    }

    /** A JSON string literal. A lone surrogate (not valid UTF-8) is escaped rather than lost. */
    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (Character.isSurrogate(c) && !pairedSurrogate(s, i))) {
                        out.append("\\u")
                                .append(HEX[c >> 12])
                                .append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF])
                                .append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Parses a JSON object read from {@code what} (an S3 key, say), which every error names.
     *
     * @throws IllegalStateException if it is not JSON or not an object
     */
    static Fields read(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = PARSER.parse(bytes);
        } catch (RuntimeException e) {
            throw new IllegalStateException("unreadable " + what + ": not JSON: " + e.getMessage(), e);
        }
        return Fields.of(node, what, "");
    }

    /**
     * The fields of one JSON object, with getters that fail naming the source and the field
     * ({@code unreadable state/orders/pending/b1.json: files[0].etag is required}). Unknown fields
     * are ignored. Optional fields may be missing or null.
     */
    static final class Fields {
        private final Map<String, JsonNode> fields;
        private final String what;
        private final String path;

        private Fields(Map<String, JsonNode> fields, String what, String path) {
            this.fields = fields;
            this.what = what;
            this.path = path;
        }

        private static Fields of(JsonNode node, String what, String path) {
            if (node == null || !node.isObject()) {
                throw new IllegalStateException(
                        "unreadable " + what + ": " + (path.isEmpty() ? "" : path + " ") + "must be a JSON object");
            }
            return new Fields(node.asObject(), what, path);
        }

        /** A string that must be present and not null. */
        String text(String name) {
            return require(name, optionalText(name));
        }

        /** A string, or null if missing or null. */
        String optionalText(String name) {
            JsonNode n = value(name);
            if (n == null) {
                return null;
            }
            if (!n.isString()) {
                throw problem(name, "must be a string, got " + n);
            }
            return n.asString();
        }

        /** A whole number that must be present. */
        long number(String name) {
            return require(name, optionalNumber(name));
        }

        /** A whole number, or null if missing or null. */
        Long optionalNumber(String name) {
            JsonNode n = value(name);
            if (n == null) {
                return null;
            }
            if (!n.isNumber()) {
                throw problem(name, "must be a whole number, got " + n);
            }
            try {
                return Long.parseLong(n.asNumber());
            } catch (NumberFormatException e) {
                throw problem(name, "must be a whole number, got " + n.asNumber());
            }
        }

        /** true or false, which must be present. */
        boolean bool(String name) {
            JsonNode n = require(name, value(name));
            if (!n.isBoolean()) {
                throw problem(name, "must be true or false, got " + n);
            }
            return n.asBoolean();
        }

        /** A list of strings that must be present (it may be empty). */
        List<String> texts(String name) {
            List<JsonNode> items = array(name);
            List<String> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                if (item == null || !item.isString()) {
                    throw problem(name + "[" + i + "]", "must be a string, got " + item);
                }
                out.add(item.asString());
            }
            return out;
        }

        /** A list of objects that must be present (it may be empty), each read by {@code item}. */
        <T> List<T> objects(String name, Function<Fields, T> item) {
            List<JsonNode> items = array(name);
            List<T> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(item.apply(of(items.get(i), what, name(name) + "[" + i + "]")));
            }
            return out;
        }

        private List<JsonNode> array(String name) {
            JsonNode n = require(name, value(name));
            if (!n.isArray()) {
                throw problem(name, "must be a list, got " + n);
            }
            return n.asArray();
        }

        /** The field's node, or null if it is missing or JSON null. */
        private JsonNode value(String name) {
            JsonNode n = fields.get(name);
            return n == null || n.isNull() ? null : n;
        }

        private <T> T require(String name, T value) {
            if (value == null) {
                throw problem(name, "is required");
            }
            return value;
        }

        private IllegalStateException problem(String name, String message) {
            return new IllegalStateException("unreadable " + what + ": " + name(name) + " " + message);
        }

        /** The field's name with the path to this object: {@code files[0].etag}. */
        private String name(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }
    }
}
