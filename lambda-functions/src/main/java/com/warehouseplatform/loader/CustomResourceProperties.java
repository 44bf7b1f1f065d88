package com.warehouseplatform.loader;

import java.util.Map;

/** Reading the untyped values of a CloudFormation custom resource event, with errors naming the key. */
final class CustomResourceProperties {
    private CustomResourceProperties() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " must be an object");
        }
        return (Map<String, Object>) value;
    }

    /** The value of {@code key} as text, or null when absent or blank. */
    static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null || v.toString().isBlank() ? null : v.toString();
    }

    static String required(Map<String, Object> m, String key) {
        String v = text(m, key);
        if (v == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v;
    }

    /** Where the handler runs its SQL: the cluster or workgroup, database and admin secret of the event. */
    static Warehouse.Target target(Map<String, Object> props) {
        return new Warehouse.Target(
                text(props, "ClusterIdentifier"),
                text(props, "WorkgroupName"),
                required(props, "Database"),
                required(props, "SecretArn"));
    }
}
