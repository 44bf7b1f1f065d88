package com.warehouseplatform.config;

import com.warehouseplatform.config.BadConfigCases.Case;
import java.util.List;

/**
 * Bad {@code warehouse.parameters} and {@code warehouse.wlm}, each a change to {@link #VALID} (or the Serverless
 * file) with the key and reason the validator must report.
 */
final class TuningCases {
    static final String CIDRS = "  allowedCidrs: [10.0.0.0/8]\n";

    /** The etl queue's two rules, replaced by the cases. */
    static final String LOG_RULE =
            "{name: log_long, predicates: [{metric: query_execution_time, operator: \">\", value: 3600}], action: log}";

    static final String ABORT_RULE = "{name: abort_long, predicates: [{metric: query_execution_time, operator: \">\","
            + " value: 7200}, {metric: io_skew, operator: \">\", value: 1.3}], action: abort}";

    static final String TUNING = CIDRS + """
              parameters: {statement_timeout: "3600000", datestyle: "ISO, DMY", auto_analyze: true, search_path: "$user, public, sales"}
              wlm:
                queues:
                  - name: etl
                    userGroups: [loaders]
                    queryGroups: [etl]
                    priority: high
                    rules:
                      - LOG_RULE
                      - ABORT_RULE
                  - name: analysts
                    userRoles: [analyst]
                    userGroups: ["bi_*"]
                    concurrencyScaling: true
                    rules:
                      - {name: demote_big_scans, predicates: [{metric: scan_row_count, operator: ">", value: 1000000000}], action: change_query_priority, priority: lowest}
                defaultQueue: {priority: low}
                shortQueryAcceleration: true
                shortQueryMaxSeconds: 5
            """.replace("LOG_RULE", LOG_RULE).replace("ABORT_RULE", ABORT_RULE);

    /** The valid file with parameters and WLM. */
    static final String VALID = BadConfigCases.VALID.replace(CIDRS, TUNING);

    private static Case tuning(String name, String from, String to, String key, String reason, boolean schemaCanTell) {
        return new Case(name, from, to, key, reason, schemaCanTell, VALID);
    }

    private static Case parameter(String name, String parameter, String key, String reason, boolean schemaCanTell) {
        return tuning(name, "statement_timeout: \"3600000\"", parameter, key, reason, schemaCanTell);
    }

    private static Case logRule(String name, String rule, String key, String reason, boolean schemaCanTell) {
        return tuning(name, LOG_RULE, rule, key, reason, schemaCanTell);
    }

    private static Case abortRule(String name, String rule, String key, String reason, boolean schemaCanTell) {
        return tuning(name, ABORT_RULE, rule, key, reason, schemaCanTell);
    }

    static final List<Case> ALL = List.of(
            parameter(
                    "TLS turned off",
                    "require_ssl: \"false\"",
                    "warehouse.parameters.require_ssl",
                    "a security setting of the platform: every connection uses TLS (always true), never overridable",
                    true),
            parameter(
                    "user activity logging set",
                    "enable_user_activity_logging: true",
                    "warehouse.parameters.enable_user_activity_logging",
                    "a security setting of the platform: user activity is always logged",
                    true),
            parameter(
                    "FIPS mode set",
                    "use_fips_ssl: true",
                    "warehouse.parameters.use_fips_ssl",
                    "a security setting of the platform, never overridable",
                    true),
            parameter(
                    "WLM JSON as a parameter",
                    "wlm_json_configuration: \"[{\\\"auto_wlm\\\":true}]\"",
                    "warehouse.parameters.wlm_json_configuration",
                    "the platform writes it from warehouse.wlm: configure queues there",
                    true),
            parameter(
                    "misspelled parameter",
                    "statement_timout: \"3600000\"",
                    "warehouse.parameters.statement_timout",
                    "not a parameter the platform can set on a cluster (redshift-2.0 family); allowed: [auto_analyze,",
                    true),
            parameter(
                    "timeout not a number",
                    "statement_timeout: \"1h\"",
                    "warehouse.parameters.statement_timeout",
                    "must be a whole number between 0 and 2147483647, got \"1h\"",
                    true),
            parameter(
                    "too many float digits",
                    "extra_float_digits: 3",
                    "warehouse.parameters.extra_float_digits",
                    "must be between -15 and 2, got 3",
                    true),
            parameter(
                    "too many scaling clusters",
                    "max_concurrency_scaling_clusters: 11",
                    "warehouse.parameters.max_concurrency_scaling_clusters",
                    "must be between 0 and 10, got 11",
                    true),
            parameter(
                    "boolean parameter not a boolean",
                    "auto_mv: \"yes\"",
                    "warehouse.parameters.auto_mv",
                    "must be true or false, got \"yes\"",
                    true),
            tuning(
                    "unknown date order",
                    "datestyle: \"ISO, DMY\"",
                    "datestyle: \"ISO, DYM\"",
                    "warehouse.parameters.datestyle",
                    "must be a format [ISO, Postgres, SQL, German] and an order [DMY, MDY, YMD] such as \"ISO, MDY\","
                            + " got \"ISO, DYM\"",
                    true),
            tuning(
                    "search path not schema names",
                    "search_path: \"$user, public, sales\"",
                    "search_path: \"$user; sales\"",
                    "warehouse.parameters.search_path",
                    "must be schema names separated by commas, such as \"$user, public\"; \"$user; sales\" is not a "
                            + "schema name",
                    false),
            parameter(
                    "workgroup query limit on a cluster",
                    "max_query_execution_time: 3600",
                    "warehouse.parameters.max_query_execution_time",
                    "a query limit of Serverless workgroups; on a cluster, write a query monitoring rule in warehouse.wlm",
                    false),
            new Case(
                    "cluster parameter on a workgroup",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  parameters: {statement_timeout: \"60000\"}",
                    "warehouse.parameters.statement_timeout",
                    "a cluster parameter that a Serverless workgroup does not take; a workgroup takes [auto_mv,",
                    false,
                    BadConfigCases.VALID_SERVERLESS),
            new Case(
                    "TLS turned off on a workgroup",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  parameters: {require_ssl: false}",
                    "warehouse.parameters.require_ssl",
                    "a security setting of the platform: every connection uses TLS (always true), never overridable",
                    true,
                    BadConfigCases.VALID_SERVERLESS),
            new Case(
                    "WLM JSON on a workgroup",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  parameters: {wlm_json_configuration: \"[]\"}",
                    "warehouse.parameters.wlm_json_configuration",
                    "the platform offers no WLM queues on a Serverless workgroup: limit queries with the workgroup's"
                            + " query limits here, such as max_query_execution_time",
                    true,
                    BadConfigCases.VALID_SERVERLESS),
            new Case(
                    "workgroup query limit out of range",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  parameters: {max_query_execution_time: 86400}",
                    "warehouse.parameters.max_query_execution_time",
                    "must be between 0 and 86399, got 86400",
                    true,
                    BadConfigCases.VALID_SERVERLESS),
            new Case(
                    "WLM on a workgroup",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  wlm: {shortQueryAcceleration: true}",
                    "warehouse.wlm",
                    "only used when type is provisioned: a Serverless workgroup limits queries with parameters such as"
                            + " max_query_execution_time (warehouse.parameters) instead of WLM queues",
                    false,
                    BadConfigCases.VALID_SERVERLESS),
            abortRule(
                    "unknown metric",
                    ABORT_RULE.replace("metric: query_execution_time", "metric: query_run_time"),
                    "warehouse.wlm.queues[0].rules[1].predicates[0].metric",
                    "\"query_run_time\" is not a query monitoring metric of a cluster; one of [query_cpu_time,",
                    true),
            abortRule(
                    "metric value out of range",
                    ABORT_RULE.replace("value: 7200", "value: 86400"),
                    "warehouse.wlm.queues[0].rules[1].predicates[0].value",
                    "query_execution_time takes 0 to 86399, got 86400",
                    false),
            abortRule(
                    "decimal value of a whole-number metric",
                    ABORT_RULE.replace("value: 7200", "value: 7200.5"),
                    "warehouse.wlm.queues[0].rules[1].predicates[0].value",
                    "query_execution_time takes whole numbers, got 7200.5",
                    false),
            abortRule(
                    "skew out of range",
                    ABORT_RULE.replace("value: 1.3", "value: 100"),
                    "warehouse.wlm.queues[0].rules[1].predicates[1].value",
                    "io_skew takes 0 to 99, got 100",
                    false),
            abortRule(
                    "unknown operator",
                    ABORT_RULE.replace("operator: \">\", value: 7200", "operator: \">=\", value: 7200"),
                    "warehouse.wlm.queues[0].rules[1].predicates[0].operator",
                    "must be one of [>, <, =], got \">=\"",
                    true),
            abortRule(
                    "more than three predicates",
                    ABORT_RULE.replace(
                            "{metric: io_skew, operator: \">\", value: 1.3}",
                            "{metric: io_skew, operator: \">\", value: 1.3}, {metric: cpu_skew, operator: \">\", value: 2},"
                                    + " {metric: segment_execution_time, operator: \">\", value: 10}, {metric: "
                                    + "query_cpu_time, operator: \">\", value: 600}"),
                    "warehouse.wlm.queues[0].rules[1].predicates",
                    "a rule has one to 3 predicates, got 5",
                    true),
            logRule(
                    "hop under automatic WLM",
                    LOG_RULE.replace("action: log", "action: hop"),
                    "warehouse.wlm.queues[0].rules[0].action",
                    "hop is only for manual WLM; the platform configures automatic WLM: use log, abort or "
                            + "change_query_priority",
                    true),
            logRule(
                    "change of priority without the priority",
                    LOG_RULE.replace("action: log", "action: change_query_priority"),
                    "warehouse.wlm.queues[0].rules[0].priority",
                    "is required with change_query_priority: the new priority, one of [highest, high, normal, low, "
                            + "lowest]",
                    false),
            logRule(
                    "priority on a log rule",
                    LOG_RULE.replace("action: log", "action: log, priority: low"),
                    "warehouse.wlm.queues[0].rules[0].priority",
                    "only used with action change_query_priority",
                    false),
            logRule(
                    "rule name with a dash",
                    LOG_RULE.replace("log_long", "log-long"),
                    "warehouse.wlm.queues[0].rules[0].name",
                    "\"log-long\" is not a rule name (1 to 32 letters, digits or _)",
                    true),
            logRule(
                    "rule name taken",
                    LOG_RULE.replace("log_long", "demote_big_scans"),
                    "warehouse.wlm.queues[1].rules[0].name",
                    "\"demote_big_scans\" is already the name of queues[0].rules[0]: rule names are unique in the WLM "
                            + "configuration",
                    false),
            logRule(
                    "rule without predicates",
                    "{name: log_long, action: log}",
                    "warehouse.wlm.queues[0].rules[0].predicates",
                    "is required: one to 3 conditions",
                    true),
            tuning(
                    "unknown queue priority",
                    "priority: high",
                    "priority: urgent",
                    "warehouse.wlm.queues[0].priority",
                    "must be one of [highest, high, normal, low, lowest], got \"urgent\"",
                    true),
            tuning(
                    "queue named like the default queue",
                    "- name: analysts",
                    "- name: Default Queue",
                    "warehouse.wlm.queues[1].name",
                    "\"Default Queue\" is the default queue's name: configure it under wlm.defaultQueue",
                    false),
            tuning(
                    "two queues of one name",
                    "- name: analysts",
                    "- name: ETL",
                    "warehouse.wlm.queues[1].name",
                    "\"ETL\" is already the name of another queue",
                    false),
            tuning(
                    "queue name with a quote",
                    "- name: analysts",
                    "- name: \"analysts'\"",
                    "warehouse.wlm.queues[1].name",
                    "\"analysts'\" is not a queue name (1 to 64 letters, digits, _ or spaces)",
                    true),
            tuning(
                    "queue that routes nothing",
                    "        userGroups: [loaders]\n        queryGroups: [etl]\n",
                    "",
                    "warehouse.wlm.queues[0].name",
                    "the queue routes no queries: give it userGroups, userRoles or queryGroups (queries of no queue "
                            + "run in wlm.defaultQueue)",
                    false),
            tuning(
                    "queue for a role access does not create",
                    "userRoles: [analyst]",
                    "userRoles: [analysts]",
                    "warehouse.wlm.queues[1].userRoles[0]",
                    "\"analysts\" is not a role of access.roles [analyst, order_fixer]: a queue routes the roles the "
                            + "platform creates",
                    false),
            tuning(
                    "user group not a group name",
                    "userGroups: [loaders]",
                    "userGroups: [Loaders]",
                    "warehouse.wlm.queues[0].userGroups[0]",
                    "\"Loaders\" is not a user group name (lower-case letters, digits, _ and $, * and ? as wildcards)",
                    false),
            tuning(
                    "groups on the default queue",
                    "defaultQueue: {priority: low}",
                    "defaultQueue: {priority: low, userGroups: [everyone]}",
                    "warehouse.wlm.defaultQueue.userGroups",
                    "unknown key",
                    true),
            tuning(
                    "SQA run time too long",
                    "shortQueryMaxSeconds: 5",
                    "shortQueryMaxSeconds: 21",
                    "warehouse.wlm.shortQueryMaxSeconds",
                    "must be between 0 and 20, got 21",
                    true),
            tuning(
                    "SQA run time without SQA",
                    "shortQueryAcceleration: true",
                    "shortQueryAcceleration: false",
                    "warehouse.wlm.shortQueryMaxSeconds",
                    "only used with shortQueryAcceleration: true",
                    false),
            tuning(
                    "eight queues besides the default",
                    "    defaultQueue:",
                    eightQueues() + "    defaultQueue:",
                    "warehouse.wlm.queues",
                    "8 queues, but automatic WLM takes at most 8 including the default queue: at most 7 here",
                    true));

    /** Six more queues after etl and analysts: eight in all, plus the default queue. */
    private static String eightQueues() {
        StringBuilder queues = new StringBuilder();
        for (int i = 3; i <= 8; i++) {
            queues.append("      - {name: queue_")
                    .append(i)
                    .append(", queryGroups: [q")
                    .append(i)
                    .append("]}\n");
        }
        return queues.toString();
    }

    private TuningCases() {}
}
