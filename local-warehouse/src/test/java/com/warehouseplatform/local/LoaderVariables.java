package com.warehouseplatform.local;

import java.util.HashMap;
import java.util.Map;

/** The environment variables the infrastructure gives a loader, for a loader of a local platform's tests. */
public final class LoaderVariables {

    private LoaderVariables() {}

    /** A loader of {@code table} on {@code prefix}: CSV with a header (or JSON), no compression, 1,000 files a run. */
    public static Map<String, String> of(
            String name, String table, String prefix, String format, String mode, String keys, String database) {
        Map<String, String> env = new HashMap<>();
        env.put("LOADER_NAME", name);
        env.put("TARGET_TABLE", table);
        env.put("SOURCE_BUCKET", LocalPlatform.RAW);
        env.put("SOURCE_PREFIX", prefix);
        env.put("OPS_BUCKET", LocalPlatform.OPS);
        env.put("FORMAT_TYPE", format);
        if (format.equals("csv")) {
            env.put("CSV_HEADER", "true");
            env.put("CSV_DELIMITER", ",");
        }
        env.put("COMPRESSION", "none");
        env.put("MODE", mode);
        if (keys != null) {
            env.put("MERGE_KEYS", keys);
        }
        env.put("MAX_ERRORS", "0");
        env.put("MAX_FILES_PER_RUN", "1000");
        env.put("MAX_BYTES_PER_RUN", "1000000000");
        env.put("COPY_ROLE_ARN", LocalPlatform.copyRoleArn(name));
        env.put("DATABASE", database);
        env.put("CLUSTER_IDENTIFIER", LocalPlatform.CLUSTER);
        env.put("ALERT_TOPIC_ARN", LocalPlatform.ALERT_TOPIC_ARN);
        return env;
    }
}
