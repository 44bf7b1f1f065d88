package com.warehouseplatform.infra.constructs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that iterates in the order its entries are written. CDK serializes a custom resource's SDK call
 * parameters in the map's iteration order, and {@code Map.of}'s order changes from one JVM to the next, so a
 * parameter map with more than one entry must be this one for synth to give the same template in every process.
 */
final class Ordered {
    private Ordered() {}

    static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
