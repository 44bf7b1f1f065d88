package com.warehouseplatform.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redshift warehouse: a provisioned cluster ({@code nodeType}, {@code numberOfNodes},
 * {@code snapshotRetentionDays}, {@code maintenanceWindow}) or a Serverless workgroup
 * ({@code baseCapacityRpus}, {@code maxCapacityRpus}); the keys of the other kind are errors. A
 * cluster may have day-2 {@code operations}; either may have {@code resilience} (Multi-AZ, snapshot copy, restore),
 * {@link ResilienceConfig#NONE} when absent. Either may set database {@code parameters} ({@link WarehouseParameters});
 * a cluster may configure automatic workload management, {@code wlm} ({@link WlmConfig}).
 * Unused numbers are 0 and unused strings null.
 */
public record WarehouseConfig(
        String type,
        String nodeType,
        int numberOfNodes,
        String databaseName,
        String adminUsername,
        int port,
        int snapshotRetentionDays,
        String maintenanceWindow,
        List<String> allowedCidrs,
        int baseCapacityRpus,
        int maxCapacityRpus,
        ClusterOperationsConfig operations,
        Map<String, String> parameters,
        WlmConfig wlm,
        ResilienceConfig resilience) {

    /** RA3 node types and the node counts a cluster of that type may have (1 = single-node). */
    record NodeCounts(int min, int max, boolean singleNode) {
        String describe() {
            return (singleNode ? "1 or " : "") + min + " to " + max;
        }

        boolean allows(int count) {
            return (singleNode && count == 1) || (count >= min && count <= max);
        }
    }

    static final Map<String, NodeCounts> NODE_TYPES = Map.of(
            "ra3.large", new NodeCounts(2, 16, false),
            "ra3.xlplus", new NodeCounts(2, 16, true),
            "ra3.4xlarge", new NodeCounts(2, 32, false),
            "ra3.16xlarge", new NodeCounts(2, 128, false));
    public static final String PROVISIONED = "provisioned";
    public static final String SERVERLESS = "serverless";
    static final List<String> TYPES = List.of(PROVISIONED, SERVERLESS);
    static final List<String> PROVISIONED_KEYS =
            List.of("nodeType", "numberOfNodes", "snapshotRetentionDays", "maintenanceWindow", "operations");
    static final List<String> SERVERLESS_KEYS = List.of("baseCapacityRpus", "maxCapacityRpus");
    static final String DEFAULT_MAINTENANCE_WINDOW = "sun:03:00-sun:03:30";
    private static final Pattern WINDOW = Pattern.compile(
            "(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):([0-5]\\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):([0-5]\\d)");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    public boolean singleNode() {
        return numberOfNodes == 1;
    }

    public boolean serverless() {
        return SERVERLESS.equals(type);
    }

    static WarehouseConfig read(YamlObject o) {
        String type = o.string("type", PROVISIONED);
        boolean knownType = type != null && TYPES.contains(type);
        if (type != null && !knownType) {
            o.problem("type", "must be one of " + TYPES + ", got \"" + type + "\"");
        }
        if (!knownType) {
            // read the rest as a cluster, so that each key is checked and no key is called unknown
            type = PROVISIONED;
        }
        boolean serverless = SERVERLESS.equals(type);
        for (String key : serverless ? PROVISIONED_KEYS : SERVERLESS_KEYS) {
            if (o.given(key)) {
                o.problem(
                        key,
                        "only used when type is " + (serverless ? PROVISIONED : SERVERLESS) + ", got type " + type);
            }
        }
        String database = databaseName(o);
        String admin = adminUsername(o);
        Integer port = serverless ? serverlessPort(o) : provisionedPort(o);
        List<String> cidrs = allowedCidrs(o);
        if (serverless) {
            Integer base = o.integer("baseCapacityRpus", 8, 8, 1024);
            Integer max = o.integer("maxCapacityRpus", null, 8, 5632);
            if (base != null && base % 8 != 0) {
                o.problem("baseCapacityRpus", "must be a multiple of 8, got " + base);
                base = null;
            }
            if (max != null && max % 8 != 0) {
                o.problem("maxCapacityRpus", "must be a multiple of 8, got " + max);
                max = null;
            }
            if (base != null && max != null && max < base) {
                o.problem("maxCapacityRpus", "must be at least baseCapacityRpus (" + base + "), got " + max);
                max = null;
            }
            Map<String, String> parameters = WarehouseParameters.read(o, true);
            if (o.given("wlm")) {
                o.problem(
                        "wlm",
                        "only used when type is provisioned: a Serverless workgroup limits queries with parameters "
                                + "such as max_query_execution_time (warehouse.parameters) instead of WLM queues");
            }
            ResilienceConfig resilience = resilience(o, true, null, null, port, ClusterOperationsConfig.NONE);
            if (database == null
                    || admin == null
                    || port == null
                    || base == null
                    || max == null
                    || parameters == null
                    || resilience == null) {
                return null;
            }
            return new WarehouseConfig(
                    type,
                    null,
                    0,
                    database,
                    admin,
                    port,
                    0,
                    null,
                    cidrs,
                    base,
                    max,
                    ClusterOperationsConfig.NONE,
                    parameters,
                    WlmConfig.NONE,
                    resilience);
        }
        WarehouseConfig cluster = readProvisioned(o, type, database, admin, port, cidrs);
        return knownType ? cluster : null;
    }

    private static WarehouseConfig readProvisioned(
            YamlObject o, String type, String database, String admin, Integer port, List<String> cidrs) {
        String nodeType = o.string("nodeType", true);
        Integer nodes = o.integer("numberOfNodes", null, 1, 128);
        if (nodeType != null && !NODE_TYPES.containsKey(nodeType)) {
            o.problem(
                    "nodeType",
                    "must be one of the RA3 node types "
                            + NODE_TYPES.keySet().stream().sorted().toList() + ", got \"" + nodeType + "\"");
            nodeType = null;
        }
        if (nodeType != null && nodes != null && !NODE_TYPES.get(nodeType).allows(nodes)) {
            o.problem(
                    "numberOfNodes",
                    nodeType + " needs " + NODE_TYPES.get(nodeType).describe() + " nodes, got " + nodes);
            nodes = null;
        }
        Integer retention = o.integer("snapshotRetentionDays", 7, 1, 35);
        String window = o.string("maintenanceWindow", DEFAULT_MAINTENANCE_WINDOW);
        if (window != null) {
            String reason = windowProblem(window);
            if (reason != null) {
                o.problem("maintenanceWindow", reason);
                window = null;
            }
        }
        // read before giving up on the cluster: its problems count too, and the key is not unknown
        YamlObject operationsObject = o.object("operations", false);
        ClusterOperationsConfig operations =
                operationsObject == null && o.has("operations") ? null : ClusterOperationsConfig.read(operationsObject);
        if (operationsObject != null) {
            operationsObject.rejectUnknownKeys();
        }
        Map<String, String> parameters = WarehouseParameters.read(o, false);
        YamlObject wlmObject = o.object("wlm", false);
        WlmConfig wlm = wlmObject == null && o.has("wlm") ? null : WlmConfig.read(wlmObject);
        if (wlmObject != null) {
            wlmObject.rejectUnknownKeys();
        }
        ResilienceConfig resilience = resilience(o, false, nodeType, nodes, port, operations);
        if (resilience == null
                || nodeType == null
                || nodes == null
                || database == null
                || admin == null
                || port == null
                || retention == null
                || window == null
                || operations == null
                || parameters == null
                || wlm == null) {
            return null;
        }
        return new WarehouseConfig(
                type,
                nodeType,
                nodes,
                database,
                admin,
                port,
                retention,
                window,
                cidrs,
                0,
                0,
                operations,
                parameters,
                wlm,
                resilience);
    }

    /** {@code resilience}, read even when other keys are invalid, so that its problems are reported too. */
    private static ResilienceConfig resilience(
            YamlObject o,
            boolean serverless,
            String nodeType,
            Integer nodes,
            Integer port,
            ClusterOperationsConfig operations) {
        YamlObject object = o.object("resilience", false);
        if (object == null && o.has("resilience")) {
            return null;
        }
        return ResilienceConfig.read(object, serverless, nodeType, nodes, port, operations);
    }

    private static String databaseName(YamlObject o) {
        String database = o.string("databaseName", true);
        if (database == null) {
            return null;
        }
        String reason = "dev".equals(database)
                ? "\"dev\" is Redshift's default database name; choose a name of your own"
                : RedshiftNames.problem(database);
        if (reason != null) {
            o.problem("databaseName", reason);
            return null;
        }
        return database;
    }

    private static String adminUsername(YamlObject o) {
        String admin = o.string("adminUsername", true);
        if (admin == null) {
            return null;
        }
        String reason = "awsuser".equals(admin)
                ? "\"awsuser\" is Redshift's default admin name; choose a name of your own"
                : admin.startsWith("iamr:") || admin.startsWith("iam:")
                        ? "\"" + admin + "\" is reserved for IAM identities"
                        : RedshiftNames.problem(admin);
        if (reason != null) {
            o.problem("adminUsername", reason);
            return null;
        }
        return admin;
    }

    private static Integer provisionedPort(YamlObject o) {
        Integer port = o.integer("port", 5440, 1150, 65535);
        if (port != null && port == 5439) {
            o.problem("port", "5439 is Redshift's default port; choose another between 1150 and 65535");
            return null;
        }
        return port;
    }

    /** Redshift Serverless accepts 5431-5455 and 8191-8215. */
    private static Integer serverlessPort(YamlObject o) {
        Integer port = o.integer("port", 5440, 1150, 65535);
        if (port != null && (port == 5439 || !((port >= 5431 && port <= 5455) || (port >= 8191 && port <= 8215)))) {
            o.problem(
                    "port",
                    "a Serverless workgroup accepts 5431-5455 or 8191-8215 but not the default 5439, got " + port);
            return null;
        }
        return port;
    }

    private static List<String> allowedCidrs(YamlObject o) {
        List<String> cidrs = o.strings("allowedCidrs", true);
        for (String cidr : cidrs) {
            String reason = Cidr.problem(cidr);
            if (reason == null && Cidr.prefixLength(cidr) == 0) {
                reason = "\"" + cidr + "\" opens the warehouse to the whole internet";
            }
            if (reason != null) {
                o.problem("allowedCidrs", reason);
            }
        }
        return cidrs;
    }

    /** Redshift wants ddd:hh24:mi-ddd:hh24:mi (UTC), at least 30 minutes long. */
    static String windowProblem(String window) {
        Matcher m = WINDOW.matcher(window);
        if (!m.matches()) {
            return "\"" + window + "\" is not a window such as sun:03:00-sun:03:30 (ddd:hh24:mi-ddd:hh24:mi, UTC)";
        }
        int start = minuteOfWeek(m.group(1), m.group(2), m.group(3));
        int end = minuteOfWeek(m.group(4), m.group(5), m.group(6));
        int length = Math.floorMod(end - start, 7 * 24 * 60);
        if (length < 30) {
            return "\"" + window + "\" must last at least 30 minutes, it lasts " + length;
        }
        return null;
    }

    private static int minuteOfWeek(String day, String hour, String minute) {
        return DAYS.indexOf(day) * 24 * 60 + Integer.parseInt(hour) * 60 + Integer.parseInt(minute);
    }
}
