package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading JSON files and the review's own data files, and the CloudFormation habit of "one value or a list". */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ReviewException("missing file " + file);
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new ReviewException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A data file of the review, {@code src/main/resources/review/<name>}. */
    static JsonNode resource(String name) {
        try (InputStream in = Json.class.getResourceAsStream("/review/" + name)) {
            if (in == null) {
                throw new ReviewException("missing review data file review/" + name + " on the class path");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new ReviewException("cannot read review/" + name + ": " + e.getMessage());
        }
    }

    /** Nothing for a missing node, the elements of an array, else the node itself. */
    static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }

    /** The text of a string node, else null. */
    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    static JsonNode orMissing(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }
}
