package com.warehouseplatform.loader;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** A parsed JSON document read in tests by JSON Pointer ({@code "/files/0/key"}). */
final class JsonTree {

    private final JsonNode root;

    private JsonTree(JsonNode root) {
        this.root = root;
    }

    static JsonTree parse(String json) {
        return new JsonTree(JsonNode.parser().parse(json));
    }

    static JsonTree parse(byte[] json) {
        return parse(new String(json, StandardCharsets.UTF_8));
    }

    /** The node at the pointer; fails the test if there is none. */
    JsonNode at(String pointer) {
        JsonNode node = root;
        for (String step : pointer.substring(1).split("/")) {
            JsonNode parent = node;
            node = (parent.isArray() ? parent.index(Integer.parseInt(step)) : parent.field(step))
                    .orElseThrow(() -> new AssertionError("no " + pointer + " in " + root));
        }
        return node;
    }

    String text(String pointer) {
        return at(pointer).asString();
    }

    long number(String pointer) {
        return Long.parseLong(at(pointer).asNumber());
    }

    boolean bool(String pointer) {
        return at(pointer).asBoolean();
    }

    /** Whether the top-level object has this field. */
    boolean has(String pointer) {
        return root.field(pointer.substring(1)).isPresent();
    }

    boolean isNull(String pointer) {
        return at(pointer).isNull();
    }

    int size(String pointer) {
        return at(pointer).asArray().size();
    }
}
