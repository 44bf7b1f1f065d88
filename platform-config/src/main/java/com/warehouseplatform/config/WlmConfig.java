package com.warehouseplatform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code warehouse.wlm}: automatic workload management of a cluster, written into its parameter group as
 * {@code wlm_json_configuration} ({@link #json()}). Queues route queries by user group, Redshift role or query group,
 * each with a priority, concurrency scaling on or off and query monitoring rules; the default queue comes last; short
 * query acceleration is set once for the whole configuration.
 *
 * <p>What Redshift accepts, and where it says so: up to eight queues under automatic WLM, service classes 100-107
 * ("Implementing automatic WLM", https://docs.aws.amazon.com/redshift/latest/dg/automatic-wlm.html), of which the
 * default queue is one; queue names of up to 64 letters, digits, underscores or spaces, unique; priorities highest to
 * lowest; SQA with a maximum run time of 0 (dynamic) or 1-20 seconds; the whole value at most 8000 characters
 * ("Properties for the wlm_json_configuration parameter",
 * https://docs.aws.amazon.com/redshift/latest/mgmt/workload-mgmt-config.html). Rules: names of up to 32 letters,
 * digits or underscores, unique in the configuration; at most 25 rules in all; one to three predicates of a metric,
 * =, &lt; or &gt;, and a value in the metric's range; actions log, abort and change_query_priority, hop being for
 * manual WLM only ("WLM query monitoring rules", https://docs.aws.amazon.com/redshift/latest/dg/cm-c-wlm-query-monitoring-rules.html).
 */
public record WlmConfig(
        List<Queue> queues, Queue defaultQueue, boolean shortQueryAcceleration, int shortQueryMaxSeconds) {

    /** Automatic WLM with Redshift's defaults: one default queue at normal priority, no rules, no SQA. */
    public static final WlmConfig NONE = new WlmConfig(List.of(), Queue.DEFAULT, false, 0);

    /**
     * A queue; the default queue has no name and routes nothing ({@code userGroups}, {@code userRoles} and
     * {@code queryGroups} empty).
     */
    public record Queue(
            String name,
            List<String> userGroups,
            List<String> userRoles,
            List<String> queryGroups,
            String priority,
            boolean concurrencyScaling,
            List<Rule> rules) {
        static final Queue DEFAULT = new Queue(null, List.of(), List.of(), List.of(), "normal", false, List.of());
    }

    /** A query monitoring rule; {@code priority} is the new priority of change_query_priority, else {@code null}. */
    public record Rule(String name, List<Predicate> predicates, String action, String priority) {}

    public record Predicate(String metric, String operator, BigDecimal value) {}

    /** Automatic WLM takes eight queues (service classes 100-107), the default queue being the last of them. */
    static final int MAX_QUEUES = 7;

    static final int MAX_RULES = 25;
    static final int MAX_PREDICATES = 3;
    static final int MAX_JSON = 8000;
    static final String DEFAULT_QUEUE_NAME = "Default queue";
    static final List<String> PRIORITIES = List.of("highest", "high", "normal", "low", "lowest");
    static final List<String> OPERATORS = List.of(">", "<", "=");
    static final List<String> ACTIONS = List.of("log", "abort", "change_query_priority");
    static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_ ]{1,64}");
    static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9_]{1,32}");
    /** A user group name, * and ? allowed as wildcards. */
    static final Pattern GROUP = Pattern.compile("[a-z_*?][a-z0-9_$*?]{0,126}");

    /** A metric of a provisioned cluster's rules: its range, and whether its values may have decimals. */
    record Metric(BigDecimal max, boolean decimals) {}

    /** "Query monitoring metrics for Amazon Redshift provisioned" (query_priority, whose value is a word, left out). */
    static final Map<String, Metric> METRICS = new LinkedHashMap<>();

    static {
        long rows = 999_999_999_999_999L;
        metric("query_cpu_time", 999_999, false);
        metric("query_blocks_read", 1_048_575, false);
        metric("scan_row_count", rows, false);
        metric("query_execution_time", 86_399, false);
        metric("query_queue_time", 86_399, false);
        metric("query_cpu_usage_percent", 6_399, false);
        metric("query_temp_blocks_to_disk", 319_815_679, false);
        metric("cpu_skew", 99, true);
        metric("io_skew", 99, true);
        metric("join_row_count", rows, false);
        metric("nested_loop_join_row_count", rows, false);
        metric("return_row_count", rows, false);
        metric("segment_execution_time", 86_388, false);
        metric("spectrum_scan_row_count", rows, false);
        metric("spectrum_scan_size_mb", rows, false);
    }

    private static void metric(String name, long max, boolean decimals) {
        METRICS.put(name, new Metric(BigDecimal.valueOf(max), decimals));
    }

    /** Reads {@code wlm} (absent: {@link #NONE}); {@code null} when anything in it is bad. */
    static WlmConfig read(YamlObject o) {
        if (o == null) {
            return NONE;
        }
        int before = o.problemCount();
        List<Queue> queues = o.objects("queues", q -> readQueue(q, false));
        if (queues.size() > MAX_QUEUES) {
            o.problem(
                    "queues",
                    queues.size() + " queues, but automatic WLM takes at most " + (MAX_QUEUES + 1)
                            + " including the default queue: at most " + MAX_QUEUES + " here");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < queues.size(); i++) {
            Queue q = queues.get(i);
            if (q != null && !names.add(q.name().toLowerCase())) {
                o.problem("queues[" + i + "].name", "\"" + q.name() + "\" is already the name of another queue");
            }
        }
        YamlObject defaultObject = o.object("defaultQueue", false);
        Queue defaultQueue = defaultObject == null ? Queue.DEFAULT : readQueue(defaultObject, true);
        if (defaultObject != null) {
            defaultObject.rejectUnknownKeys();
        }
        Boolean sqa = o.bool("shortQueryAcceleration", false);
        Integer maxSeconds = o.integer("shortQueryMaxSeconds", 0, 0, 20);
        if (maxSeconds != null && maxSeconds > 0 && Boolean.FALSE.equals(sqa)) {
            o.problem("shortQueryMaxSeconds", "only used with shortQueryAcceleration: true");
        }
        checkRules(o, queues, defaultQueue);
        if (o.problemCount() > before || sqa == null || maxSeconds == null) {
            return null;
        }
        WlmConfig config = new WlmConfig(List.copyOf(queues), defaultQueue, sqa, maxSeconds);
        int length = config.json().length();
        if (length > MAX_JSON) {
            o.problem(
                    "queues",
                    "the WLM configuration is " + length
                            + " characters of JSON, but wlm_json_configuration takes at most " + MAX_JSON
                            + ": fewer queues, groups or rules");
            return null;
        }
        return config;
    }

    private static Queue readQueue(YamlObject q, boolean isDefault) {
        String name = null;
        List<String> userGroups = List.of();
        List<String> userRoles = List.of();
        List<String> queryGroups = List.of();
        if (!isDefault) {
            name = q.string("name", true);
            if (name != null && !QUEUE_NAME.matcher(name).matches()) {
                q.problem("name", "\"" + name + "\" is not a queue name (1 to 64 letters, digits, _ or spaces)");
                name = null;
            } else if (name != null && name.equalsIgnoreCase(DEFAULT_QUEUE_NAME)) {
                q.problem("name", "\"" + name + "\" is the default queue's name: configure it under wlm.defaultQueue");
                name = null;
            }
            userGroups = q.strings("userGroups", false);
            for (int i = 0; i < userGroups.size(); i++) {
                if (!GROUP.matcher(userGroups.get(i)).matches()) {
                    q.problem(
                            "userGroups[" + i + "]",
                            "\"" + userGroups.get(i) + "\" is not a user group name (lower-case letters, digits, _ "
                                    + "and $, * and ? as wildcards)");
                }
            }
            userRoles = q.strings("userRoles", false);
            queryGroups = q.strings("queryGroups", false);
            for (int i = 0; i < queryGroups.size(); i++) {
                if (queryGroups.get(i).isBlank() || queryGroups.get(i).contains(",")) {
                    q.problem(
                            "queryGroups[" + i + "]",
                            "a query group is a label without commas, got \"" + queryGroups.get(i) + "\"");
                }
            }
            if (userGroups.isEmpty() && userRoles.isEmpty() && queryGroups.isEmpty() && q.has("name")) {
                q.problem(
                        "name",
                        "the queue routes no queries: give it userGroups, userRoles or queryGroups "
                                + "(queries of no queue run in wlm.defaultQueue)");
            }
        }
        String priority = q.string("priority", "normal");
        if (priority != null && !PRIORITIES.contains(priority)) {
            q.problem("priority", "must be one of " + PRIORITIES + ", got \"" + priority + "\"");
            priority = null;
        }
        Boolean scaling = q.bool("concurrencyScaling", false);
        List<Rule> rules = q.objects("rules", WlmConfig::readRule);
        if (name == null && !isDefault
                || priority == null
                || scaling == null
                || rules.stream().anyMatch(Objects::isNull)) {
            return null;
        }
        return new Queue(name, userGroups, userRoles, queryGroups, priority, scaling, List.copyOf(rules));
    }

    private static Rule readRule(YamlObject r) {
        int before = r.problemCount();
        String name = r.string("name", true);
        if (name != null && !RULE_NAME.matcher(name).matches()) {
            r.problem("name", "\"" + name + "\" is not a rule name (1 to 32 letters, digits or _)");
        }
        List<Predicate> predicates = r.objects("predicates", WlmConfig::readPredicate);
        if (predicates.isEmpty() && !r.has("predicates")) {
            r.problem("predicates", "is required: one to " + MAX_PREDICATES + " conditions");
        } else if (predicates.isEmpty() || predicates.size() > MAX_PREDICATES) {
            r.problem("predicates", "a rule has one to " + MAX_PREDICATES + " predicates, got " + predicates.size());
        }
        String action = r.string("action", true);
        if ("hop".equals(action)) {
            r.problem(
                    "action",
                    "hop is only for manual WLM; the platform configures automatic WLM: use log, abort "
                            + "or change_query_priority");
        } else if (action != null && !ACTIONS.contains(action)) {
            r.problem("action", "must be one of " + ACTIONS + ", got \"" + action + "\"");
        }
        String priority = r.string("priority", false);
        if ("change_query_priority".equals(action) && priority == null && !r.has("priority")) {
            r.problem("priority", "is required with change_query_priority: the new priority, one of " + PRIORITIES);
        } else if (priority != null && !"change_query_priority".equals(action)) {
            r.problem("priority", "only used with action change_query_priority");
        } else if (priority != null && !PRIORITIES.contains(priority)) {
            r.problem("priority", "must be one of " + PRIORITIES + ", got \"" + priority + "\"");
        }
        if (r.problemCount() > before || predicates.stream().anyMatch(Objects::isNull)) {
            return null;
        }
        return new Rule(name, List.copyOf(predicates), action, priority);
    }

    private static Predicate readPredicate(YamlObject p) {
        int before = p.problemCount();
        String metric = p.string("metric", true);
        if (metric != null && !METRICS.containsKey(metric)) {
            p.problem(
                    "metric",
                    "\"" + metric + "\" is not a query monitoring metric of a cluster; one of " + METRICS.keySet());
            metric = null;
        }
        String operator = p.string("operator", true);
        if (operator != null && !OPERATORS.contains(operator)) {
            p.problem("operator", "must be one of " + OPERATORS + ", got \"" + operator + "\"");
        }
        JsonNode value = p.node("value");
        BigDecimal number = null;
        if (value == null) {
            p.problem("value", "is required");
        } else if (!value.isNumber()) {
            p.problem("value", "must be a number, got " + YamlObject.describe(value));
        } else {
            number = value.decimalValue();
            if (metric != null) {
                Metric m = METRICS.get(metric);
                if (!m.decimals() && number.stripTrailingZeros().scale() > 0) {
                    p.problem("value", metric + " takes whole numbers, got " + number);
                } else if (number.signum() < 0 || number.compareTo(m.max()) > 0) {
                    p.problem("value", metric + " takes 0 to " + m.max() + ", got " + number);
                }
            }
        }
        return p.problemCount() > before ? null : new Predicate(metric, operator, number);
    }

    /** Rule names unique in the configuration, and at most 25 rules in all. */
    private static void checkRules(YamlObject o, List<Queue> queues, Queue defaultQueue) {
        Map<String, String> seen = new LinkedHashMap<>();
        int total = 0;
        List<Queue> all = new ArrayList<>(queues);
        all.add(defaultQueue);
        for (int i = 0; i < all.size(); i++) {
            Queue q = all.get(i);
            if (q == null) {
                continue;
            }
            String queueKey = i < queues.size() ? "queues[" + i + "]" : "defaultQueue";
            for (int j = 0; j < q.rules().size(); j++) {
                total++;
                String name = q.rules().get(j).name().toLowerCase();
                String key = queueKey + ".rules[" + j + "].name";
                if (seen.containsKey(name)) {
                    o.problem(
                            key,
                            "\"" + q.rules().get(j).name() + "\" is already the name of " + seen.get(name)
                                    + ": rule names are unique in the WLM configuration");
                } else {
                    seen.put(name, queueKey + ".rules[" + j + "]");
                }
            }
        }
        if (total > MAX_RULES) {
            o.problem("queues", total + " query monitoring rules, but WLM takes at most " + MAX_RULES + " in all");
        }
    }

    /** Each {@code userRoles} entry names a role of {@code access.roles}: the roles the platform creates. */
    static void checkRoles(YamlObject root, WlmConfig wlm, AccessConfig access) {
        if (wlm == null || access == null) {
            return;
        }
        List<String> roles =
                access.roles().stream().map(AccessConfig.Role::name).toList();
        for (int i = 0; i < wlm.queues().size(); i++) {
            List<String> userRoles = wlm.queues().get(i).userRoles();
            for (int j = 0; j < userRoles.size(); j++) {
                if (!roles.contains(userRoles.get(j))) {
                    root.problem(
                            "warehouse.wlm.queues[" + i + "].userRoles[" + j + "]",
                            "\"" + userRoles.get(j) + "\" is not a role of access.roles " + roles
                                    + ": a queue routes the roles the platform creates");
                }
            }
        }
    }

    /** The value of {@code wlm_json_configuration}: the queues in order, the default queue, then SQA. */
    public String json() {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (Queue q : queues) {
            ObjectNode queue = queue(array.addObject(), q.name(), q);
            // wildcards are on for a list exactly when one of its entries uses * or ?
            groups(queue, "user_group", q.userGroups());
            groups(queue, "user_role", q.userRoles());
            groups(queue, "query_group", q.queryGroups());
            rules(queue, q.rules());
        }
        rules(queue(array.addObject(), DEFAULT_QUEUE_NAME, defaultQueue), defaultQueue.rules());
        ObjectNode sqa = array.addObject();
        sqa.put("short_query_queue", shortQueryAcceleration);
        if (shortQueryAcceleration) {
            // milliseconds; 0 lets WLM choose the maximum run time of a short query
            sqa.put("max_execution_time", shortQueryMaxSeconds * 1000);
        }
        return array.toString();
    }

    private static ObjectNode queue(ObjectNode node, String name, Queue q) {
        node.put("name", name);
        node.put("queue_type", "auto");
        node.put("auto_wlm", true);
        node.put("priority", q.priority());
        node.put("concurrency_scaling", q.concurrencyScaling() ? "auto" : "off");
        return node;
    }

    private static void groups(ObjectNode queue, String property, List<String> names) {
        ArrayNode list = queue.putArray(property);
        names.forEach(list::add);
        queue.put(property + "_wild_card", names.stream().anyMatch(n -> n.contains("*") || n.contains("?")) ? 1 : 0);
    }

    private static void rules(ObjectNode queue, List<Rule> rules) {
        ArrayNode list = queue.putArray("rules");
        for (Rule rule : rules) {
            ObjectNode r = list.addObject();
            r.put("rule_name", rule.name());
            ArrayNode predicates = r.putArray("predicate");
            for (Predicate p : rule.predicates()) {
                ObjectNode predicate = predicates.addObject();
                predicate.put("metric_name", p.metric());
                predicate.put("operator", p.operator());
                predicate.put("value", p.value());
            }
            r.put("action", rule.action());
            if (rule.priority() != null) {
                r.put("value", rule.priority());
            }
        }
    }
}
