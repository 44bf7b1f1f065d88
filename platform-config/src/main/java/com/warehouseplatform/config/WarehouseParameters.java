package com.warehouseplatform.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code warehouse.parameters}: database settings for the cluster's parameter group or the workgroup's config
 * parameters, each checked by name and value. The security settings are the platform's and never overridable.
 *
 * <p>Sources: the cluster parameters and their defaults are the table "Default parameter values" of "Amazon Redshift
 * parameter groups", https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-parameter-groups.html; the values
 * come from each parameter's page of the Database Developer Guide (r_datestyle, r_extra_float_digits,
 * r_max_concurrency_scaling_clusters, r_statement_timeout, r_search_path). The workgroup's keys are those of
 * AWS::RedshiftServerless::Workgroup ConfigParameter and the Serverless API's ConfigParameter
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_ConfigParameter.html), with the query
 * limits' ranges from "Query monitoring metrics for Amazon Redshift Serverless"
 * (https://docs.aws.amazon.com/redshift/latest/dg/cm-c-wlm-query-monitoring-rules.html).
 */
final class WarehouseParameters {

    /** What a value must be: its check returns the reason it is not, or {@code null}. */
    private interface Rule {
        String problem(String value);
    }

    /** Set by the platform on every warehouse, always to these values. */
    static final Map<String, String> PLATFORM = ordered("require_ssl", "true", "enable_user_activity_logging", "true");

    /** Security settings a configuration may not set, with the reason. */
    static final Map<String, String> REFUSED = ordered(
            "require_ssl",
            "a security setting of the platform: every connection uses TLS (always true), never overridable",
            "enable_user_activity_logging",
            "a security setting of the platform: user activity is always logged for the audit log (always true), "
                    + "never overridable",
            "use_fips_ssl",
            "a security setting of the platform, never overridable: it stays at Redshift's default; a FIPS-only "
                    + "environment needs a change of the platform, not of one environment's file",
            "wlm_json_configuration",
            "the platform writes it from warehouse.wlm: configure queues there",
            "max_cursor_result_set_size",
            "deprecated by Redshift (see the cursor constraints of DECLARE); it is not set any more");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,126}|\"[^\"]{1,127}\"|\\$user");
    private static final List<String> DATE_STYLES = List.of("ISO", "Postgres", "SQL", "German");
    private static final List<String> DATE_ORDERS = List.of("DMY", "MDY", "YMD");
    private static final long ROWS = 999_999_999_999_999L;

    /** The cluster parameters of the redshift-2.0 family that a configuration may set. */
    static final Map<String, Rule> CLUSTER = new LinkedHashMap<>();
    /** The workgroup config parameters that a configuration may set. */
    static final Map<String, Rule> WORKGROUP = new LinkedHashMap<>();

    static {
        CLUSTER.put("auto_analyze", WarehouseParameters::bool);
        CLUSTER.put("auto_mv", WarehouseParameters::bool);
        CLUSTER.put("datestyle", WarehouseParameters::datestyle);
        CLUSTER.put("enable_case_sensitive_identifier", WarehouseParameters::bool);
        CLUSTER.put("extra_float_digits", v -> range(v, -15, 2));
        // 0 to 10 is the documented range; a raised quota (Limit Increase Form) is not known here
        CLUSTER.put("max_concurrency_scaling_clusters", v -> range(v, 0, 10));
        CLUSTER.put("query_group", WarehouseParameters::queryGroup);
        CLUSTER.put("search_path", WarehouseParameters::searchPath);
        // milliseconds, 0 turns the limit off; the page gives no maximum: PostgreSQL's integer setting is the bound
        CLUSTER.put("statement_timeout", v -> range(v, 0, Integer.MAX_VALUE));

        WORKGROUP.put("auto_mv", WarehouseParameters::bool);
        WORKGROUP.put("datestyle", WarehouseParameters::datestyle);
        WORKGROUP.put("enable_case_sensitive_identifier", WarehouseParameters::bool);
        WORKGROUP.put("query_group", WarehouseParameters::queryGroup);
        WORKGROUP.put("search_path", WarehouseParameters::searchPath);
        WORKGROUP.put("max_query_execution_time", v -> range(v, 0, 86_399));
        WORKGROUP.put("max_query_queue_time", v -> range(v, 0, 86_399));
        WORKGROUP.put("max_query_blocks_read", v -> range(v, 0, 1_048_575));
        WORKGROUP.put("max_query_temp_blocks_to_disk", v -> range(v, 0, 319_815_679));
        WORKGROUP.put("max_scan_row_count", v -> range(v, 0, ROWS));
        WORKGROUP.put("max_join_row_count", v -> range(v, 0, ROWS));
        WORKGROUP.put("max_nested_loop_join_row_count", v -> range(v, 0, ROWS));
    }

    private WarehouseParameters() {}

    /** Every parameter name a configuration may write, of either kind of warehouse (the schema lists these). */
    static List<String> allNames() {
        Map<String, Boolean> names = new LinkedHashMap<>();
        CLUSTER.keySet().forEach(n -> names.put(n, true));
        WORKGROUP.keySet().forEach(n -> names.put(n, true));
        return List.copyOf(names.keySet());
    }

    /**
     * Reads {@code parameters} of {@code o} in file order: scalar values as text; {@code null} when any is bad (each
     * reported with its key).
     */
    static Map<String, String> read(YamlObject o, boolean serverless) {
        JsonNode node = o.node("parameters");
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            o.problem("parameters", "must be a mapping of parameter names to values, got " + YamlObject.describe(node));
            return null;
        }
        Map<String, Rule> allowed = serverless ? WORKGROUP : CLUSTER;
        Map<String, String> result = new LinkedHashMap<>();
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String key = "parameters." + name;
            JsonNode value = entry.getValue();
            String reason;
            if (serverless && name.equals("wlm_json_configuration")) {
                reason = "the platform offers no WLM queues on a Serverless workgroup: limit queries with the "
                        + "workgroup's query limits here, such as max_query_execution_time";
            } else if (REFUSED.containsKey(name)) {
                reason = REFUSED.get(name);
            } else if (!allowed.containsKey(name)) {
                reason = unknown(name, serverless);
            } else if (!value.isValueNode() || value.isNull()) {
                reason = "must be a plain value (text, number or true/false), got " + YamlObject.describe(value);
            } else {
                reason = allowed.get(name).problem(value.asText());
            }
            if (reason != null) {
                o.problem(key, reason);
                ok = false;
            } else {
                result.put(name, value.asText());
            }
        }
        return ok ? result : null;
    }

    private static String unknown(String name, boolean serverless) {
        if (serverless && CLUSTER.containsKey(name)) {
            return "a cluster parameter that a Serverless workgroup does not take; a workgroup takes "
                    + WORKGROUP.keySet();
        }
        if (!serverless && WORKGROUP.containsKey(name)) {
            return "a query limit of Serverless workgroups; on a cluster, write a query monitoring rule in warehouse.wlm";
        }
        return "not a parameter the platform can set on a " + (serverless ? "Serverless workgroup" : "cluster")
                + " (redshift-2.0 family); allowed: " + (serverless ? WORKGROUP : CLUSTER).keySet();
    }

    private static String bool(String value) {
        return value.equals("true") || value.equals("false") ? null : "must be true or false, got \"" + value + "\"";
    }

    private static String range(String value, long min, long max) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return "must be a whole number between " + min + " and " + max + ", got \"" + value + "\"";
        }
        return number < min || number > max ? "must be between " + min + " and " + max + ", got " + number : null;
    }

    /** "style, order" as SHOW datestyle prints it, such as "ISO, MDY" (r_datestyle). */
    private static String datestyle(String value) {
        String[] parts = value.split(",", -1);
        if (parts.length == 2 && DATE_STYLES.contains(parts[0].strip()) && DATE_ORDERS.contains(parts[1].strip())) {
            return null;
        }
        return "must be a format " + DATE_STYLES + " and an order " + DATE_ORDERS + " such as \"ISO, MDY\", got \""
                + value + "\"";
    }

    private static String queryGroup(String value) {
        return value.isBlank() ? "must be a query group label, got an empty one" : null;
    }

    /** A comma-separated list of schema names, $user allowed (r_search_path). */
    private static String searchPath(String value) {
        for (String schema : value.split(",", -1)) {
            if (!IDENTIFIER.matcher(schema.strip()).matches()) {
                return "must be schema names separated by commas, such as \"$user, public\"; \"" + schema.strip()
                        + "\" is not a schema name";
            }
        }
        return null;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
