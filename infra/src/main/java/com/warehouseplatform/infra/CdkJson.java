package com.warehouseplatform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** cdk.json as infra's build copies it onto the class path: the one place the app's feature flags are set. */
final class CdkJson {
    private static final String RESOURCE = "/cdk.json";

    private CdkJson() {}

    /** The context entries of cdk.json that are CDK feature flags, sorted by name. */
    static Map<String, Object> featureFlags() {
        try (InputStream in = CdkJson.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("cdk.json is not on the class path: build infra with Maven");
            }
            ObjectMapper mapper = new ObjectMapper();
            JsonNode context = mapper.readTree(in).path("context");
            Map<String, Object> flags = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().startsWith("@aws-cdk")) {
                    flags.put(entry.getKey(), mapper.treeToValue(entry.getValue(), Object.class));
                }
            }
            return Collections.unmodifiableMap(flags);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cdk.json from the class path", e);
        }
    }
}
