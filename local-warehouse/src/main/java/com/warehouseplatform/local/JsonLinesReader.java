package com.warehouseplatform.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads JSON objects one after the other (one per line, or concatenated) as COPY ... JSON does.
 * Each record carries the line its object ends on, as Redshift reports for JSON load errors.
 * A syntax error ends the file: nothing after it can be read reliably.
 */
final class JsonLinesReader implements AutoCloseable {

    /** One object, or a problem (then {@code object} is null) at {@code line}. */
    record Record(long line, JsonNode object, String problem, boolean fatal) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonParser parser;
    private boolean done;

    JsonLinesReader(Reader in) throws IOException {
        this.parser = new JsonFactory(MAPPER).createParser(in);
    }

    /** The next record, or null at the end of the input. */
    Record next() throws IOException {
        if (done) {
            return null;
        }
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                done = true;
                return null;
            }
            long startLine = parser.currentTokenLocation().getLineNr();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return new Record(
                        startLine, null, "Invalid JSON: expected an object but found " + token.asString(), false);
            }
            JsonNode node = MAPPER.readTree(parser);
            return new Record(parser.currentLocation().getLineNr(), node, null, false);
        } catch (JsonProcessingException e) {
            done = true;
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            return new Record(line, null, "Invalid JSON: " + e.getOriginalMessage(), true);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
