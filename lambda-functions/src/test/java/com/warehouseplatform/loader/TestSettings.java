package com.warehouseplatform.loader;

import java.util.HashMap;
import java.util.Map;

/** A valid loader environment to start from. */
final class TestSettings {

    private TestSettings() {}

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("LOADER_NAME", "orders");
        env.put("TARGET_TABLE", "sales.orders");
        env.put("SOURCE_BUCKET", "raw-bucket");
        env.put("SOURCE_PREFIX", "orders/");
        env.put("OPS_BUCKET", "ops-bucket");
        env.put("FORMAT_TYPE", "csv");
        env.put("CSV_HEADER", "true");
        env.put("CSV_DELIMITER", ",");
        env.put("COMPRESSION", "gzip");
        env.put("MODE", "append");
        env.put("MAX_ERRORS", "0");
        env.put("MAX_FILES_PER_RUN", "100");
        env.put("MAX_BYTES_PER_RUN", "1000000");
        env.put("COPY_ROLE_ARN", "arn:aws:iam::123456789012:role/copy");
        env.put("DATABASE", "dev");
        env.put("CLUSTER_IDENTIFIER", "warehouse");
        env.put("ALERT_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:loader-alerts");
        return env;
    }

    static LoaderSettings with(String... pairs) {
        Map<String, String> env = env();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return LoaderSettings.fromMap(env);
    }

    static LoaderSettings defaults() {
        return with();
    }
}
